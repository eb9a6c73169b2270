#include "models/calendar.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "models/formats/units.hpp"

namespace bordersim {
namespace {

std::optional<int> parse_fixed_int(std::string_view text)
{
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::chrono::sys_days day_of(std::chrono::sys_days start, double t_s)
{
  return start + std::chrono::days{static_cast<long>(std::floor(t_s / kSecondsPerDay))};
}

} // namespace

SimCalendar::SimCalendar(std::chrono::year_month_day start_date) : start_(start_date) {}

int SimCalendar::weekday_index(double t_s) const
{
  const std::chrono::weekday wd{day_of(start_, t_s)};
  return static_cast<int>(wd.iso_encoding()) - 1;
}

int SimCalendar::month_index(double t_s) const
{
  const std::chrono::year_month_day ymd{day_of(start_, t_s)};
  return static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
}

MonthDay SimCalendar::month_day(double t_s) const
{
  const std::chrono::year_month_day ymd{day_of(start_, t_s)};
  return {static_cast<int>(static_cast<unsigned>(ymd.month())), static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

double SimCalendar::start_of_day_s(double t_s) const { return std::floor(t_s / kSecondsPerDay) * kSecondsPerDay; }

std::string SimCalendar::date_text() const { return date_after(0); }

std::string SimCalendar::date_after(int days) const
{
  const std::chrono::year_month_day ymd{start_ + std::chrono::days{days}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buffer;
}

double SimCalendar::seconds_until(std::chrono::year_month_day date, double seconds_after_midnight) const
{
  const auto days = (std::chrono::sys_days{date} - start_).count();
  return static_cast<double>(days) * kSecondsPerDay + seconds_after_midnight;
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view text)
{
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = parse_fixed_int(text.substr(0, 4));
  auto m = parse_fixed_int(text.substr(5, 2));
  auto d = parse_fixed_int(text.substr(8, 2));
  if (!y || !m || !d || *m < 1 || *d < 1) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                  std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::optional<MonthDay> parse_month_day(std::string_view text)
{
  if (text.size() != 5 || text[2] != '-') return std::nullopt;
  auto m = parse_fixed_int(text.substr(0, 2));
  auto d = parse_fixed_int(text.substr(3, 2));
  if (!m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*d > kDaysInMonth[*m - 1]) return std::nullopt;
  return MonthDay{*m, *d};
}

} // namespace bordersim
