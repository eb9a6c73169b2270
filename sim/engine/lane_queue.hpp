// A lane group's queue: FIFO within each priority level, out-of-turn first, then fast-track, then the rest. A waiting
// vehicle can leave it in constant time (an impatient driver): its place is blanked and skipped when reached.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <limits>

namespace bordersim {

enum class PriorityLevel : std::uint8_t { OutOfTurn = 0, FastTrack = 1, Regular = 2 };

/// Where a vehicle stands in a LaneQueue: its level and its place counted from the level's first push.
struct QueueTicket {
  PriorityLevel level = PriorityLevel::Regular;
  std::uint64_t place = 0;
};

class LaneQueue {
public:
  QueueTicket push(PriorityLevel level, std::uint32_t vehicle)
  {
    const auto l = static_cast<std::size_t>(level);
    const QueueTicket ticket{level, first_place_[l] + levels_[l].size()};
    levels_[l].push_back(vehicle);
    ++size_;
    return ticket;
  }
  /// The vehicle to serve next; the queue must not be empty.
  std::uint32_t pop()
  {
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      auto& level = levels_[l];
      skip_left(l);
      if (!level.empty()) {
        const std::uint32_t v = level.front();
        level.pop_front();
        ++first_place_[l];
        --size_;
        return v;
      }
    }
    return 0;
  }
  /// Takes out the vehicle that `ticket` (from its push) names; it must still be waiting in this queue.
  void remove(QueueTicket ticket)
  {
    const auto l = static_cast<std::size_t>(ticket.level);
    levels_[l][static_cast<std::size_t>(ticket.place - first_place_[l])] = kLeft;
    --size_;
    skip_left(l);
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

private:
  static constexpr std::uint32_t kLeft = std::numeric_limits<std::uint32_t>::max(); // a place whose vehicle left
  void skip_left(std::size_t l)
  {
    auto& level = levels_[l];
    while (!level.empty() && level.front() == kLeft) {
      level.pop_front();
      ++first_place_[l];
    }
  }

  std::array<std::deque<std::uint32_t>, 3> levels_;
  std::array<std::uint64_t, 3> first_place_{}; // place of each level's front
  std::size_t size_ = 0;
};

} // namespace bordersim
