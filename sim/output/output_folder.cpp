#include "sim/output/output_folder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h> // renameat2, RENAME_EXCHANGE
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>

#include "models/formats/output_files.hpp"

namespace fs = std::filesystem;

namespace bordersim {
namespace {

constexpr const char* kMarkerText =
    "This folder holds results written by bordersim; run or compare with --force may replace it.\n";
// When the folder is a mount point it cannot be renamed, nor can anything be renamed into it from its parent:
// its lock, staging folder and the earlier results on their way out then live inside it, under these names.
constexpr const char* kInPlaceLock = ".bordersim.lock";
constexpr const char* kInPlaceStaging = ".bordersim-partial-";
constexpr const char* kInPlaceOld = ".bordersim-old-";
constexpr const char* kLostAndFound = "lost+found"; // what a fresh ext4 file system holds at its root

std::string system_message(int error) { return std::generic_category().message(error); }

[[noreturn]] void refuse(const std::string& message) { throw OutputRefused(message); }

/// A name as it may be printed: control characters as \xNN.
std::string printable(const std::string& name)
{
  std::string out;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

/// Why `name` cannot be one path component that stays where it is put; "" when it can.
std::string unsafe_component(const std::string& name)
{
  if (name.empty()) return "it is empty";
  if (name == "." || name == "..") return "it names a folder relative to another";
  if (name.size() > OutputFolder::kMaxNameBytes)
    return "it is longer than " + std::to_string(OutputFolder::kMaxNameBytes) + " bytes";
  if (name.find('/') != std::string::npos) return "it holds '/'";
  if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return "it holds a control character";
  return "";
}

/// "PREFIX<digits>": a name made by this scheme for some process id.
bool is_numbered(const std::string& name, const std::string& prefix)
{
  return name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
         std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

/// Whether the process `pid` has ended (a PID that another process took since counts as alive: kept, not lost).
bool process_gone(pid_t pid) { return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH; }

bool is_output_file(const std::string& name)
{
  return std::any_of(kOutputFiles.begin(), kOutputFiles.end(), [&](const OutputFile& f) { return name == f.name; });
}

/// Writes `content` as the whole file, every step checked.
void write_file(const std::string& path, const std::string& content)
{
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) throw_file_error("cannot create", path);
  if (std::fwrite(content.data(), 1, content.size(), file) != content.size()) {
    const int error = errno;
    std::fclose(file);
    errno = error;
    throw_file_error("cannot write", path);
  }
  if (std::fclose(file) != 0) throw_file_error("cannot write", path);
}

/// fsync: the file's data, or a folder's entries, are on the disk (or the disk said why not).
void sync_to_disk(const std::string& path, bool is_folder)
{
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (is_folder ? O_DIRECTORY : 0));
  if (fd < 0) throw_file_error("cannot open", path);
  // Some file systems cannot sync a folder (EINVAL); their renames are as durable as they get.
  if (::fsync(fd) != 0 && !(is_folder && errno == EINVAL)) {
    const int error = errno;
    ::close(fd);
    errno = error;
    throw_file_error("cannot write", path);
  }
  if (::close(fd) != 0) throw_file_error("cannot write", path);
}

/// Every file and folder below `root` on the disk, then `root` itself.
void sync_tree(const std::string& root)
{
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const auto status = it->symlink_status();
    if (fs::is_regular_file(status) || fs::is_directory(status)) sync_to_disk(it->path().string(), fs::is_directory(status));
  }
  if (ec) throw std::system_error(ec, "cannot read " + root);
  sync_to_disk(root, true);
}

/// What a folder holds, as far as --force is concerned.
struct Contents {
  bool empty = true;
  bool marked = false;     // holds the marker file
  std::string first;       // the first entry, for messages
  std::string foreign;     // the first entry bordersim does not write ("notes.txt", "current/notes.txt")
  std::string result_file; // the first output file outside a marked subfolder ("summary.csv", "current/summary.csv")
};

/// Output files, the marker, and (at the top) subfolders that are results themselves are bordersim's;
/// anything else, symbolic links included, is foreign. `ignored` entries at the top are not looked at.
Contents inspect(const fs::path& folder, bool top, const std::function<bool(const std::string&)>& ignored)
{
  Contents c;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (ignored(name)) continue;
    if (c.empty) c.first = name;
    c.empty = false;
    const auto status = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_regular_file(status) && name == kResultsMarker) {
      c.marked = true;
    } else if (fs::is_regular_file(status) && is_output_file(name)) {
      if (c.result_file.empty()) c.result_file = name;
    } else if (top && fs::is_directory(status)) {
      const Contents sub = inspect(it->path(), false, [](const std::string&) { return false; });
      if (c.result_file.empty() && !sub.marked && !sub.result_file.empty()) c.result_file = name + "/" + sub.result_file;
      if (c.foreign.empty() && !sub.empty && (!sub.marked || !sub.foreign.empty()))
        c.foreign = name + "/" + (sub.marked ? sub.foreign : "");
    } else if (c.foreign.empty()) {
      c.foreign = name;
    }
  }
  if (ec) refuse("cannot read the folder " + folder.string() + ": " + ec.message());
  return c;
}

