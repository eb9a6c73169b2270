// Rosters: weekdays as written, lanes by the hour of the week, the next change, and overlaps.
#include <catch2/catch.hpp>

#include <chrono>

#include "models/lane_group.hpp"
#include "models/roster.hpp"

using namespace bordersim;

namespace {

constexpr double kHour = 3600, kDay = 24 * kHour;
// 2025-01-06 is a Monday: time zero is Monday 00:00.
const SimCalendar kMonday{std::chrono::year{2025} / 1 / 6};

std::array<bool, 7> days(const char* text)
{
  std::string problem;
  const auto parsed = parse_weekdays(text, problem);
  INFO(problem);
  REQUIRE(parsed);
  return *parsed;
}

} // namespace

TEST_CASE("parse_weekdays: names, ranges, lists, a range over the weekend, and what is refused", "[roster]")
{
  CHECK(days("Mon-Fri") == std::array<bool, 7>{true, true, true, true, true, false, false});
  CHECK(days("Sat,Sun") == std::array<bool, 7>{false, false, false, false, false, true, true});
  CHECK(days("Fri-Mon") == std::array<bool, 7>{true, false, false, false, true, true, true});
  CHECK(days("Wed") == std::array<bool, 7>{false, false, true, false, false, false, false});
  CHECK(days("Mon, Wed-Thu") == std::array<bool, 7>{true, false, true, true, false, false, false});
  std::string problem;
  CHECK_FALSE(parse_weekdays("Monday", problem));
  CHECK(problem.find("'Monday' is not a weekday") != std::string::npos);
  CHECK_FALSE(parse_weekdays("", problem));
  CHECK_FALSE(parse_weekdays("Mon-", problem));
}

TEST_CASE("Roster: lanes by the hour of the week, a night shift into the next day, and Sunday night into Monday", "[roster]")
{
  // Weekdays 08-20 three lanes; Friday and Sunday nights 22-06 one lane.
  const Roster roster({{days("Mon-Fri"), {{8 * kHour, 20 * kHour}}, 3}, {days("Fri,Sun"), {{22 * kHour, 6 * kHour}}, 1}});
  CHECK(roster.overlap().empty());
  CHECK(roster.lanes_at(kMonday, 0) == 1);                   // Monday 00:00: Sunday's night shift
  CHECK(roster.lanes_at(kMonday, 6 * kHour) == 0);           // it ends at 06:00
  CHECK(roster.lanes_at(kMonday, 8 * kHour) == 3);
  CHECK(roster.lanes_at(kMonday, 20 * kHour - 1) == 3);
  CHECK(roster.lanes_at(kMonday, 20 * kHour) == 0);
  CHECK(roster.lanes_at(kMonday, 4 * kDay + 23 * kHour) == 1); // Friday 23:00
  CHECK(roster.lanes_at(kMonday, 5 * kDay + 5 * kHour) == 1);  // Saturday 05:00, Friday's shift
  CHECK(roster.lanes_at(kMonday, 5 * kDay + 12 * kHour) == 0); // Saturday noon: nobody
  CHECK(roster.lanes_at(kMonday, 7 * kDay + 9 * kHour) == 3);  // the next Monday, as the first
  CHECK(roster.next_change_s(kMonday, 0) == 6 * kHour);
  CHECK(roster.next_change_s(kMonday, 7 * kHour) == 8 * kHour);
  CHECK(roster.next_change_s(kMonday, 5 * kDay + 6 * kHour) == 6 * kDay + 22 * kHour); // Saturday 06:00 to Sunday 22:00
  // Over a week: 5 x 12 x 3 + 2 x 8 x 1 = 196 lane-hours.
  LaneGroup group;
  group.lane_count = 4;
  group.roster = roster;
  CHECK(group.mean_lanes(kMonday, 0, 7 * kDay) * 7 * 24 == Approx(196));
  // A roster never staffs more than is built, and the group's hours close it whatever the roster says.
  group.lane_count = 2;
  CHECK(group.lanes_at(kMonday, 9 * kHour) == 2);
  group.hours = OpeningHours({{9 * kHour, 17 * kHour}}, {});
  CHECK(group.lanes_at(kMonday, 8.5 * kHour) == 0);
  CHECK(group.next_lanes_change_s(kMonday, 8.5 * kHour) == 9 * kHour);
}

TEST_CASE("Roster::overlap names the two shifts and the first hour they share", "[roster]")
{
  const Roster roster({{days("Mon-Fri"), {{8 * kHour, 20 * kHour}}, 3}, {days("Fri-Sun"), {{0, 0}}, 1}});
  CHECK(roster.overlap() == "shifts 0 and 1 both staff Fri 08:00: a roster says how many lanes work at each hour, once");
  const Roster night({{days("Sun"), {{22 * kHour, 6 * kHour}}, 1}, {days("Mon"), {{0, 8 * kHour}}, 2}});
  CHECK(night.overlap() == "shifts 0 and 1 both staff Mon 00:00: a roster says how many lanes work at each hour, once");
}
