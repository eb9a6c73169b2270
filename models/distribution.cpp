#include "models/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace bordersim {
namespace {

template <class... F> struct Overloaded : F... {
  using F::operator()...;
};
template <class... F> Overloaded(F...) -> Overloaded<F...>;

void require(bool condition, const char* reason)
{
  if (!condition) throw std::invalid_argument(reason);
}

bool finite(double x) { return std::isfinite(x); }

} // namespace

Distribution Distribution::exponential(double mean_s)
{
  require(finite(mean_s) && mean_s > 0, "exponential: mean must be > 0");
  return Distribution(Exponential{mean_s});
}

Distribution Distribution::deterministic(double value_s)
{
  require(finite(value_s) && value_s >= 0, "deterministic: value must be >= 0");
  return Distribution(Deterministic{value_s});
}

Distribution Distribution::uniform(double min_s, double max_s)
{
  require(finite(min_s) && finite(max_s) && min_s >= 0, "uniform: min must be >= 0");
  require(max_s > min_s, "uniform: max must be greater than min");
  return Distribution(Uniform{min_s, max_s});
}

Distribution Distribution::triangular(double min_s, double mode_s, double max_s)
{
  require(finite(min_s) && finite(mode_s) && finite(max_s) && min_s >= 0, "triangular: min must be >= 0");
  require(min_s <= mode_s && mode_s <= max_s, "triangular: needs min <= mode <= max");
  require(max_s > min_s, "triangular: max must be greater than min");
  return Distribution(Triangular{min_s, mode_s, max_s});
}

Distribution Distribution::lognormal(double mean_s, double cv)
{
  require(finite(mean_s) && mean_s > 0, "lognormal: mean must be > 0");
  static_assert(kMaxLognormalCv == 10, "the message names the bound");
  require(finite(cv) && cv > 0 && cv <= kMaxLognormalCv, "lognormal: cv must be > 0 and <= 10");
  Distribution d(Lognormal{mean_s, cv});
  const double sigma2 = std::log1p(cv * cv);
  d.log_sigma_ = std::sqrt(sigma2);
  d.log_mu_ = std::log(mean_s) - sigma2 / 2;
  return d;
}

Distribution Distribution::erlang(int k, double mean_s)
{
  require(k >= 1, "erlang: k must be a whole number >= 1");
  require(finite(mean_s) && mean_s > 0, "erlang: mean must be > 0");
  return Distribution(Erlang{k, mean_s});
}

Distribution Distribution::empirical(std::vector<double> values_s, std::vector<double> weights)
{
  require(!values_s.empty(), "empirical: values must not be empty");
  for (double v : values_s) require(finite(v) && v >= 0, "empirical: values must be >= 0");
  if (weights.empty()) weights.assign(values_s.size(), 1.0);
  require(weights.size() == values_s.size(), "empirical: weights must have as many entries as values");
  for (double w : weights) require(finite(w) && w >= 0, "empirical: weights must be >= 0");
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  require(total > 0, "empirical: weights must not all be zero");
  std::vector<double> cumulative(weights.size());
  double running = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    running += weights[i];
    cumulative[i] = running / total;
  }
  cumulative.back() = 1.0;
  return Distribution(Empirical{std::move(values_s), std::move(cumulative)});
}

double Distribution::sample(RandomStream& stream) const
{
  if (const auto* e = std::get_if<Exponential>(&params_)) return stream.exponential(e->mean_s); // the common case, first
  return std::visit(
      Overloaded{
          [&](const Exponential& d) { return stream.exponential(d.mean_s); },
          [&](const Deterministic& d) { return d.value_s; },
          [&](const Uniform& d) { return d.min_s + (d.max_s - d.min_s) * stream.uniform_open(); },
          [&](const Triangular& d) {
            // Inverse transform of the triangular distribution function.
            const double u = stream.uniform_open();
            const double width = d.max_s - d.min_s;
            const double split = (d.mode_s - d.min_s) / width;
            if (u < split) return d.min_s + std::sqrt(u * width * (d.mode_s - d.min_s));
            return d.max_s - std::sqrt((1 - u) * width * (d.max_s - d.mode_s));
          },
          [&](const Lognormal&) { return std::exp(log_mu_ + log_sigma_ * stream.standard_normal()); },
          [&](const Erlang& d) {
            // Product of k uniforms: one log instead of k.
            double product = 1.0;
            double total = 0.0;
            for (int i = 0; i < d.k; ++i) {
              product *= stream.uniform_open();
              if (product < 1e-300) { // keep the product away from underflow for large k
                total -= std::log(product);
                product = 1.0;
              }
            }
            total -= std::log(product);
            return total * d.mean_s / d.k;
          },
          [&](const Empirical& d) {
            const double u = stream.uniform_open();
            auto it = std::lower_bound(d.cumulative_weights.begin(), d.cumulative_weights.end(), u);
            if (it == d.cumulative_weights.end()) --it;
            return d.values_s[static_cast<std::size_t>(it - d.cumulative_weights.begin())];
          },
      },
      params_);
}

