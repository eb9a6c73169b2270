// Opening hours of lanes: daily time windows and closed date ranges (seasonal crossings).
#pragma once

#include <limits>
#include <vector>

#include "models/calendar.hpp"

namespace bordersim {

struct DailyWindow {
  double open_s;  // seconds after midnight
  double close_s; // may be <= open_s: the window runs past midnight
};

struct ClosedDateRange {
  MonthDay first; // inclusive; a range may run over New Year ("11-01..03-31")
  MonthDay last;  // inclusive
  bool contains(MonthDay d) const;
};

class OpeningHours {
public:
  OpeningHours() = default; // always open
  OpeningHours(std::vector<DailyWindow> windows, std::vector<ClosedDateRange> closed);

  bool always_open() const { return windows_.empty() && closed_.empty(); }
  bool is_open(const SimCalendar& calendar, double t_s) const;
  /// The first time after t_s at which is_open changes; infinity if it never does.
  double next_change_s(const SimCalendar& calendar, double t_s) const;
  /// Open share of the time in [from_s, to_s), for analytic capacity and stability checks.
  double open_fraction(const SimCalendar& calendar, double from_s, double to_s) const;

private:
  bool open_at_time_of_day(double seconds_after_midnight) const;
  std::vector<DailyWindow> windows_;
  std::vector<ClosedDateRange> closed_;
  std::vector<double> boundaries_s_; // every window edge within a day, sorted, plus 0
};

inline constexpr double kNever = std::numeric_limits<double>::infinity();

} // namespace bordersim
