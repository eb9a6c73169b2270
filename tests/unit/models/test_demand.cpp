#include <catch2/catch.hpp>

#include <cmath>

#include "models/demand.hpp"
#include "models/schedule.hpp"
#include "models/formats/units.hpp"

using namespace bordersim;

TEST_CASE("Weights are normalised to mean 1", "[demand]")
{
  std::vector<double> w{1, 3};
  REQUIRE(normalise_weights(w));
  CHECK(w[0] == 0.5);
  CHECK(w[1] == 1.5);
  std::vector<double> zeros{0, 0};
  CHECK_FALSE(normalise_weights(zeros));
  std::vector<double> negative{1, -1};
  CHECK_FALSE(normalise_weights(negative));
}

TEST_CASE("Non-homogeneous arrivals follow the hourly profile and keep the mean", "[demand]")
{
  const SimCalendar calendar{std::chrono::year{2025} / 1 / 1};
  DemandFlow flow;
  flow.mean_rate_per_s = 240.0 / kSecondsPerDay; // 240 a day
  std::vector<double> hourly(24, 0.0);
  for (int hour = 8; hour < 20; ++hour) hourly[static_cast<std::size_t>(hour)] = hour < 14 ? 1.0 : 3.0;
  REQUIRE(normalise_weights(hourly));
  std::copy(hourly.begin(), hourly.end(), flow.profile.hourly.begin());
  flow.flat = flow.profile.is_flat();
  REQUIRE_FALSE(flow.flat);
  RandomStream stream(derive_stream_seed(1, 0, "demand"));
  const double horizon = 200 * kSecondsPerDay;
  std::vector<double> per_hour(24, 0.0);
  double n = 0;
  for (double t = flow.next_arrival_s(calendar, 0, 1.0, stream, horizon); t < horizon;
       t = flow.next_arrival_s(calendar, t, 1.0, stream, horizon)) {
    per_hour[static_cast<std::size_t>(std::fmod(t, kSecondsPerDay) / kSecondsPerHour)] += 1;
    n += 1;
  }
  // 48,000 expected; Poisson sd 219; 4.5 sd.
  CHECK(std::fabs(n - 48000) <= 4.5 * std::sqrt(48000.0));
  for (int hour = 0; hour < 24; ++hour) {
    if (hour < 8 || hour >= 20) CHECK(per_hour[static_cast<std::size_t>(hour)] == 0);
  }
  // Afternoon hours carry 3x the morning's weight: 36,000 against 12,000.
  double morning = 0, afternoon = 0;
  for (int hour = 8; hour < 14; ++hour) morning += per_hour[static_cast<std::size_t>(hour)];
  for (int hour = 14; hour < 20; ++hour) afternoon += per_hour[static_cast<std::size_t>(hour)];
  CHECK(std::fabs(morning - 12000) <= 4.5 * std::sqrt(12000.0));
  CHECK(std::fabs(afternoon - 36000) <= 4.5 * std::sqrt(36000.0));
}

TEST_CASE("demand_scale multiplies the rate", "[demand]")
{
  const SimCalendar calendar;
  DemandFlow flow;
  flow.mean_rate_per_s = 1.0 / 60;
  RandomStream stream(derive_stream_seed(2, 0, "demand"));
  const double horizon = 1000 * kSecondsPerHour;
  double n = 0;
  for (double t = flow.next_arrival_s(calendar, 0, 1.5, stream, horizon); t < horizon;
       t = flow.next_arrival_s(calendar, t, 1.5, stream, horizon))
    n += 1;
  CHECK(std::fabs(n - 90000) <= 4.5 * std::sqrt(90000.0));
}
