// A lane group's queue: FIFO within each priority level, out-of-turn first, then fast-track, then the rest.
#pragma once

#include <array>
#include <cstdint>
#include <deque>

namespace bordersim {

enum class PriorityLevel : std::uint8_t { OutOfTurn = 0, FastTrack = 1, Regular = 2 };

class LaneQueue {
public:
  void push(PriorityLevel level, std::uint32_t vehicle)
  {
    levels_[static_cast<std::size_t>(level)].push_back(vehicle);
    ++size_;
  }
  /// The vehicle to serve next; the queue must not be empty.
  std::uint32_t pop()
  {
    for (auto& level : levels_) {
      if (!level.empty()) {
        const std::uint32_t v = level.front();
        level.pop_front();
        --size_;
        return v;
      }
    }
    return 0;
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

private:
  std::array<std::deque<std::uint32_t>, 3> levels_;
  std::size_t size_ = 0;
};

} // namespace bordersim
