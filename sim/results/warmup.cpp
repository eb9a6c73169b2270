#include "sim/results/warmup.hpp"

#include <vector>

namespace bordersim {

std::size_t mser_truncation(std::span<const double> z)
{
  const std::size_t n = z.size();
  if (n < 2) return 0;
  // Sums of the suffixes from the end: the mean and the squared deviations of what is left, for every d at once.
  double sum = 0, sum_squares = 0;
  std::vector<double> tail_sum(n + 1, 0.0), tail_squares(n + 1, 0.0);
  for (std::size_t i = n; i-- > 0;) {
    sum += z[i];
    sum_squares += z[i] * z[i];
    tail_sum[i] = sum;
    tail_squares[i] = sum_squares;
  }
  std::size_t best = 0;
  double best_value = 0;
  for (std::size_t d = 0; d <= n / 2; ++d) {
    const double m = static_cast<double>(n - d);
    const double sse = tail_squares[d] - tail_sum[d] * tail_sum[d] / m;
    const double value = (sse > 0 ? sse : 0) / (m * m);
    if (d == 0 || value < best_value) {
      best = d;
      best_value = value;
    }
  }
  return best;
}

} // namespace bordersim