double Distribution::mean() const
{
  return std::visit(Overloaded{
                        [](const Exponential& d) { return d.mean_s; },
                        [](const Deterministic& d) { return d.value_s; },
                        [](const Uniform& d) { return (d.min_s + d.max_s) / 2; },
                        [](const Triangular& d) { return (d.min_s + d.mode_s + d.max_s) / 3; },
                        [](const Lognormal& d) { return d.mean_s; },
                        [](const Erlang& d) { return d.mean_s; },
                        [](const Empirical& d) {
                          double m = 0;
                          double previous = 0;
                          for (std::size_t i = 0; i < d.values_s.size(); ++i) {
                            m += d.values_s[i] * (d.cumulative_weights[i] - previous);
                            previous = d.cumulative_weights[i];
                          }
                          return m;
                        },
                    },
                    params_);
}

double Distribution::variance() const
{
  return std::visit(Overloaded{
                        [](const Exponential& d) { return d.mean_s * d.mean_s; },
                        [](const Deterministic&) { return 0.0; },
                        [](const Uniform& d) { return (d.max_s - d.min_s) * (d.max_s - d.min_s) / 12; },
                        [](const Triangular& d) {
                          const double a = d.min_s, c = d.mode_s, b = d.max_s;
                          return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
                        },
                        [](const Lognormal& d) { return d.cv * d.cv * d.mean_s * d.mean_s; },
                        [](const Erlang& d) { return d.mean_s * d.mean_s / d.k; },
                        [this](const Empirical& d) {
                          const double m = mean();
                          double v = 0;
                          double previous = 0;
                          for (std::size_t i = 0; i < d.values_s.size(); ++i) {
                            v += (d.values_s[i] - m) * (d.values_s[i] - m) * (d.cumulative_weights[i] - previous);
                            previous = d.cumulative_weights[i];
                          }
                          return v;
                        },
                    },
                    params_);
}

Distribution Distribution::scaled(double factor) const
{
  return std::visit(Overloaded{
                        [&](const Exponential& d) { return exponential(d.mean_s * factor); },
                        [&](const Deterministic& d) { return deterministic(d.value_s * factor); },
                        [&](const Uniform& d) { return uniform(d.min_s * factor, d.max_s * factor); },
                        [&](const Triangular& d) { return triangular(d.min_s * factor, d.mode_s * factor, d.max_s * factor); },
                        [&](const Lognormal& d) { return lognormal(d.mean_s * factor, d.cv); },
                        [&](const Erlang& d) { return erlang(d.k, d.mean_s * factor); },
                        [&](const Empirical& d) {
                          Distribution copy = *this;
                          auto& e = std::get<Empirical>(copy.params_);
                          for (double& v : e.values_s) v *= factor;
                          (void)d;
                          return copy;
                        },
                    },
                    params_);
}

std::string_view Distribution::kind_name() const
{
  static constexpr std::string_view names[] = {"exponential", "deterministic", "uniform", "triangular",
                                               "lognormal",   "erlang",        "empirical"};
  return names[params_.index()];
}

const std::vector<std::pair<std::string_view, std::vector<std::string_view>>>& Distribution::kinds()
{
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> table{
      {"exponential", {"mean"}},
      {"deterministic", {"value"}},
      {"uniform", {"min", "max"}},
      {"triangular", {"min", "mode", "max"}},
      {"lognormal", {"mean", "cv"}},
      {"erlang", {"k", "mean"}},
      {"empirical", {"values", "weights"}},
  };
  return table;
}

} // namespace bordersim
