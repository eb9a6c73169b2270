// One progress line on stderr while replications run, only when stderr is a terminal.
#pragma once

#include <chrono>
#include <vector>

namespace bordersim {

class ProgressLine {
public:
  /// One entry per task (a replication of a scenario): how far its clock runs.
  ProgressLine(std::vector<double> horizons_s, bool enabled);
  bool enabled() const { return enabled_; }
  void simulated_until(int task, double t_s);
  void task_done(int task);
  void finish();

private:
  void draw();
  bool enabled_;
  std::vector<double> horizon_s_;
  std::vector<double> reached_s_;
  double total_s_ = 0;
  int done_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

} // namespace bordersim
