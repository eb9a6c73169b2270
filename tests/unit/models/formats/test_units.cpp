#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>

#include "models/formats/units.hpp"

using namespace bordersim;

TEST_CASE("Durations need a unit", "[units]")
{
  CHECK(parse_duration_s("90s") == 90.0);
  CHECK(parse_duration_s("4min") == 240.0);
  CHECK(parse_duration_s("1.5h") == 5400.0);
  CHECK(parse_duration_s("2d") == 172800.0);
  CHECK(parse_duration_s("0s") == 0.0);
  CHECK_FALSE(parse_duration_s("90"));
  CHECK_FALSE(parse_duration_s("h"));
  CHECK_FALSE(parse_duration_s("1.5 hours"));
  CHECK_FALSE(parse_duration_s("abc min"));
  CHECK_FALSE(parse_duration_s(""));
}

TEST_CASE("Durations format back to what parses to the same value", "[units]")
{
  for (double s : {90.0, 240.0, 5400.0, 172800.0, 0.5, 100.0 * 3600, 6172.84 * 3600})
    CHECK(parse_duration_s(format_duration(s)).value() == Approx(s).epsilon(1e-12));
  CHECK(format_duration(5400) == "1.5h");
  CHECK(format_duration(172800) == "2d");
}

TEST_CASE("Numbers: scenario values may have spaces around them, CSV cells may not", "[units]")
{
  CHECK(parse_number(" 1.5 ") == 1.5);
  CHECK(parse_number_exact("1.5") == 1.5);
  CHECK_FALSE(parse_number_exact(" 1.5"));
  CHECK(parse_number_exact("+2") == 2.0);
  CHECK(parse_number_exact("1e3") == 1000.0);
  for (const char* not_a_number : {"", "+", "2025-09-15", "truck", "nan", "inf", "1e999"}) {
    INFO(not_a_number);
    CHECK_FALSE(parse_number_exact(not_a_number));
    CHECK_FALSE(parse_number(not_a_number));
  }
}

TEST_CASE("Clock times", "[units]")
{
  CHECK(parse_clock_time_s("08:00") == 8 * 3600.0);
  CHECK(parse_clock_time_s("24:00") == 86400.0);
  CHECK_FALSE(parse_clock_time_s("24:01"));
  CHECK_FALSE(parse_clock_time_s("8:00"));
  CHECK_FALSE(parse_clock_time_s("08:60"));
}

TEST_CASE("Number formatting for the CSV files", "[units]")
{
  CHECK(format_number(3) == "3");
  CHECK(format_number(-2) == "-2");
  CHECK(format_number(2.5) == "2.5");
  CHECK(format_number(2.7234567891, 6) == "2.72346");
  CHECK(format_number(0.000123456789, 3) == "0.000123");
  CHECK(format_number(0) == "0");
  CHECK(format_number(std::nan("")) == "");
  CHECK(format_number(1234567.5, 6) == "1234568");
}

TEST_CASE("seconds_into_day_s is std::fmod by a day, bit for bit, near midnights too", "[units]")
{
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> anywhere(0, 4e9); // past a century of seconds
  std::uniform_int_distribution<long long> day(0, 40000);
  int checked = 0;
  for (int i = 0; i < 200000; ++i) {
    const double t_s = anywhere(rng);
    REQUIRE(seconds_into_day_s(t_s) == std::fmod(t_s, bordersim::kSecondsPerDay));
    // Within a few ulps of a midnight, where the division rounds up to the next day.
    double near_s = static_cast<double>(day(rng)) * bordersim::kSecondsPerDay;
    for (int step = 0; step < 4; ++step) near_s = std::nextafter(near_s, 0.0);
    for (int step = 0; step < 8; ++step, near_s = std::nextafter(near_s, 1e300)) {
      const double expected = std::fmod(near_s, bordersim::kSecondsPerDay);
      REQUIRE(std::bit_cast<std::uint64_t>(seconds_into_day_s(near_s)) == std::bit_cast<std::uint64_t>(expected));
      ++checked;
    }
  }
  CHECK(seconds_into_day_s(0.0) == 0.0);
  CHECK(checked == 1600000);
}
