// The mean of replication values and its Student-t 95% half-width: the one place intervals are computed.
#pragma once

#include <vector>

namespace bordersim {

struct Estimate {
  double mean = 0;
  double ci95 = 0; // NaN with fewer than two values
  int n = 0;       // values that are not NaN
  double variance = 0; // their sample variance (n - 1 in the denominator); NaN with fewer than two values
};

/// Mean and Student-t 95% half-width over the values that are not NaN (a replication without a value).
Estimate estimate(const std::vector<double>& values);
/// The same for the paired differences b[r] - a[r], over the replications where both have a value.
Estimate paired_difference(const std::vector<double>& a, const std::vector<double>& b);

} // namespace bordersim