/// True when `path` is the root of a mounted file system (the top of --out on another disk).
bool is_mount_point(const std::string& path, const std::string& parent)
{
#ifdef STATX_ATTR_MOUNT_ROOT
  struct statx sx {};
  if (::statx(AT_FDCWD, path.c_str(), 0, STATX_BASIC_STATS, &sx) == 0 && (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) != 0)
    return (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
#endif
  // Older kernels: another device than the parent's (misses a bind mount of the same device).
  struct stat own {};
  struct stat above {};
  return ::stat(path.c_str(), &own) == 0 && ::stat(parent.c_str(), &above) == 0 && own.st_dev != above.st_dev;
}

void remove_quietly(const std::string& path)
{
  std::error_code ec;
  fs::remove_all(path, ec);
}

} // namespace

void write_whole_file(const std::string& path, const std::string& content) { write_file(path, content); }

void OutputFolder::check_name(const std::string& name)
{
  std::string why = unsafe_component(name);
  if (why.empty() && name.front() == '.') why = "a name starting with '.' is hidden";
  if (why.empty() && is_output_file(name)) why = "it is the name of an output file";
  if (!why.empty()) refuse("'" + printable(name) + "' cannot name a results folder: " + why);
}

OutputFolder::OutputFolder(std::string dir, bool force) : dir_(std::move(dir))
{
  try {
    while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
    if (dir_.empty()) refuse("the output folder's name is empty");
    std::error_code ec;
    fs::path path = fs::absolute(dir_, ec).lexically_normal();
    if (ec) refuse("cannot use '" + printable(dir_) + "' as the output folder: " + ec.message());
    if (!path.has_filename()) path = path.parent_path(); // "/a/b/" from "/a/b/."
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
      if (S_ISLNK(st.st_mode)) {
        // A link to a folder: the folder it points to is the output folder.
        struct stat target {};
        if (::stat(path.c_str(), &target) != 0)
          refuse("'" + printable(dir_) + "' is a symbolic link to nothing (" + system_message(errno) + "); give --out a folder");
        if (!S_ISDIR(target.st_mode)) refuse("'" + printable(dir_) + "' exists and is not a folder");
        path = fs::canonical(path, ec);
        if (ec) refuse("cannot follow the symbolic link '" + printable(dir_) + "': " + ec.message());
      } else if (!S_ISDIR(st.st_mode)) {
        refuse("'" + printable(dir_) + "' exists and is not a folder");
      }
      existed_ = true;
    } else if (errno != ENOENT) {
      refuse("cannot use '" + printable(dir_) + "' as the output folder: " + system_message(errno));
    }
    if (!path.has_filename() || path == path.root_path())
      refuse("'" + printable(dir_) + "' is the root folder; give --out a folder of its own");
    path_ = path.string();
    name_ = path.filename().string();
    parent_ = path.parent_path().string();
    if (const std::string why = unsafe_component(name_); !why.empty())
      refuse("'" + printable(dir_) + "' cannot be the output folder: " + why);
    if (existed_) {
      in_place_ = is_mount_point(path_, parent_);
    } else {
      // The missing folders above it, made now and removed again if the run fails.
      std::vector<fs::path> missing;
      for (fs::path p = parent_; ::lstat(p.c_str(), &st) != 0; p = p.parent_path()) {
        if (errno != ENOENT) refuse("cannot use '" + printable(p.string()) + "': " + system_message(errno));
        missing.push_back(p);
      }
      for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        if (::mkdir(it->c_str(), 0777) != 0)
          refuse("cannot create the folder " + printable(it->string()) + ": " + system_message(errno));
        created_.push_back(it->string());
      }
    }

    take_lock();
    remove_stale();
    if (existed_) refuse_unless_replaceable(force);

    staging_ = in_place_ ? path_ + "/" + kInPlaceStaging + std::to_string(::getpid())
                         : parent_ + "/." + name_ + ".partial-" + std::to_string(::getpid());
    if (::mkdir(staging_.c_str(), 0777) != 0)
      refuse("cannot create the folder " + printable(staging_) + ": " + system_message(errno));
  } catch (...) {
    release();
    throw;
  }
}

