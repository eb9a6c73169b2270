// How long the start-up lasts: MSER-5 (White, 1997; White, Cobb and Spratt, 2000). The series is cut into batches of 5
// observations; the truncation d (in batches, at most half of them) minimises the standard error of the mean of what is
// left, MSER(d) = sum over i > d of (Z_i - mean)^2 / (n - d)^2. Observations before it are start-up.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace bordersim {

inline constexpr std::size_t kMserBatch = 5;

/// The means of consecutive batches of 5 observations, built as they come: a fifth of a series is kept, not all of
/// it. A last, incomplete batch is left out.
class BatchMeans {
public:
  void add(double x)
  {
    sum_ += x;
    if (++in_batch_ < kMserBatch) return;
    means_.push_back(sum_ / static_cast<double>(kMserBatch));
    sum_ = 0;
    in_batch_ = 0;
  }
  const std::vector<double>& means() const { return means_; }

private:
  double sum_ = 0;
  std::size_t in_batch_ = 0;
  std::vector<double> means_;
};
/// The number of leading batches MSER leaves out of a series of batch means; 0 for fewer than two.
std::size_t mser_truncation(std::span<const double> batch_means);

} // namespace bordersim
