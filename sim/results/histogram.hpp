// Log-linear histogram for wait percentiles: constant memory whatever the horizon, mergeable across
// replications. A replication counts a bucket in 32 bits (LogHistogram: half the memory, so that a flow's 26
// histograms miss the cache less at every departure); pooling replications counts in 64 (PooledLogHistogram).
// Each octave [2^e, 2^(e+1)) of seconds is split into 128 equal buckets read straight from the double's exponent
// and mantissa bits (no log per value). A reported quantile is the middle of its
// bucket: within 0.4% of the exact value, or exactly 0 for values below 1 ms. Only the buckets from the lowest
// value seen to the highest are kept (from `first_`): a command holding every replication of a sweep holds
// thousands of histograms, most of whose buckets below the shortest wait would be zeros.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <stdexcept>
#include <utility>
#include <vector>

namespace bordersim {

template <class Count> class BasicLogHistogram {
public:
  /// The most a bucket may count. One replication adds each vehicle at most twice to a histogram (at its crossing,
  /// and after one diversion) and the loader refuses demand above 1e9 vehicles a replication, so 32 bits hold it.
  static constexpr std::uint64_t kMaxBucketCount = std::numeric_limits<Count>::max();
  static constexpr int kSubBucketBits = 7;       // 128 buckets per octave
  static constexpr double kFloor_s = 0.001;      // values below this count as zero
  static constexpr int kLowestExponent = -10;    // 2^-10 s < 1 ms: the first octave kept
  static constexpr double kRelativeError = 1.0 / (2 << kSubBucketBits); // 0.39%

  void add(double value_s)
  {
    ++count_;
    if (!(value_s >= kFloor_s)) {
      ++zeros_;
      return;
    }
    const auto b = bucket_of(value_s);
    cover(b, b + 1, kGrowBy);
    if (++buckets_[b - first_] == 0) [[unlikely]]
      overflowed("passed");
  }
  template <class Other> void merge(const BasicLogHistogram<Other>& other)
  {
    static_assert(sizeof(Count) >= sizeof(Other), "pool into a histogram that counts at least as far");
    count_ += other.count_;
    zeros_ += other.zeros_;
    if (other.buckets_.empty()) return;
    cover(other.first_, other.first_ + other.buckets_.size(), 0);
    for (std::size_t i = 0; i < other.buckets_.size(); ++i) {
      Count& bucket = buckets_[other.first_ + i - first_];
      if (other.buckets_[i] > kMaxBucketCount - bucket) overflowed("would pass");
      bucket += other.buckets_[i];
    }
  }
  std::uint64_t count() const { return count_; }
  /// Quantile by the nearest-rank rule.
  double quantile(double p) const
  {
    if (count_ == 0) return std::nan("");
    auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count_)));
    if (rank < 1) rank = 1;
    if (rank <= zeros_) return 0.0;
    std::uint64_t seen = zeros_;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
      seen += buckets_[i];
      if (seen >= rank) return middle_of(first_ + i);
    }
    return std::nan("");
  }
  /// Non-empty buckets as (index, count), for passing results between processes.
  std::vector<std::pair<std::uint32_t, std::uint64_t>> sparse() const
  {
    std::vector<std::pair<std::uint32_t, std::uint64_t>> out;
    for (std::size_t i = 0; i < buckets_.size(); ++i)
      if (buckets_[i]) out.emplace_back(static_cast<std::uint32_t>(first_ + i), buckets_[i]);
    return out;
  }
  std::uint64_t zeros() const { return zeros_; }
  /// `sparse` as sparse() gives it: each bucket once, each count at most kMaxBucketCount (the reader checks).
  void restore(std::uint64_t zeros, const std::vector<std::pair<std::uint32_t, std::uint64_t>>& sparse)
  {
    zeros_ = zeros;
    count_ = zeros;
    buckets_.clear();
    first_ = 0;
    if (sparse.empty()) return;
    std::size_t lowest = sparse.front().first, highest = sparse.front().first;
    for (const auto& entry : sparse) {
      lowest = std::min<std::size_t>(lowest, entry.first);
      highest = std::max<std::size_t>(highest, entry.first);
    }
    cover(lowest, highest + 1, 0);
    for (const auto& [b, n] : sparse) {
      buckets_[b - first_] += static_cast<Count>(n);
      count_ += n;
    }
  }

private:
  template <class> friend class BasicLogHistogram;
  /// Out of line, so that add() stays small enough to be inlined at every departure.
  [[noreturn, gnu::cold, gnu::noinline]] static void overflowed(const char* how)
  {
    throw std::overflow_error(std::string("a wait histogram's bucket ") + how + " " + std::to_string(kMaxBucketCount) +
                              " values (pool replications into a PooledLogHistogram)");
  }
  static constexpr std::size_t kGrowBy = 256; // buckets added at once as values fall outside: two octaves
  /// Makes buckets [from, to) exist, adding `slack` more on the side that grows.
  void cover(std::size_t from, std::size_t to, std::size_t slack)
  {
    if (buckets_.empty()) {
      first_ = from;
      buckets_.assign(to - from + slack, 0);
      return;
    }
    if (from < first_) {
      const std::size_t new_first = from > slack ? from - slack : 0;
      buckets_.insert(buckets_.begin(), first_ - new_first, 0);
      first_ = new_first;
    }
    if (to > first_ + buckets_.size()) buckets_.resize(to - first_ + slack, 0);
  }
  static std::size_t bucket_of(double value_s)
  {
    const auto bits = std::bit_cast<std::uint64_t>(value_s);
    const auto exponent = static_cast<std::int64_t>((bits >> 52) & 0x7ff) - 1023;
    const auto sub = (bits >> (52 - kSubBucketBits)) & ((1u << kSubBucketBits) - 1);
    return static_cast<std::size_t>(((exponent - kLowestExponent) << kSubBucketBits) + static_cast<std::int64_t>(sub));
  }
  static double middle_of(std::size_t bucket)
  {
    const auto exponent = static_cast<int>(bucket >> kSubBucketBits) + kLowestExponent;
    const double sub = static_cast<double>(bucket & ((1u << kSubBucketBits) - 1));
    return std::ldexp(1.0 + (sub + 0.5) / (1 << kSubBucketBits), exponent);
  }
  std::uint64_t count_ = 0;
  std::uint64_t zeros_ = 0;
  std::size_t first_ = 0; // the bucket buckets_[0] counts
  std::vector<Count> buckets_;
};

using LogHistogram = BasicLogHistogram<std::uint32_t>;
using PooledLogHistogram = BasicLogHistogram<std::uint64_t>;

} // namespace bordersim
