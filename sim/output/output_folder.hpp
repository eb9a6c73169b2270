// The self-describing output folder: files are staged on the folder's own file system and moved in only when
// the whole run succeeded, so a failed or refused run never leaves partial or overwritten results.
//
// Rules (docs/outputs/README.md): --out is a new folder, an empty one, or (with --force) a folder bordersim
// wrote, known by its marker file and holding nothing but results; a lock file keeps a second run out while
// one writes; every name given to the folder is one safe path component, so nothing lands outside it.
#pragma once

#include <string>
#include <vector>

#include "sim/output/csv_writer.hpp"

namespace bordersim {

/// The folder cannot be used as asked (holds results without --force, holds other files, busy, cannot be
/// created, a name that is not a folder name): a usage error, reported before any work (exit 2).
struct OutputRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Writes `content` as the whole file at `path`, every step checked (throws, naming the file and the reason).
void write_whole_file(const std::string& path, const std::string& content);

/// Written into every results folder and every comparison subfolder: what --force may replace.
inline constexpr const char* kResultsMarker = ".bordersim-results";

class OutputFolder {
public:
  /// Checks the folder, takes its lock and makes the staging folder; throws OutputRefused.
  OutputFolder(std::string dir, bool force);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  /// Throws OutputRefused unless `name` can name a folder of results (a scenario's, or the default
  /// results/<name>): one path component, not "", "." or "..", no '/', NUL or control character, not hidden,
  /// not an output file's name, at most kMaxNameBytes.
  static void check_name(const std::string& name);
  static constexpr std::size_t kMaxNameBytes = 200;

  const std::string& dir() const { return dir_; }
  const std::string& staging_dir() const { return staging_; }
  /// Path of a file in the staging folder; `name` is relative and may hold subfolders ("current/summary.csv"),
  /// each a safe component (throws OutputRefused otherwise).
  std::string staged(const std::string& name) const;

  template <class Row> void write_csv(const std::string& name, const std::vector<Row>& rows)
  {
    CsvWriter<Row> writer(staged(name), true);
    for (const auto& row : rows) writer.write(row);
    writer.close();
    written_.push_back(name);
  }
  /// A header from Row, then the workers' part files in order. Parts of the folder's own are removed as they are
  /// copied (the disk holds each byte once); a user's work folder keeps its parts, for another merge.
  enum class Parts { remove, keep };
  template <class Row> void concatenate_csv(const std::string& name, const std::vector<std::string>& parts, Parts after)
  {
    CsvWriter<Row> header(staged(name), true);
    header.close();
    append_parts(staged(name), parts, after);
    written_.push_back(name);
  }
  void write_text(const std::string& name, const std::string& content);
  /// For files others wrote into the staging folder; a file that was not written is skipped at commit.
  void mark_written(const std::string& name) { written_.push_back(name); }
  const std::vector<std::string>& written() const { return written_; }
  /// Puts the staged results in place of the folder, earlier results and all, once everything is on disk.
  void commit();

private:
  static void append_parts(const std::string& target, const std::vector<std::string>& parts, Parts after);
  void take_lock();
  void remove_stale();
  void refuse_unless_replaceable(bool force) const;
  void commit_by_swap();
  void commit_in_place();
  void release();                    // what the destructor does, also when the constructor throws
  std::string dir_;                  // as given, for messages
  std::string path_;                 // absolute, normalised; a link to a folder resolved
  std::string name_;                 // its last component
  std::string parent_;               // where the staging folder and the lock go (but see in_place_)
  bool in_place_ = false;            // the folder is a mount point: stage inside it, move entries one by one
  bool existed_ = false;             // the folder existed when the run started
  std::vector<std::string> created_; // parent folders this run made, removed again if it fails
  std::string lock_path_;
  int lock_fd_ = -1;
  std::string staging_;
  std::vector<std::string> written_;
  bool committed_ = false;
};

/// One file replaced whole (a baseline): written beside its target under a hidden temporary name and renamed
/// over it at commit. Refuses (OutputRefused), before any work, a target that exists without --force, a
/// folder, or a place where the temporary file cannot be created.
class FileReplacement {
public:
  FileReplacement(std::string target, bool force);
  ~FileReplacement();
  FileReplacement(const FileReplacement&) = delete;
  FileReplacement& operator=(const FileReplacement&) = delete;

  const std::string& staged() const { return staged_; }
  /// Writes `content` as the whole temporary file, every step checked.
  void write(const std::string& content);
  /// Syncs the finished temporary file and renames it over the target.
  void commit();

private:
  std::string target_;
  std::string staged_;
  bool committed_ = false;
};

/// A scratch folder for the replication files of commands that leave no results folder (baseline, check,
/// capacity): $TMPDIR/bordersim-scratch-PID-XXXXXX (else /tmp), removed when the command ends, however it ends.
/// A process killed with SIGKILL cannot remove its own; the next scratch folder made removes those whose
/// process is gone (only real folders of this user). Throws std::runtime_error when none can be made.
class ScratchFolder {
public:
  ScratchFolder();
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

} // namespace bordersim
