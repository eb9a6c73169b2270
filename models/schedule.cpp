#include "models/schedule.hpp"

#include <algorithm>
#include <cmath>

#include "models/formats/units.hpp"

namespace bordersim {

bool ClosedDateRange::contains(MonthDay d) const
{
  const int x = d.ordinal();
  if (first.ordinal() <= last.ordinal()) return first.ordinal() <= x && x <= last.ordinal();
  return x >= first.ordinal() || x <= last.ordinal();
}

OpeningHours::OpeningHours(std::vector<DailyWindow> windows, std::vector<ClosedDateRange> closed)
    : windows_(std::move(windows)), closed_(std::move(closed))
{
  boundaries_s_.push_back(0.0);
  for (const auto& w : windows_) {
    for (double edge : {w.open_s, w.close_s})
      if (edge > 0 && edge < kSecondsPerDay) boundaries_s_.push_back(edge);
  }
  std::sort(boundaries_s_.begin(), boundaries_s_.end());
  boundaries_s_.erase(std::unique(boundaries_s_.begin(), boundaries_s_.end()), boundaries_s_.end());
}

bool OpeningHours::open_at_time_of_day(double s) const
{
  if (windows_.empty()) return true;
  for (const auto& w : windows_) {
    if (w.open_s < w.close_s) {
      if (s >= w.open_s && s < w.close_s) return true;
    } else if (s >= w.open_s || s < w.close_s) {
      return true;
    }
  }
  return false;
}

bool OpeningHours::is_open(const SimCalendar& calendar, double t_s) const
{
  if (always_open()) return true;
  const MonthDay today = calendar.month_day(t_s);
  for (const auto& range : closed_)
    if (range.contains(today)) return false;
  return open_at_time_of_day(t_s - calendar.start_of_day_s(t_s));
}

double OpeningHours::next_change_s(const SimCalendar& calendar, double t_s) const
{
  if (always_open()) return kNever;
  const bool now_open = is_open(calendar, t_s);
  const double day_start = calendar.start_of_day_s(t_s);
  // State is constant between boundaries; two years covers every yearly pattern.
  for (int day = 0; day <= 732; ++day) {
    const double base = day_start + day * kSecondsPerDay;
    for (double edge : boundaries_s_) {
      const double candidate = base + edge;
      if (candidate <= t_s) continue;
      if (is_open(calendar, candidate) != now_open) return candidate;
    }
  }
  return kNever;
}

double OpeningHours::open_fraction(const SimCalendar& calendar, double from_s, double to_s) const
{
  if (always_open() || to_s <= from_s) return 1.0;
  double open_time = 0;
  double t = from_s;
  while (t < to_s) {
    const double next = std::min(next_change_s(calendar, t), to_s);
    if (is_open(calendar, t)) open_time += next - t;
    t = next;
  }
  return open_time / (to_s - from_s);
}

} // namespace bordersim
