#include "sim/output/output_folder.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "models/formats/output_files.hpp"

namespace fs = std::filesystem;

namespace bordersim {

OutputFolder::OutputFolder(std::string dir, bool force) : dir_(std::move(dir))
{
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
  std::error_code ec;
  if (fs::exists(dir_, ec)) {
    if (!fs::is_directory(dir_, ec)) throw OutputRefused("'" + dir_ + "' exists and is not a folder");
    if (!force) {
      // Results at the top (a run) or one level down (a comparison's scenarios).
      std::vector<fs::path> places{fs::path(dir_)};
      for (const auto& entry : fs::directory_iterator(dir_, ec))
        if (entry.is_directory()) places.push_back(entry.path());
      // A folder holding any documented output file holds results.
      for (const auto& place : places)
        for (const auto& file : kOutputFiles)
          if (fs::exists(place / file.name, ec))
            throw OutputRefused("'" + dir_ + "' already holds results (" + (place / file.name).string() +
                                "); use --force to replace them or --out for another folder");
    }
  }
  const fs::path parent = fs::absolute(dir_).parent_path();
  fs::create_directories(parent, ec);
  staging_ = (parent / ("." + fs::path(dir_).filename().string() + ".partial-" + std::to_string(::getpid()))).string();
  fs::remove_all(staging_, ec);
  if (!fs::create_directories(staging_, ec)) throw std::runtime_error("cannot create " + staging_ + ": " + ec.message());
}

OutputFolder::~OutputFolder()
{
  std::error_code ec;
  if (!committed_) fs::remove_all(staging_, ec);
}

std::string OutputFolder::staged(const std::string& name) const
{
  const fs::path path = fs::path(staging_) / name;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  return path.string();
}

void OutputFolder::write_text(const std::string& name, const std::string& content)
{
  std::ofstream out(staged(name), std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + staged(name));
  written_.push_back(name);
}

void OutputFolder::append_parts(const std::string& target, const std::vector<std::string>& parts)
{
  std::ofstream out(target, std::ios::binary | std::ios::app);
  for (const auto& part : parts) {
    std::ifstream in(part, std::ios::binary);
    if (!in) continue; // a replication with nothing to report leaves no part
    out << in.rdbuf();
    in.close();
    std::error_code ec;
    fs::remove(part, ec);
  }
  if (!out) throw std::runtime_error("cannot write " + target);
}

void OutputFolder::commit()
{
  fs::create_directories(dir_);
  std::error_code ec;
  for (const auto& file : kOutputFiles) fs::remove(fs::path(dir_) / file.name, ec); // stale files must not mix with these
  for (const auto& name : written_) {
    const fs::path relative(name);
    if (relative.has_parent_path()) fs::remove_all(fs::path(dir_) / *relative.begin(), ec); // a subfolder is replaced whole
  }
  for (const auto& name : written_) {
    if (!fs::exists(fs::path(staging_) / name)) continue;
    fs::create_directories((fs::path(dir_) / name).parent_path());
    fs::rename(fs::path(staging_) / name, fs::path(dir_) / name);
  }
  fs::remove_all(staging_, ec);
  committed_ = true;
}

} // namespace bordersim
