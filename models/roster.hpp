// A staff roster: how many of a lane group's built lanes are staffed, by weekday and time of day. "Of 12 windows
// only 2-3 work" is a roster of 2-3 lanes on a group of 12, not a group of 3: the built lanes stay what the
// reconstruction bought, the roster what the staff make of them.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/calendar.hpp"
#include "models/schedule.hpp"

namespace bordersim {

/// One recurring shift: on the given weekdays, in the given daily windows, this many lanes are staffed. A window
/// that runs past midnight belongs to the day it opens on (Friday's 22:00-06:00 ends on Saturday morning).
struct RosterShift {
  std::array<bool, 7> days{}; // Monday = 0 ... Sunday = 6
  std::vector<DailyWindow> windows;
  int lanes = 0;
};

/// Parses weekdays as a roster writes them: "Mon-Fri", "Sat,Sun", "Mon-Sun", "Fri-Mon" (runs over the weekend);
/// says why not.
std::optional<std::array<bool, 7>> parse_weekdays(std::string_view text, std::string& problem);

class Roster {
public:
  explicit Roster(std::vector<RosterShift> shifts);
  /// Two shifts that staff the same hour of the same weekday, described ("shifts 0 and 1 both staff Mon 08:00"), or
  /// "" when none do.
  std::string overlap() const;
  /// Lanes staffed at t_s: the covering shift's, 0 where no shift covers (no staff, no lane).
  int lanes_at(const SimCalendar& calendar, double t_s) const;
  /// The first time after t_s at which lanes_at may change.
  double next_change_s(const SimCalendar& calendar, double t_s) const;
  const std::vector<RosterShift>& shifts() const { return shifts_; }

private:
  /// A stretch of the week one shift staffs, [from, to) in seconds since Monday 00:00.
  struct WeekInterval {
    double from_s, to_s;
    std::size_t shift;
  };
  /// Seconds since Monday 00:00 of t_s's week.
  static double week_position_s(const SimCalendar& calendar, double t_s);
  /// The shift staffing that moment of the week, if any.
  const RosterShift* shift_at(double week_s) const;
  std::vector<RosterShift> shifts_;
  std::vector<WeekInterval> intervals_; // every shift's, in shift order; one past Sunday midnight wraps to Monday
  std::vector<double> edges_week_s_;    // every interval edge within a week, sorted, unique, starting with 0
};

} // namespace bordersim
