#include "sim/engine/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <utility>

#include "models/formats/units.hpp"

namespace bordersim {

std::string time_left_text(double seconds)
{
  const long s = std::lround(std::max(0.0, seconds));
  char text[64];
  if (const long minutes = (s + 30) / 60; s >= 3600) std::snprintf(text, sizeof text, "about %ld h %02ld min left", minutes / 60, minutes % 60);
  else if (s >= 60) std::snprintf(text, sizeof text, "about %ld min %02ld s left", s / 60, s % 60);
  else std::snprintf(text, sizeof text, "about %ld s left", s);
  return text;
}

ProgressLine::ProgressLine(std::vector<double> horizons_s, std::vector<int> scenario_of_task, std::string group_word, bool enabled)
    : enabled_(enabled), horizon_s_(std::move(horizons_s)), reached_s_(horizon_s_.size(), 0.0), scenario_of_task_(std::move(scenario_of_task)),
      group_word_(std::move(group_word)), total_s_(std::accumulate(horizon_s_.begin(), horizon_s_.end(), 0.0))
{
  for (const int g : scenario_of_task_) {
    if (g < 0) continue;
    if (static_cast<std::size_t>(g) >= tasks_left_.size()) tasks_left_.resize(static_cast<std::size_t>(g) + 1, 0);
    ++tasks_left_[static_cast<std::size_t>(g)];
  }
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
  if (task < 0 || static_cast<std::size_t>(task) >= reached_s_.size()) return;
  if (static_cast<std::size_t>(task) < scenario_of_task_.size()) {
    const int g = scenario_of_task_[static_cast<std::size_t>(task)];
    if (g >= 0 && --tasks_left_[static_cast<std::size_t>(g)] == 0) ++scenarios_done_;
  }
  simulated_until(task, horizon_s_[static_cast<std::size_t>(task)]);
}

std::string ProgressLine::text() const
{
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const double simulated_s = std::accumulate(reached_s_.begin(), reached_s_.end(), 0.0);
  const double days_per_s = elapsed_s > 0 ? simulated_s / kSecondsPerDay / elapsed_s : 0;
  std::string line = "[";
  if (tasks_left_.size() > 1) line += std::to_string(scenarios_done_) + "/" + std::to_string(tasks_left_.size()) + " " + group_word_ + ", ";
  line += std::to_string(done_) + "/" + std::to_string(reached_s_.size()) + " replications] ";
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.0f simulated days/s, ", days_per_s);
  line += rate;
  line += simulated_s > 0 ? time_left_text(elapsed_s * (total_s_ - simulated_s) / simulated_s) : std::string("time left not known yet");
  return line;
}

void ProgressLine::draw()
{
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200) && done_ < static_cast<int>(reached_s_.size())) return;
  last_draw_ = now;
  std::fprintf(stderr, "\r%s   ", text().c_str());
  std::fflush(stderr);
}

void ProgressLine::finish()
{
  if (!enabled_) return;
  std::fprintf(stderr, "\r%*s\r", 90, "");
  std::fflush(stderr);
}

} // namespace bordersim
