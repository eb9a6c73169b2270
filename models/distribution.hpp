// Service-time distributions as small validated value types: sample, exact mean, exact variance.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "models/random_stream.hpp"

namespace bordersim {

struct Exponential {
  double mean_s;
};
struct Deterministic {
  double value_s;
};
struct Uniform {
  double min_s;
  double max_s;
};
struct Triangular {
  double min_s;
  double mode_s;
  double max_s;
};
/// Parameterised by its own mean and coefficient of variation, not by the underlying normal's.
/// cv is at most kMaxLognormalCv: far past any observed service time (1 to 2), and small enough that the
/// underlying sigma (2.15 at cv 10) keeps every sample finite.
inline constexpr double kMaxLognormalCv = 10;
struct Lognormal {
  double mean_s;
  double cv;
};
struct Erlang {
  int k;
  double mean_s;
};
/// Discrete: one of the listed values, with probability proportional to its weight.
struct Empirical {
  std::vector<double> values_s;
  std::vector<double> cumulative_weights; // normalised, last element is 1
};

class Distribution {
public:
  using Variant = std::variant<Exponential, Deterministic, Uniform, Triangular, Lognormal, Erlang, Empirical>;

  Distribution() : params_(Deterministic{0.0}) {}

  // Factories validate their parameters and throw std::invalid_argument with a readable reason.
  static Distribution exponential(double mean_s);
  static Distribution deterministic(double value_s);
  static Distribution uniform(double min_s, double max_s);
  static Distribution triangular(double min_s, double mode_s, double max_s);
  static Distribution lognormal(double mean_s, double cv);
  static Distribution erlang(int k, double mean_s);
  static Distribution empirical(std::vector<double> values_s, std::vector<double> weights);

  double sample(RandomStream& stream) const;
  double mean() const;
  double variance() const;
  /// A copy with every time scaled by `factor` (used by scheduled slow-downs and what-if factors).
  Distribution scaled(double factor) const;
  std::string_view kind_name() const;
  const Variant& params() const { return params_; }

  /// The parameter names each kind takes, for validation messages and the docs.
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>>& kinds();

private:
  // Built from the alternative itself, not a Variant temporary: moving a whole variant made GCC 12 with
  // sanitizers warn (-Wmaybe-uninitialized) about the vectors of the alternative not held.
  template <class Params> explicit Distribution(Params params) : params_(std::move(params)) {}
  Variant params_;
  // Derived once for lognormal sampling.
  double log_mu_ = 0;
  double log_sigma_ = 0;
};

} // namespace bordersim
