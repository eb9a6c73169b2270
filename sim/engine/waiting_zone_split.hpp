// Which of a stage's waiting vehicles stand in its waiting zone and which on the road behind it (models/waiting_zone.hpp).
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <tuple>

#include "models/waiting_zone.hpp"

namespace bordersim {

/// The waiting vehicles in the order they joined the queue; the zone holds a front part of them. Joining and
/// leaving (service started, gave up) cost O(log n).
class WaitingZoneSplit {
public:
  /// A waiting vehicle: when it joined, and its id to order those that joined at the same instant.
  struct Key {
    double joined_s;
    std::uint64_t id;
    bool operator<(const Key& other) const { return std::tie(joined_s, id) < std::tie(other.joined_s, other.id); }
  };

  explicit WaitingZoneSplit(const WaitingZone& zone) : zone_(zone) {}
  // A copy's road_front_ would point into the other's map; a move keeps it valid (std::map moves its nodes).
  WaitingZoneSplit(const WaitingZoneSplit&) = delete;
  WaitingZoneSplit& operator=(const WaitingZoneSplit&) = delete;
  WaitingZoneSplit(WaitingZoneSplit&&) = default;
  WaitingZoneSplit& operator=(WaitingZoneSplit&&) = default;

  void join(Key key, double length_m)
  {
    waiting_.emplace(key, length_m);
    if (road_count_ > 0 && road_front_->first < key) {
      add_road(length_m);
      return;
    }
    // Nobody on the road (or it joined at the same instant as the road's first and sorts ahead of it): into the
    // zone, whose last vehicles then go back to the road until it holds them (the new one first, when it is last).
    add_zone(length_m);
    while (!zone_.holds(zone_count_, zone_m_)) {
      road_front_ = std::prev(road_count_ > 0 ? road_front_ : waiting_.end());
      add_zone(-road_front_->second, -1);
      add_road(road_front_->second);
    }
  }

  /// A waiting vehicle left the queue: the road's first vehicles move up into the room it leaves.
  void leave(Key key)
  {
    const auto it = waiting_.find(key);
    if (it == waiting_.end()) return;
    if (road_count_ > 0 && !(it->first < road_front_->first)) {
      if (it == road_front_) road_front_ = std::next(it);
      add_road(-it->second, -1);
    } else {
      add_zone(-it->second, -1);
    }
    waiting_.erase(it);
    while (road_count_ > 0 && zone_.holds(zone_count_ + 1, zone_m_ + road_front_->second)) {
      add_zone(road_front_->second);
      const double length_m = road_front_->second;
      ++road_front_;
      add_road(-length_m, -1);
    }
  }

  int zone_count() const { return zone_count_; }
  double zone_m() const { return zone_m_; }
  int road_count() const { return road_count_; }
  double road_m() const { return road_m_; }

private:
  // An empty part's metres are set to 0, so that rounding cannot drift.
  void add_zone(double length_m, int count = 1)
  {
    zone_count_ += count;
    zone_m_ = zone_count_ == 0 ? 0 : zone_m_ + length_m;
  }
  void add_road(double length_m, int count = 1)
  {
    road_count_ += count;
    road_m_ = road_count_ == 0 ? 0 : road_m_ + length_m;
  }

  WaitingZone zone_;
  std::map<Key, double> waiting_; // length_m by join order
  std::map<Key, double>::iterator road_front_; // the first vehicle on the road, while road_count_ > 0
  int zone_count_ = 0;
  double zone_m_ = 0;
  int road_count_ = 0;
  double road_m_ = 0;
};

} // namespace bordersim
