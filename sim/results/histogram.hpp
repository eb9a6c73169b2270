// Log-linear histogram for wait percentiles: constant memory whatever the horizon, mergeable across
// replications. Each octave [2^e, 2^(e+1)) of seconds is split into 128 equal buckets read straight from
// the double's exponent and mantissa bits (no log per value). A reported quantile is the middle of its
// bucket: within 0.4% of the exact value, or exactly 0 for values below 1 ms.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace bordersim {

class LogHistogram {
public:
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
    if (b >= buckets_.size()) buckets_.resize(b + 256, 0);
    ++buckets_[b];
  }
  void merge(const LogHistogram& other)
  {
    count_ += other.count_;
    zeros_ += other.zeros_;
    if (other.buckets_.size() > buckets_.size()) buckets_.resize(other.buckets_.size(), 0);
    for (std::size_t b = 0; b < other.buckets_.size(); ++b) buckets_[b] += other.buckets_[b];
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
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
      seen += buckets_[b];
      if (seen >= rank) return middle_of(b);
    }
    return std::nan("");
  }
  /// Non-empty buckets as (index, count), for passing results between processes.
  std::vector<std::pair<std::uint32_t, std::uint64_t>> sparse() const
  {
    std::vector<std::pair<std::uint32_t, std::uint64_t>> out;
    for (std::size_t b = 0; b < buckets_.size(); ++b)
      if (buckets_[b]) out.emplace_back(static_cast<std::uint32_t>(b), buckets_[b]);
    return out;
  }
  std::uint64_t zeros() const { return zeros_; }
  void restore(std::uint64_t zeros, const std::vector<std::pair<std::uint32_t, std::uint64_t>>& sparse)
  {
    zeros_ = zeros;
    count_ = zeros;
    buckets_.clear();
    for (const auto& [b, n] : sparse) {
      if (b >= buckets_.size()) buckets_.resize(b + 1, 0);
      buckets_[b] += n;
      count_ += n;
    }
  }

private:
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
  std::vector<std::uint64_t> buckets_;
};

} // namespace bordersim
