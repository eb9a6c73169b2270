// One progress line on stderr while replications run, only when stderr is a terminal.
#pragma once

#include <chrono>
#include <vector>

namespace bordersim {

class ProgressLine {
public:
  ProgressLine(int replications, double horizon_s, bool enabled);
  bool enabled() const { return enabled_; }
  void simulated_until(int replication, double t_s);
  void replication_done(int replication);
  void finish();

private:
  void draw();
  bool enabled_;
  double horizon_s_;
  std::vector<double> reached_s_;
  int done_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

} // namespace bordersim