OutputFolder::~OutputFolder() { release(); }

void OutputFolder::take_lock()
{
  // The lock file is removed by its holder when done; one opened just before that is stale, so after taking
  // the lock the file must still be the one on disk.
  lock_path_ = in_place_ ? path_ + "/" + kInPlaceLock : parent_ + "/." + name_ + ".lock";
  for (;;) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) refuse("cannot create the lock file " + printable(lock_path_) + ": " + system_message(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd);
      if (error == EWOULDBLOCK)
        refuse("another bordersim run is writing '" + printable(dir_) + "' (it holds " + printable(lock_path_) +
               "); wait for it to finish or choose another --out");
      refuse("cannot lock " + printable(lock_path_) + ": " + system_message(error));
    }
    struct stat held {};
    struct stat on_disk {};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &on_disk) == 0 && held.st_dev == on_disk.st_dev &&
        held.st_ino == on_disk.st_ino) {
      lock_fd_ = fd;
      return;
    }
    ::close(fd);
  }
}

void OutputFolder::remove_stale()
{
  // With the lock held, no live run owns a staging folder for this output folder: any there is a killed run's.
  const std::string place = in_place_ ? path_ : parent_;
  const std::string staging_prefix = in_place_ ? kInPlaceStaging : "." + name_ + ".partial-";
  const std::string old_prefix = in_place_ ? kInPlaceOld : "." + name_ + ".old-";
  std::error_code ec;
  std::vector<std::string> stale_staging, stale_old;
  for (fs::directory_iterator it(place, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (is_numbered(name, staging_prefix)) stale_staging.push_back(it->path().string());
    if (is_numbered(name, old_prefix)) stale_old.push_back(it->path().string());
  }
  for (const auto& p : stale_staging) remove_quietly(p);
  for (const auto& p : stale_old) {
    // A run killed between moving the earlier results aside and moving its own in: put them back.
    struct stat st {};
    if (!in_place_ && ::lstat(path_.c_str(), &st) != 0 && errno == ENOENT && ::rename(p.c_str(), path_.c_str()) == 0) {
      existed_ = true;
      continue;
    }
    remove_quietly(p);
  }
}

void OutputFolder::refuse_unless_replaceable(bool force) const
{
  const auto ignored = [this](const std::string& name) {
    return in_place_ && (name == kInPlaceLock || name == kLostAndFound || is_numbered(name, kInPlaceStaging) ||
                         is_numbered(name, kInPlaceOld));
  };
  const Contents c = inspect(path_, true, ignored);
  if (c.empty) return;
  const std::string folder = "'" + printable(dir_) + "'";
  if (!c.marked && !c.result_file.empty())
    refuse(folder + " holds results without bordersim's marker file " + kResultsMarker + " (" + printable(c.result_file) +
           "; written by an earlier version?), so they are not replaced: remove them yourself or choose another --out");
  if (!c.marked)
    refuse(folder + " is not empty and bordersim did not write it (it holds '" +
           printable(c.foreign.empty() ? c.first : c.foreign) + "'); give --out a new or empty folder");
  if (!c.foreign.empty())
    refuse(
        folder + " holds '" + printable(c.foreign) +
        "', which bordersim did not write; --force replaces only bordersim's own results: move it away or choose another --out");
  if (!force) refuse(folder + " already holds results; use --force to replace them or --out for another folder");
}

void OutputFolder::release()
{
  if (!committed_ && !staging_.empty()) remove_quietly(staging_);
  if (lock_fd_ >= 0) {
    ::unlink(lock_path_.c_str()); // while still holding it: see take_lock
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
  if (!committed_)
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) ::rmdir(it->c_str()); // only if still empty
  created_.clear();
}

std::string OutputFolder::staged(const std::string& name) const
{
  std::string relative = name;
  if (!relative.empty() && relative.back() == '/') relative.pop_back(); // "current/": the subfolder itself
  if (relative.empty()) return staging_;
  for (std::size_t begin = 0;;) {
    const std::size_t end = relative.find('/', begin);
    const std::string component = relative.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    if (const std::string why = unsafe_component(component); !why.empty())
      refuse("'" + printable(name) + "' cannot name a file in the output folder: '" + printable(component) + "': " + why);
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  const fs::path path = fs::path(staging_) / relative;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) throw std::system_error(ec, "cannot create the folder " + path.parent_path().string());
  return path.string();
}

void OutputFolder::write_text(const std::string& name, const std::string& content)
{
  write_file(staged(name), content);
  written_.push_back(name);
}

void OutputFolder::append_parts(const std::string& target, const std::vector<std::string>& parts, Parts after)
{
  const auto close = [](std::FILE* f) { std::fclose(f); };
  std::unique_ptr<std::FILE, decltype(close)> out(std::fopen(target.c_str(), "ab"), close);
  if (!out) throw_file_error("cannot write", target);
  std::vector<char> buffer(1 << 16);
  for (const auto& part : parts) {
    std::unique_ptr<std::FILE, decltype(close)> in(std::fopen(part.c_str(), "rb"), close);
    if (!in) {
      if (errno == ENOENT) continue; // a replication with nothing to report leaves no part
      throw_file_error("cannot read", part);
    }
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), in.get())) > 0)
      if (std::fwrite(buffer.data(), 1, n, out.get()) != n) throw_file_error("cannot write", target);
    if (std::ferror(in.get())) throw_file_error("cannot read", part);
    in.reset();
    std::error_code ec;
    if (after == Parts::remove) fs::remove(part, ec);
  }
  if (std::fclose(out.release()) != 0) throw_file_error("cannot write", target);
}

