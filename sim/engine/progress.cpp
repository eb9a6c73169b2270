#include "sim/engine/progress.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <numeric>

#include "models/formats/units.hpp"

namespace bordersim {

ProgressLine::ProgressLine(std::vector<double> horizons_s, bool enabled)
    : enabled_(enabled), horizon_s_(std::move(horizons_s)), reached_s_(horizon_s_.size(), 0.0),
      total_s_(std::accumulate(horizon_s_.begin(), horizon_s_.end(), 0.0))
{
}

void ProgressLine::simulated_until(int task, double t_s)
{
  if (task >= 0 && static_cast<std::size_t>(task) < reached_s_.size())
    reached_s_[static_cast<std::size_t>(task)] = std::min(t_s, horizon_s_[static_cast<std::size_t>(task)]); // the drain runs past it
  draw();
}

void ProgressLine::task_done(int task)
{
  ++done_;
  if (task >= 0 && static_cast<std::size_t>(task) < reached_s_.size()) simulated_until(task, horizon_s_[static_cast<std::size_t>(task)]);
}

void ProgressLine::draw()
{
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200) && done_ < static_cast<int>(reached_s_.size())) return;
  last_draw_ = now;
  const double elapsed_s = std::chrono::duration<double>(now - started_).count();
  const double simulated_s = std::accumulate(reached_s_.begin(), reached_s_.end(), 0.0);
  const double total_s = total_s_;
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
