#include "sim/engine/progress.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "models/formats/units.hpp"

namespace bordersim {

ProgressLine::ProgressLine(int replications, double horizon_s, bool enabled)
    : enabled_(enabled), horizon_s_(horizon_s), reached_s_(static_cast<std::size_t>(replications), 0.0)
{
}

void ProgressLine::simulated_until(int replication, double t_s)
{
  if (replication >= 0 && static_cast<std::size_t>(replication) < reached_s_.size()) reached_s_[static_cast<std::size_t>(replication)] = std::min(t_s, horizon_s_); // the drain runs past it
  draw();
}

void ProgressLine::replication_done(int replication)
{
  ++done_;
  simulated_until(replication, horizon_s_);
}

void ProgressLine::draw()
{
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200) && done_ < static_cast<int>(reached_s_.size())) return;
  last_draw_ = now;
  const double elapsed_s = std::chrono::duration<double>(now - started_).count();
  const double simulated_s = std::accumulate(reached_s_.begin(), reached_s_.end(), 0.0);
  const double total_s = horizon_s_ * static_cast<double>(reached_s_.size());
  const double days_per_s = elapsed_s > 0 ? simulated_s / kSecondsPerDay / elapsed_s : 0;
  const double left_s = simulated_s > 0 ? elapsed_s * (total_s - simulated_s) / simulated_s : 0;
  std::fprintf(stderr, "\r[%d/%zu replications] %.0f simulated days/s, about %.0f s left   ", done_, reached_s_.size(), days_per_s,
               left_s);
  std::fflush(stderr);
}

void ProgressLine::finish()
{
  if (!enabled_) return;
  std::fprintf(stderr, "\r%*s\r", 70, "");
  std::fflush(stderr);
}

} // namespace bordersim
