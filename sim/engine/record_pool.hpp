// The records of the vehicles (or people) inside, reused as they leave: no allocation once the pool has grown to the
// most inside at once.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace bordersim {

template <class Record> class RecordPool {
public:
  /// Five million inside at once (100,000 km of trucks) is no queue a planner can mean; about 0.5 GiB of records.
  /// A worker stops there rather than exhaust the machine's memory.
  static constexpr std::size_t kMaxInside = 5'000'000;

  /// `what` names those inside in the message that stops the worker ("vehicles inside the crossings").
  explicit RecordPool(const char* what) : what_(what) {}

  /// A free record (its old contents left as they were); `now_s` dates the message if the pool is full.
  std::uint32_t acquire(double now_s)
  {
    if (!free_.empty()) {
      const std::uint32_t index = free_.back();
      free_.pop_back();
      return index;
    }
    if (records_.size() >= kMaxInside) {
      // Past this the machine runs out of memory: stop this worker with a message instead (the run fails, exit 1).
      std::fprintf(stderr, "bordersim: more than %zu %s at once (at %.1f h): the scenario is overloaded far beyond what a "
                           "queue can mean; check its rates, lanes and hours\n",
                   kMaxInside, what_, now_s / 3600);
      std::fflush(stderr);
      std::_Exit(1);
    }
    records_.emplace_back();
    return static_cast<std::uint32_t>(records_.size() - 1);
  }
  void release(std::uint32_t index) { free_.push_back(index); }
  Record& operator[](std::uint32_t index) { return records_[index]; }
  const Record& operator[](std::uint32_t index) const { return records_[index]; }

private:
  const char* what_;
  std::vector<Record> records_;
  std::vector<std::uint32_t> free_;
};

} // namespace bordersim
