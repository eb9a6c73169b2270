#include "sim/results/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/queueing_theory.hpp"

namespace bordersim {

Estimate estimate(const std::vector<double>& values)
{
  std::vector<double> present;
  for (double v : values)
    if (!std::isnan(v)) present.push_back(v);
  Estimate e;
  e.n = static_cast<int>(present.size());
  e.ci95 = e.variance = std::nan("");
  if (present.empty()) {
    e.mean = std::nan("");
    return e;
  }
  const double n = static_cast<double>(present.size());
  e.mean = std::accumulate(present.begin(), present.end(), 0.0) / n;
  if (present.size() < 2) return e;
  double squares = 0;
  for (double v : present) squares += (v - e.mean) * (v - e.mean);
  e.variance = squares / (n - 1);
  e.ci95 = queueing::student_t_975(e.n - 1) * std::sqrt(e.variance) / std::sqrt(n);
  return e;
}

Estimate paired_difference(const std::vector<double>& a, const std::vector<double>& b)
{
  std::vector<double> d;
  for (std::size_t r = 0; r < std::min(a.size(), b.size()); ++r)
    if (!std::isnan(a[r]) && !std::isnan(b[r])) d.push_back(b[r] - a[r]);
  return estimate(d);
}

} // namespace bordersim
