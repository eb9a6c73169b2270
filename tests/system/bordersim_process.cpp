#include "system/bordersim_process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace bordersim::testing {
namespace {

std::string slurp_fd(int fd)
{
  std::string out;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

} // namespace

ProcessResult run_bordersim(const std::vector<std::string>& args)
{
  char out_template[] = "/tmp/bordersim-out-XXXXXX";
  char err_template[] = "/tmp/bordersim-err-XXXXXX";
  const int out_fd = ::mkstemp(out_template);
  const int err_fd = ::mkstemp(err_template);
  std::vector<std::string> argv_storage{BORDERSIM_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, STDIN_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::lseek(out_fd, 0, SEEK_SET);
  ::lseek(err_fd, 0, SEEK_SET);
  result.out = slurp_fd(out_fd);
  result.err = slurp_fd(err_fd);
  ::close(out_fd);
  ::close(err_fd);
  ::unlink(out_template);
  ::unlink(err_template);
  return result;
}

TempDir::TempDir()
{
  char name[] = "/tmp/bordersim-test-XXXXXX";
  if (!::mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
  path_ = name;
}

TempDir::~TempDir()
{
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const
{
  const std::string path = file(name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::string read_text(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {
std::vector<std::vector<std::string>> parse_csv(const std::string& text)
{
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      ++i;
    } else if (c == '\n') {
      throw std::runtime_error("bare LF in a CSV file: RFC 4180 wants CRLF");
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) throw std::runtime_error("CSV file does not end with CRLF");
  return rows;
}
} // namespace

std::vector<std::string> read_csv_header(const std::string& path)
{
  auto rows = parse_csv(read_text(path));
  return rows.empty() ? std::vector<std::string>{} : rows.front();
}

std::vector<CsvRecord> read_csv(const std::string& path)
{
  auto rows = parse_csv(read_text(path));
  std::vector<CsvRecord> records;
  if (rows.empty()) return records;
  const auto& header = rows.front();
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != header.size()) throw std::runtime_error(path + ": row with the wrong number of fields");
    CsvRecord rec;
    for (std::size_t c = 0; c < header.size(); ++c) rec[header[c]] = rows[r][c];
    records.push_back(std::move(rec));
  }
  return records;
}

double number(const CsvRecord& record, const std::string& column)
{
  auto it = record.find(column);
  if (it == record.end()) throw std::runtime_error("no column " + column);
  if (it->second.empty()) throw std::runtime_error("empty value in column " + column);
  return std::stod(it->second);
}

std::vector<CsvRecord> select(const std::vector<CsvRecord>& records, const std::map<std::string, std::string>& where)
{
  std::vector<CsvRecord> out;
  for (const auto& r : records) {
    bool match = true;
    for (const auto& [k, v] : where) {
      auto it = r.find(k);
      if (it == r.end() || it->second != v) match = false;
    }
    if (match) out.push_back(r);
  }
  return out;
}

std::string source_path(const std::string& relative) { return std::string(BORDERSIM_SOURCE_DIR) + "/" + relative; }

} // namespace bordersim::testing
