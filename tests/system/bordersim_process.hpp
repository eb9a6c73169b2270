// Runs the built bordersim binary as a user would, and reads its CSV outputs back.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bordersim::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs bordersim with the given arguments (no shell involved). With `limit_s` > 0, a run still going after
/// that many seconds is killed (exit code 137), so that a test of a hang fails instead of hanging.
ProcessResult run_bordersim(const std::vector<std::string>& args, int limit_s = 0);
/// Runs bordersim with its standard output going to `standard_output` (a file such as /dev/full) instead
/// of being read back.
ProcessResult run_bordersim_writing_to(const std::vector<std::string>& args, const std::string& standard_output);
/// Runs the bordersim program at `program` (a copy of the built one, say) instead of the built one.
ProcessResult run_bordersim_at(const std::string& program, const std::vector<std::string>& args);

/// bordersim started and not yet waited for, for tests that act on it while it runs. In its own process
/// group when asked, so that a test can signal the group as a terminal's Ctrl-C does without signalling
/// itself. Killed (with its group) and reaped if the test ends without waiting.
class BordersimProcess {
public:
  explicit BordersimProcess(const std::vector<std::string>& args, bool own_process_group = false,
                            const std::string& standard_output = {}, const std::string& program = BORDERSIM_BINARY);
  ~BordersimProcess();
  BordersimProcess(const BordersimProcess&) = delete;
  BordersimProcess& operator=(const BordersimProcess&) = delete;
  int pid() const { return pid_; }
  /// Waits until it ends (as run_bordersim does), and its output.
  ProcessResult wait(int limit_s = 0);

private:
  int pid_ = -1;
  bool own_process_group_ = false;
  bool finished_ = false;
  int out_fd_ = -1, err_fd_ = -1;
  std::string out_path_, err_path_;
};

/// The processes whose parent is `pid`, read from /proc: a run's worker processes.
std::vector<int> child_processes(int pid);
/// True while `pid` is a process that has not ended (a zombie has ended).
bool process_alive(int pid);

enum class SignalTarget {
  Group,     // bordersim and its workers, as a terminal's Ctrl-C does
  Bordersim, // bordersim alone, as `kill PID` does
  OneWorker, // one worker process, as the OOM killer might
};
struct SignalledRun {
  ProcessResult result;
  std::vector<int> workers; // the worker processes seen running before the signal
};
/// Starts bordersim in its own process group, waits until it runs worker processes, sends `signal` to
/// `target`, and waits for bordersim to end. No signal is sent if no worker appeared (the run then ends on
/// its own, and `workers` is empty).
SignalledRun signal_while_workers_run(const std::vector<std::string>& args, int signal, SignalTarget target);

/// A scenario named "small" that runs in a blink: one booth at crossing x, direction in; 12 h, 2 replications.
extern const std::string kSmallScenario;
/// --set options that make kSmallScenario's replications run for far longer than a test waits (about 15 s
/// each, 2 cores shared), for tests in which something else ends them.
extern const std::vector<std::string> kSmallScenarioRunsLong;

/// While it lives, the processes started see the environment variable `name` set to `value`; when it goes, the
/// variable is as it was (set to its earlier value, or unset).
class EnvironmentSetTo {
public:
  EnvironmentSetTo(std::string name, const std::string& value);
  ~EnvironmentSetTo();
  EnvironmentSetTo(const EnvironmentSetTo&) = delete;
  EnvironmentSetTo& operator=(const EnvironmentSetTo&) = delete;

private:
  std::string name_;
  std::optional<std::string> earlier_;
};

/// While it lives, the bordersim processes started get TMPDIR=`path` (a folder it makes), so that a test sees
/// the scratch folders of baseline, check and capacity; the earlier TMPDIR comes back when it goes.
class TmpdirSetTo {
public:
  explicit TmpdirSetTo(const std::string& path);

private:
  EnvironmentSetTo tmpdir_;
};

/// A fresh empty folder under the system temp dir, removed when the object goes.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::string write(const std::string& name, const std::string& content) const;

private:
  std::string path_;
};

using CsvRecord = std::map<std::string, std::string>;
/// Reads an RFC 4180 file with a header into records keyed by column name.
std::vector<CsvRecord> read_csv(const std::string& path);
std::vector<std::string> read_csv_header(const std::string& path);
double number(const CsvRecord& record, const std::string& column);
std::string read_text(const std::string& path);
/// Every file and folder under `dir` with its content ("(folder)" for a folder): what "left as it was"
/// compares.
std::map<std::string, std::string> snapshot(const std::string& dir);
/// Records whose columns equal the given values.
std::vector<CsvRecord> select(const std::vector<CsvRecord>& records, const std::map<std::string, std::string>& where);

std::string source_path(const std::string& relative);

/// `args` with `more` after them.
std::vector<std::string> plus(std::vector<std::string> args, const std::vector<std::string>& more);
/// The result parts in a work folder: the tasks done.
std::size_t parts_done(const std::string& work);

} // namespace bordersim::testing
