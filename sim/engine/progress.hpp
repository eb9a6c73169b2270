// One progress line on stderr while replications run, only when stderr is a terminal: the scenarios (a
// comparison's) or points (a sweep's) done, the replications done, the simulation's speed and the time left.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace bordersim {

/// "about 3 min 20 s left", "about 1 h 05 min left": the time left to the nearest second, or minute past an hour.
std::string time_left_text(double seconds);

class ProgressLine {
public:
  /// One entry per task (a replication of a scenario): how far its clock runs, and which scenario it is of (0, 1, ...
  /// in order); `group_word` names the scenarios in the line ("points" in a sweep).
  ProgressLine(std::vector<double> horizons_s, std::vector<int> scenario_of_task, std::string group_word, bool enabled);
  bool enabled() const { return enabled_; }
  void simulated_until(int task, double t_s);
  void task_done(int task);
  void finish();
  /// The line as drawn now: "[2/9 points, 7/18 replications] 41 simulated days/s, about 12 s left".
  std::string text() const;

private:
  void draw();
  bool enabled_;
  std::vector<double> horizon_s_;
  std::vector<double> reached_s_;
  std::vector<int> scenario_of_task_;
  std::vector<int> tasks_left_; // per scenario
  std::string group_word_;
  double total_s_ = 0;
  int done_ = 0;
  int scenarios_done_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

} // namespace bordersim