void OutputFolder::commit()
{
  if (committed_) throw std::logic_error("OutputFolder::commit called twice");
  // Only what was written goes in (work files and part files stay out), with a marker in every results folder.
  const std::set<std::string> keep(written_.begin(), written_.end());
  std::set<std::string> subfolders;
  for (const auto& name : written_)
    if (const auto slash = name.find('/'); slash != std::string::npos) subfolders.insert(name.substr(0, slash));
  std::error_code ec;
  std::vector<fs::path> unwanted;
  for (fs::recursive_directory_iterator it(staging_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string relative = fs::path(it->path()).lexically_relative(staging_).string();
    const bool is_folder = fs::is_directory(it->symlink_status(ec));
    if (is_folder ? subfolders.count(relative) == 0 : keep.count(relative) == 0) {
      unwanted.push_back(it->path());
      if (is_folder) it.disable_recursion_pending();
    }
  }
  if (ec) throw std::system_error(ec, "cannot read " + staging_);
  for (const auto& p : unwanted) {
    fs::remove_all(p, ec);
    if (ec) throw std::system_error(ec, "cannot remove " + p.string());
  }
  for (const auto& sub : subfolders)
    if (fs::is_directory(fs::path(staging_) / sub)) write_file(staged(sub + "/" + kResultsMarker), kMarkerText);
  write_file(staged(kResultsMarker), kMarkerText);
  sync_tree(staging_);

  if (in_place_) commit_in_place();
  else commit_by_swap();
}

void OutputFolder::commit_by_swap()
{
  std::string old; // where the earlier results are once out of the way
  if (!existed_) {
    // No-replace: a folder that appeared during the run is not silently taken over.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE) != 0 &&
        (errno != EINVAL || ::rename(staging_.c_str(), path_.c_str()) != 0))
      throw_file_error("cannot move the results into", path_);
  } else {
    refuse_unless_replaceable(true); // nothing of the user's may have arrived since the start
    // One atomic exchange where the file system can; else two renames, put back if the second fails.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, path_.c_str(), RENAME_EXCHANGE) == 0) {
      old = staging_;
    } else if (errno == EINVAL || errno == ENOSYS) {
      old = parent_ + "/." + name_ + ".old-" + std::to_string(::getpid());
      if (::rename(path_.c_str(), old.c_str()) != 0) throw_file_error("cannot move the earlier results aside from", path_);
      if (::rename(staging_.c_str(), path_.c_str()) != 0) {
        const int error = errno;
        ::rename(old.c_str(), path_.c_str());
        errno = error;
        throw_file_error("cannot move the results into", path_);
      }
    } else {
      throw_file_error("cannot move the results into", path_);
    }
  }
  committed_ = true;
  created_.clear();
  sync_to_disk(parent_, true);
  if (!old.empty()) remove_quietly(old);
}

