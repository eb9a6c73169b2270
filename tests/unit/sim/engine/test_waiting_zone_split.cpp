// The waiting zone's split of a queue: the first vehicles in the order they joined, up to the zone's capacity in
// vehicles or metres, none overtaking into it.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/engine/waiting_zone_split.hpp"

using namespace bordersim;

namespace {

struct Counts {
  int zone;
  double zone_m;
  int road;
  double road_m;
  bool operator==(const Counts&) const = default;
};
Counts counts(const WaitingZoneSplit& s) { return {s.zone_count(), s.zone_m(), s.road_count(), s.road_m()}; }

WaitingZone in_vehicles(int n)
{
  WaitingZone z;
  z.capacity = n;
  return z;
}
WaitingZone in_metres(double m)
{
  WaitingZone z;
  z.capacity_m = m;
  return z;
}

} // namespace

TEST_CASE("A zone of N vehicles holds the first N to join, and the road's first moves up when one leaves", "[waiting_zone]")
{
  WaitingZoneSplit s(in_vehicles(2));
  for (std::uint64_t id = 1; id <= 5; ++id) s.join({static_cast<double>(id), id}, 20);
  CHECK(counts(s) == Counts{2, 40, 3, 60});
  s.leave({1, 1}); // the zone's first starts service: vehicle 3 moves up
  CHECK(counts(s) == Counts{2, 40, 2, 40});
  s.leave({5, 5}); // the road's last gives up
  CHECK(counts(s) == Counts{2, 40, 1, 20});
  s.leave({4, 4}); // the road's first is called straight to a lane (another lane group, or priority)
  CHECK(counts(s) == Counts{2, 40, 0, 0});
  s.leave({2, 2});
  s.leave({3, 3});
  CHECK(counts(s) == Counts{0, 0, 0, 0});
  s.join({9, 9}, 7); // an empty queue: into the zone
  CHECK(counts(s) == Counts{1, 7, 0, 0});
}

TEST_CASE("A zone in metres holds vehicles by their length, and a long one on the road holds back those behind it",
          "[waiting_zone]")
{
  WaitingZoneSplit s(in_metres(30));
  s.join({0, 1}, 7);  // car
  s.join({1, 2}, 20); // truck: 27 m
  s.join({2, 3}, 20); // truck: does not fit (47 m)
  s.join({3, 4}, 0.75); // would fit behind the truck, but does not overtake it
  CHECK(counts(s) == Counts{2, 27, 2, 20.75});
  s.leave({0, 1}); // 20 m in the zone: the truck on the road still does not fit (40 m)
  CHECK(counts(s) == Counts{1, 20, 2, 20.75});
  s.leave({1, 2}); // the zone empties: the truck and the one behind it move in
  CHECK(counts(s) == Counts{2, 20.75, 0, 0});
}

TEST_CASE("A zone with both capacities keeps both, and a zone of 0 leaves the whole queue on the road", "[waiting_zone]")
{
  WaitingZone both;
  both.capacity = 2;
  both.capacity_m = 100;
  WaitingZoneSplit s(both);
  for (std::uint64_t id = 1; id <= 3; ++id) s.join({0, id}, 7);
  CHECK(counts(s) == Counts{2, 14, 1, 7});

  WaitingZoneSplit none(in_vehicles(0));
  none.join({0, 1}, 20);
  none.join({0, 2}, 20);
  CHECK(counts(none) == Counts{0, 0, 2, 40});
  none.leave({0, 1});
  CHECK(counts(none) == Counts{0, 0, 1, 20});
}

TEST_CASE("A vehicle that joins at the same instant as the road's first and sorts ahead of it takes its place",
          "[waiting_zone]")
{
  WaitingZoneSplit s(in_vehicles(1));
  s.join({5, 7}, 20);
  s.join({5, 9}, 20); // on the road
  s.join({5, 8}, 20); // between them: the zone is full, so it goes to the road, ahead of vehicle 9
  CHECK(counts(s) == Counts{1, 20, 2, 40});
  s.leave({5, 7});
  s.leave({5, 9});
  CHECK(counts(s) == Counts{1, 20, 0, 0}); // vehicle 8 moved up, not vehicle 9
  s.join({5, 1}, 7); // sorts ahead of the zone's vehicle 8: it takes the zone, 8 goes back to the road
  CHECK(counts(s) == Counts{1, 7, 1, 20});
}

TEST_CASE("A split moved to another place (a vector that grows) keeps its road", "[waiting_zone]")
{
  std::vector<WaitingZoneSplit> splits;
  splits.emplace_back(in_vehicles(1));
  splits.front().join({0, 1}, 20);
  splits.front().join({1, 2}, 20);
  for (int i = 0; i < 100; ++i) splits.emplace_back(in_vehicles(1)); // reallocates: the first split moves
  WaitingZoneSplit& s = splits.front();
  s.join({2, 3}, 20);
  CHECK(counts(s) == Counts{1, 20, 2, 40});
  s.leave({0, 1});
  CHECK(counts(s) == Counts{1, 20, 1, 20});
  s.leave({2, 3});
  s.leave({1, 2});
  CHECK(counts(s) == Counts{0, 0, 0, 0});
}
