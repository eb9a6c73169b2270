#include <catch2/catch.hpp>

#include "models/schedule.hpp"
#include "models/formats/units.hpp"

using namespace bordersim;

namespace {
const SimCalendar kJan1{std::chrono::year{2025} / 1 / 1}; // a Wednesday
constexpr double h = kSecondsPerHour;
constexpr double d = kSecondsPerDay;
} // namespace

TEST_CASE("Calendar facts from the start date", "[calendar]")
{
  CHECK(kJan1.weekday_index(0) == 2); // Wednesday
  CHECK(kJan1.weekday_index(5 * d) == 0); // Monday 6 January
  CHECK(kJan1.month_index(31 * d) == 1);  // 1 February
  CHECK(kJan1.month_day(58 * d).month == 2);
  CHECK(kJan1.month_day(59 * d).month == 3); // 2025 is not a leap year
  CHECK(parse_date("2024-02-29"));
  CHECK_FALSE(parse_date("2025-02-29"));
  CHECK_FALSE(parse_month_day("13-01"));
}

TEST_CASE("Daily windows, including one past midnight", "[schedule]")
{
  const OpeningHours day({{8 * h, 20 * h}}, {});
  CHECK_FALSE(day.is_open(kJan1, 7.99 * h));
  CHECK(day.is_open(kJan1, 8 * h));
  CHECK_FALSE(day.is_open(kJan1, 20 * h));
  CHECK(day.next_change_s(kJan1, 0) == 8 * h);
  CHECK(day.next_change_s(kJan1, 9 * h) == 20 * h);
  CHECK(day.next_change_s(kJan1, 21 * h) == d + 8 * h);
  CHECK(day.open_fraction(kJan1, 0, 10 * d) == Approx(0.5));

  const OpeningHours night({{20 * h, 6 * h}}, {});
  CHECK(night.is_open(kJan1, 23 * h));
  CHECK(night.is_open(kJan1, d + 5 * h));
  CHECK_FALSE(night.is_open(kJan1, d + 6 * h));
  CHECK(night.next_change_s(kJan1, 21 * h) == d + 6 * h);
}

TEST_CASE("Closed date ranges, including one over New Year", "[schedule]")
{
  const OpeningHours seasonal({{6 * h, 21 * h}}, {{{11, 1}, {4, 30}}}); // Kegen-like: May to October, daylight
  CHECK_FALSE(seasonal.is_open(kJan1, 12 * h));                         // 1 January
  const double may1 = 120 * d;                                          // 1 May 2025
  CHECK(kJan1.month_day(may1).month == 5);
  CHECK(seasonal.is_open(kJan1, may1 + 12 * h));
  CHECK(seasonal.next_change_s(kJan1, 0) == may1 + 6 * h);
  const OpeningHours always;
  CHECK(always.always_open());
  CHECK(always.next_change_s(kJan1, 0) == kNever);
}