void OutputFolder::commit_in_place()
{
  refuse_unless_replaceable(true);
  // Entry by entry: the earlier results (all but the marker) into a hidden folder, then the new ones in.
  const std::string old = path_ + "/" + kInPlaceOld + std::to_string(::getpid());
  if (::mkdir(old.c_str(), 0777) != 0) throw_file_error("cannot create the folder", old);
  const auto entries_of = [](const std::string& folder, const std::function<bool(const std::string&)>& wanted) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
      if (const std::string name = it->path().filename().string(); wanted(name)) names.push_back(name);
    if (ec) throw std::system_error(ec, "cannot read " + folder);
    return names;
  };
  const auto move_all = [](const std::vector<std::string>& names, const std::string& from, const std::string& to) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (::rename((from + "/" + names[i]).c_str(), (to + "/" + names[i]).c_str()) != 0) {
        const int error = errno;
        for (std::size_t j = 0; j < i; ++j) ::rename((to + "/" + names[j]).c_str(), (from + "/" + names[j]).c_str());
        errno = error;
        throw_file_error("cannot move " + names[i] + " into", to);
      }
    }
  };
  const auto earlier = entries_of(path_, [&](const std::string& name) {
    return name != kResultsMarker && name != kInPlaceLock && name != kLostAndFound && !is_numbered(name, kInPlaceStaging) &&
           !is_numbered(name, kInPlaceOld);
  });
  const auto fresh = entries_of(staging_, [](const std::string& name) { return name != kResultsMarker; });
  move_all(earlier, path_, old);
  try {
    move_all(fresh, staging_, path_);
  } catch (...) {
    move_all(earlier, old, path_);
    ::rmdir(old.c_str());
    throw;
  }
  struct stat st {};
  if (::lstat((path_ + "/" + kResultsMarker).c_str(), &st) != 0 &&
      ::rename((staging_ + "/" + kResultsMarker).c_str(), (path_ + "/" + kResultsMarker).c_str()) != 0)
    throw_file_error("cannot move the marker into", path_);
  committed_ = true;
  sync_to_disk(path_, true);
  remove_quietly(old);
  remove_quietly(staging_);
}

FileReplacement::FileReplacement(std::string target, bool force) : target_(std::move(target))
{
  const fs::path path(target_);
  if (target_.empty() || !path.has_filename()) refuse("'" + printable(target_) + "' is not a file name");
  struct stat st {};
  if (::stat(target_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) refuse("'" + printable(target_) + "' is a folder");
    if (!force) refuse("'" + printable(target_) + "' exists; use --force to replace it");
  } else if (errno != ENOENT) {
    refuse("cannot use '" + printable(target_) + "': " + system_message(errno));
  }
  const std::string name = path.filename().string();
  if (const std::string why = unsafe_component(name); !why.empty())
    refuse("'" + printable(target_) + "' cannot be written: " + why);
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  // Temporary files of killed runs: their process is gone.
  const std::string prefix = "." + name + ".partial-";
  std::error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string entry = it->path().filename().string();
    if (!is_numbered(entry, prefix) || entry.size() - prefix.size() > 9) continue;
    if (process_gone(static_cast<pid_t>(std::stol(entry.substr(prefix.size()))))) stale.push_back(it->path());
  }
  for (const auto& p : stale) fs::remove(p, ec);
  // Made now, so that a place where it cannot be written is refused before any work.
  staged_ = (folder / (prefix + std::to_string(::getpid()))).string();
  const int fd = ::open(staged_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) refuse("cannot create a file in " + printable(folder.string()) + ": " + system_message(errno));
  ::close(fd);
}

FileReplacement::~FileReplacement()
{
  if (!committed_) ::unlink(staged_.c_str());
}

void FileReplacement::write(const std::string& content) { write_file(staged_, content); }

void FileReplacement::commit()
{
  sync_to_disk(staged_, false);
  if (::rename(staged_.c_str(), target_.c_str()) != 0) throw_file_error("cannot replace", target_);
  committed_ = true;
  const fs::path folder = fs::path(target_).parent_path();
  sync_to_disk(folder.empty() ? "." : folder.string(), true);
}

namespace {
constexpr const char* kScratchPrefix = "bordersim-scratch-";
} // namespace

ScratchFolder::ScratchFolder()
{
  const fs::path temp = fs::temp_directory_path();
  const std::string prefix = kScratchPrefix;
  std::error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(temp, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const auto dash = name.find('-', prefix.size());
    if (name.compare(0, prefix.size(), prefix) != 0 || dash == std::string::npos || dash - prefix.size() > 9 ||
        !is_numbered(name.substr(0, dash), prefix))
      continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if (process_gone(static_cast<pid_t>(std::stol(name.substr(prefix.size(), dash - prefix.size()))))) stale.push_back(it->path());
  }
  for (const auto& p : stale) fs::remove_all(p, ec);
  std::string name = (temp / (prefix + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (!::mkdtemp(name.data()))
    throw std::runtime_error("cannot create a temporary folder in " + printable(temp.string()) + ": " + system_message(errno));
  path_ = name;
}

ScratchFolder::~ScratchFolder() { remove_quietly(path_); }

} // namespace bordersim
