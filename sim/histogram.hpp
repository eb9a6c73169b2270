// Log-bucketed histogram for wait percentiles: constant memory whatever the horizon, mergeable across
// replications. Each reported quantile is within 0.5% (relative) of the exact value, or exactly 0
// for values below 1 ms.
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace bordersim {

class LogHistogram {
public:
  static constexpr double kGrowth = 1.01;   // bucket upper/lower edge ratio
  static constexpr double kFloor_s = 0.001; // values below this count as zero
  static inline const double kInverseLogGrowth = 1.0 / std::log(kGrowth);

  void add(double value_s)
  {
    ++count_;
    if (value_s < kFloor_s) {
      ++zeros_;
      return;
    }
    const auto b = static_cast<std::size_t>(bucket_of(value_s));
    if (b >= buckets_.size()) buckets_.resize(b + 64, 0);
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
  /// Quantile by the "nearest rank" rule; the bucket's geometric middle is returned.
  double quantile(double p) const
  {
    if (count_ == 0) return std::nan("");
    auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count_)));
    if (rank < 1) rank = 1;
    if (rank <= zeros_) return 0.0;
    std::uint64_t seen = zeros_;
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
      seen += buckets_[b];
      if (seen >= rank) return kFloor_s * std::pow(kGrowth, static_cast<double>(b) + 0.5);
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
  static long bucket_of(double value_s) { return static_cast<long>(std::floor(std::log(value_s / kFloor_s) * kInverseLogGrowth)); }
  std::uint64_t count_ = 0;
  std::uint64_t zeros_ = 0;
  std::vector<std::uint64_t> buckets_;
};

} // namespace bordersim
