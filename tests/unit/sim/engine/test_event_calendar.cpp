// The model's calendar: earliest first, ties in the order added, observations after the events of their date.
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "sim/engine/event_calendar.hpp"

using bordersim::EventCalendar;
using bordersim::PendingTimer;

namespace {
std::vector<std::uint64_t> drain_payloads(EventCalendar& calendar)
{
  std::vector<std::uint64_t> payloads;
  while (!calendar.empty()) payloads.push_back(calendar.take_next().second.payload);
  return payloads;
}
} // namespace

TEST_CASE("The calendar gives timers by date, and same-date timers in the order added", "[calendar]")
{
  EventCalendar calendar;
  calendar.add(5, PendingTimer{nullptr, 1});
  calendar.add(2, PendingTimer{nullptr, 2});
  for (std::uint64_t p = 10; p < 20; ++p) calendar.add(3, PendingTimer{nullptr, p});
  calendar.add(1, PendingTimer{nullptr, 3});
  CHECK(calendar.size() == 13);
  CHECK(calendar.next_date_s() == 1);
  CHECK(drain_payloads(calendar) == std::vector<std::uint64_t>{3, 2, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 1});
}

TEST_CASE("An observation runs after every event of its date, even one added after it", "[calendar]")
{
  EventCalendar calendar;
  calendar.add(7, PendingTimer{nullptr, 100}, EventCalendar::Rank::Observation);
  calendar.add(7, PendingTimer{nullptr, 1});
  calendar.add(8, PendingTimer{nullptr, 3});
  calendar.add(6.5, PendingTimer{nullptr, 0});
  CHECK(calendar.take_next().second.payload == 0);
  calendar.add(7, PendingTimer{nullptr, 2}); // added while date 7 is being reached: still before the observation
  CHECK(drain_payloads(calendar) == std::vector<std::uint64_t>{1, 2, 100, 3});
}

TEST_CASE("Interleaved adds and takes match a sorted reference", "[calendar]")
{
  // 200,000 operations with dates on a coarse grid (many ties) against an ordered set of (date, rank, order added).
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> grid(0, 50);
  EventCalendar calendar;
  using Key = std::tuple<double, int, std::uint64_t>; // date, rank, order added (= payload)
  std::set<Key> reference;
  double now_s = 0;
  std::uint64_t added = 0;
  for (int step = 0; step < 200000; ++step) {
    if (reference.empty() || rng() % 5 < 3) {
      const double date_s = now_s + grid(rng) * 0.25;
      const bool observation = rng() % 10 == 0;
      calendar.add(date_s, PendingTimer{nullptr, added},
                   observation ? EventCalendar::Rank::Observation : EventCalendar::Rank::Event);
      reference.emplace(date_s, observation ? 1 : 0, added);
      ++added;
    } else {
      const auto first = reference.begin();
      const auto [date_s, timer] = calendar.take_next();
      REQUIRE(date_s == std::get<0>(*first));
      REQUIRE(timer.payload == std::get<2>(*first));
      now_s = date_s;
      reference.erase(first);
    }
    REQUIRE(calendar.size() == reference.size());
  }
  CHECK(added > 100000);
}
