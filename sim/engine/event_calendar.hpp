// The model's calendar of pending timers, kept in the worker and handed to SimGrid a window at a time
// (sim/engine/clock.cpp). No SimGrid here: a plain data structure, unit-tested on its own.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace bordersim {

class TimerHandler;

/// One pending timer: who receives it, and the receiver's own encoding of what it is.
struct PendingTimer {
  TimerHandler* sink = nullptr;
  std::uint64_t payload = 0;
};

/// Timers by date, earliest first. Timers due at the same date run in the order they were added, except that
/// observations run after every other timer of their date. A 4-ary heap in one vector: no allocation once the
/// vector has grown to the most timers pending at once.
class EventCalendar {
public:
  enum class Rank : std::uint64_t { Event = 0, Observation = std::uint64_t{1} << 63 };
  void add(double date_s, PendingTimer timer, Rank rank = Rank::Event)
  {
    // + 0.0 turns a -0.0 into 0.0, whose bits order as the number does (dates are never negative).
    const Entry moving{date_s + 0.0, static_cast<std::uint64_t>(rank) | next_order_++, timer};
    heap_.emplace_back(); // the hole moves up; the entry is written once, where it stays (not read back)
    sift_up(heap_.size() - 1, moving);
  }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] double next_date_s() const { return heap_.front().date_s; }
  /// Removes the earliest timer and gives it, with its date.
  std::pair<double, PendingTimer> take_next()
  {
    const Entry next = heap_.front();
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return {next.date_s, next.timer};
  }

private:
  struct Entry {
    double date_s;
    std::uint64_t order; // ties: the rank, then first added, first run
    PendingTimer timer;
  };
  static constexpr std::size_t kArity = 4;
  /// (date, order) compared without branches, which mispredict on random dates: the bits of a non-negative
  /// double order as its value.
  static bool earlier(const Entry& a, const Entry& b)
  {
    const auto date_a = std::bit_cast<std::uint64_t>(a.date_s), date_b = std::bit_cast<std::uint64_t>(b.date_s);
    return (date_a < date_b) | ((date_a == date_b) & (a.order < b.order));
  }
  /// Puts `moving` in the hole at `at` and lets it rise to its place.
  void sift_up(std::size_t at, const Entry& moving)
  {
    while (at > 0) {
      const std::size_t parent = (at - 1) / kArity;
      if (!earlier(moving, heap_[parent])) break;
      heap_[at] = heap_[parent];
      at = parent;
    }
    heap_[at] = moving;
  }
  /// Puts `moving` in the hole at the root: the hole first sinks to a leaf along the earliest children, then
  /// `moving` rises from there (it came from the bottom, so it rarely rises far). One comparison a level fewer
  /// than sinking `moving` itself.
  void sift_down(const Entry& moving)
  {
    const std::size_t size = heap_.size();
    std::size_t at = 0;
    for (;;) {
      const std::size_t first_child = at * kArity + 1;
      if (first_child >= size) break;
      std::size_t best = first_child;
      if (first_child + kArity <= size) {
        for (std::size_t c = first_child + 1; c < first_child + kArity; ++c) best = earlier(heap_[c], heap_[best]) ? c : best;
      } else {
        for (std::size_t c = first_child + 1; c < size; ++c) best = earlier(heap_[c], heap_[best]) ? c : best;
      }
      heap_[at] = heap_[best];
      at = best;
    }
    sift_up(at, moving);
  }

  std::vector<Entry> heap_;
  std::uint64_t next_order_ = 0;
};

} // namespace bordersim
