// Maps simulated seconds to calendar facts (weekday, month, time of day) from the scenario's start date.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bordersim {

struct MonthDay {
  int month; // 1..12
  int day;   // 1..31
  int ordinal() const { return month * 100 + day; }
};

class SimCalendar {
public:
  SimCalendar() = default;
  explicit SimCalendar(std::chrono::year_month_day start_date);

  /// Monday = 0 ... Sunday = 6.
  int weekday_index(double t_s) const;
  /// January = 0 ... December = 11.
  int month_index(double t_s) const;
  MonthDay month_day(double t_s) const;
  double start_of_day_s(double t_s) const;
  std::string date_text() const;
  /// "YYYY-MM-DD" of the day `days` after the start.
  std::string date_after(int days) const;
  /// Seconds from time zero to the given date and time of day (negative before the start).
  double seconds_until(std::chrono::year_month_day date, double seconds_after_midnight) const;

private:
  std::chrono::sys_days start_{std::chrono::year{2025} / 1 / 1};
};

/// Parses "YYYY-MM-DD".
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);
/// Parses "MM-DD".
std::optional<MonthDay> parse_month_day(std::string_view text);

} // namespace bordersim
