#include "models/queueing_theory.hpp"

#include <algorithm>
#include <cmath>
#include <vector>
#include <numbers>
#include <stdexcept>
#include <string>

namespace bordersim::queueing {
namespace {

void require(bool condition, const char* function, const std::string& message)
{
  if (!condition)
    throw std::invalid_argument(std::string(function) + ": " + message);
}

void check_rate_and_service(const char* function, double arrival_rate_per_s, double mean_service_s)
{
  require(std::isfinite(arrival_rate_per_s) && arrival_rate_per_s >= 0, function,
          "the arrival rate must be finite and non-negative");
  require(std::isfinite(mean_service_s) && mean_service_s > 0, function,
          "the mean service time must be finite and positive");
}

/// P(|T| <= t) for Student's t with `df` degrees of freedom, written in theta = atan(t / sqrt(df)).
/// For integer df the distribution function is a finite sum of powers of cos(theta) (Abramowitz and
/// Stegun 26.7.3 and 26.7.4); every term is positive, so there is no cancellation.
double t_central_probability(int df, double theta)
{
  const double s = std::sin(theta);
  const double c = std::cos(theta);
  const double c2 = c * c;
  if (df % 2 == 0) {
    // sin(theta) * (1 + 1/2 c^2 + (1*3)/(2*4) c^4 + ... + (1*3*...*(df-3))/(2*4*...*(df-2)) c^(df-2))
    double term = 1;
    double sum = 1;
    for (int k = 2; k <= df - 2; k += 2) {
      term *= static_cast<double>(k - 1) / static_cast<double>(k) * c2;
      sum += term;
    }
    return s * sum;
  }
  // 2/pi * (theta + sin(theta) * (c + 2/3 c^3 + (2*4)/(3*5) c^5 + ... + (2*4*...*(df-3))/(3*5*...*(df-2)) c^(df-2)))
  if (df == 1)
    return 2 * theta / std::numbers::pi;
  double term = c;
  double sum = c;
  for (int k = 3; k <= df - 2; k += 2) {
    term *= static_cast<double>(k - 1) / static_cast<double>(k) * c2;
    sum += term;
  }
  return 2 / std::numbers::pi * (theta + s * sum);
}

} // namespace

double erlang_c(int servers, double offered_load_erlangs)
{
  require(servers >= 1, "erlang_c", "the number of servers must be at least 1");
  require(std::isfinite(offered_load_erlangs) && offered_load_erlangs >= 0, "erlang_c",
          "the offered load must be finite and non-negative");
  const double c = static_cast<double>(servers);
  const double a = offered_load_erlangs;
  require(a < c, "erlang_c", "unstable queue: the offered load must be below the number of servers");
  // Erlang B: B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)); every step stays in [0, 1].
  double blocking = 1;
  for (int k = 1; k <= servers; ++k)
    blocking = a * blocking / (static_cast<double>(k) + a * blocking);
  // Erlang C from Erlang B.
  return c * blocking / (c - a * (1 - blocking));
}

double mmc_mean_wait_s(int servers, double arrival_rate_per_s, double mean_service_s)
{
  check_rate_and_service("mmc_mean_wait_s", arrival_rate_per_s, mean_service_s);
  const double wait_probability = erlang_c(servers, arrival_rate_per_s * mean_service_s);
  const double drain_rate_per_s = static_cast<double>(servers) / mean_service_s - arrival_rate_per_s;
  return wait_probability / drain_rate_per_s;
}

double mmc_wait_quantile_s(int servers, double arrival_rate_per_s, double mean_service_s, double p)
{
  check_rate_and_service("mmc_wait_quantile_s", arrival_rate_per_s, mean_service_s);
  require(p >= 0 && p < 1, "mmc_wait_quantile_s", "the probability must be in [0, 1)");
  const double wait_probability = erlang_c(servers, arrival_rate_per_s * mean_service_s);
  const double tail = 1 - p;
  if (tail >= wait_probability)
    return 0;
  const double drain_rate_per_s = static_cast<double>(servers) / mean_service_s - arrival_rate_per_s;
  return std::log(wait_probability / tail) / drain_rate_per_s;
}

double mg1_mean_wait_s(double arrival_rate_per_s, double mean_service_s, double service_variance_s2)
{
  const ClassLoad single{arrival_rate_per_s, mean_service_s, service_variance_s2};
  return mixed_mg1_mean_wait_s(std::span<const ClassLoad>(&single, 1));
}

double mixed_mg1_mean_wait_s(std::span<const ClassLoad> classes)
{
  require(!classes.empty(), "mixed_mg1_mean_wait_s", "at least one class is needed");
  double rho = 0;
  double second_moment_rate = 0; // sum of lambda_i * E[S_i^2]
  for (const ClassLoad& load : classes) {
    check_rate_and_service("mixed_mg1_mean_wait_s", load.arrival_rate_per_s, load.mean_service_s);
    require(std::isfinite(load.service_variance_s2) && load.service_variance_s2 >= 0, "mixed_mg1_mean_wait_s",
            "the service variance must be finite and non-negative");
    rho += load.arrival_rate_per_s * load.mean_service_s;
    second_moment_rate +=
        load.arrival_rate_per_s * (load.service_variance_s2 + load.mean_service_s * load.mean_service_s);
  }
  require(rho < 1, "mixed_mg1_mean_wait_s", "unstable queue: the utilisation must be below 1");
  return second_moment_rate / (2 * (1 - rho));
}

ErlangA erlang_a(int servers, double arrival_rate_per_s, double mean_service_s, double mean_patience_s)
{
  require(servers >= 1, "erlang_a", "the number of servers must be at least 1");
  check_rate_and_service("erlang_a", arrival_rate_per_s, mean_service_s);
  require(std::isfinite(mean_patience_s) && mean_patience_s > 0, "erlang_a", "the mean patience must be finite and positive");
  const double lambda = arrival_rate_per_s;
  const double mu = 1 / mean_service_s;
  const double theta = 1 / mean_patience_s;
  const double c_mu = servers * mu;
  // Terms in logarithms (a^c / c! overflows for hundreds of servers), scaled by the largest at the end.
  constexpr int kMaxStates = 10'000'000;
  constexpr double kCut = 1e-15;
  std::vector<double> log_terms{0.0};
  double log_max = 0;
  double sum_scaled = 1; // sum of exp(log_term - log_max), kept as it goes to see when to stop
  for (int n = 1;; ++n) {
    require(n < kMaxStates, "erlang_a", "the chain needs more than ten million states");
    const double death = std::min(n, servers) * mu + std::max(n - servers, 0) * theta;
    const double log_term = log_terms.back() + std::log(lambda) - std::log(death);
    if (lambda == 0) break;
    log_terms.push_back(log_term);
    if (log_term > log_max) {
      sum_scaled = sum_scaled * std::exp(log_max - log_term) + 1;
      log_max = log_term;
    } else {
      sum_scaled += std::exp(log_term - log_max);
    }
    // Past the largest term and the servers the terms fall ever faster: stop when they no longer count.
    if (n > servers && death > lambda && std::exp(log_term - log_max) < kCut * sum_scaled) break;
  }
  ErlangA r{0, 0, 0, 0, 0};
  double served_wait = 0; // E[W; served]
  double harmonic = 0;    // sum_{j=1..k} 1 / (c mu + j theta)
  for (std::size_t n = static_cast<std::size_t>(servers); n < log_terms.size(); ++n) {
    const double p = std::exp(log_terms[n] - log_max) / sum_scaled;
    const double k = static_cast<double>(n) - servers + 1; // the arrival's place in line
    harmonic += 1 / (c_mu + k * theta);
    r.wait_probability += p;
    r.abandon_probability += p * k * theta / (c_mu + k * theta);
    served_wait += p * c_mu / (c_mu + k * theta) * harmonic;
    r.wait_mean_all_s += p * k / (c_mu + k * theta);
    r.queue_mean += p * (k - 1);
  }
  r.wait_mean_served_s = r.abandon_probability < 1 ? served_wait / (1 - r.abandon_probability) : 0;
  return r;
}

double mmck_full_probability(int servers, int capacity, double offered_load_erlangs)
{
  require(servers >= 1, "mmck_full_probability", "the number of servers must be at least 1");
  require(capacity >= servers, "mmck_full_probability", "the capacity must be at least the number of servers");
  require(std::isfinite(offered_load_erlangs) && offered_load_erlangs >= 0, "mmck_full_probability",
          "the offered load must be finite and non-negative");
  // p_n proportional to a^n / n! up to c, then times (a / c) per extra customer; normalised as it goes, so that
  // no term overflows: q_n = p_n / p_K is built backwards from K.
  double q = 1;
  double sum = 1;
  for (int n = capacity; n > 0; --n) {
    q *= std::min(n, servers) / offered_load_erlangs; // p_{n-1} / p_n = min(n, c) / a
    sum += q;
    if (!std::isfinite(sum)) return 0;
  }
  return 1 / sum;
}

double slotted_md1_mean_wait_s(double booking_rate_per_s, double slot_spacing_s)
{
  // Derivation. Slots at k d; X_k ~ Poisson(rho) bookings fall in ((k-1) d, k d]. N_k, the bookings made by k d whose
  // slots are k or later, obeys N_k = max(N_{k-1} - 1, 0) + X_k, whose stationary mean (square it and take
  // expectations) is E[N] = rho (2 - rho) / (2 (1 - rho)). A booking at a uniform point of its interval waits the rest
  // of the interval (d/2 on average), plus one slot for each booking carried over from before (E[N] - rho, by PASTA)
  // and each earlier one of its own interval (rho / 2): d (1/2 + E[N] - rho/2) = d / (2 (1 - rho)).
  require(std::isfinite(booking_rate_per_s) && booking_rate_per_s >= 0, "slotted_md1_mean_wait_s", "the booking rate must be >= 0");
  require(std::isfinite(slot_spacing_s) && slot_spacing_s > 0, "slotted_md1_mean_wait_s", "the slot spacing must be > 0");
  const double rho = booking_rate_per_s * slot_spacing_s;
  require(rho < 1, "slotted_md1_mean_wait_s", "unstable: bookings per slot " + std::to_string(rho) + " >= 1");
  return slot_spacing_s / (2 * (1 - rho));
}

double mm1_breakdowns_mean_wait_s(double arrival_rate_per_s, double mean_service_s, double mtbf_s, double mean_repair_s)
{
  // Derivation. Rates: lambda arrivals, mu = 1/s services, xi = 1/m failures, eta = 1/r repairs.
  // Completion time C of a service S: breakdowns during S come as a Poisson process of rate xi (the server is up
  // while it serves), N ~ Poisson(xi S) given S, each adding a repair R; preemptive resume keeps S whole. So
  // C = S + R_1 + ... + R_N, E[C | S] = S (1 + xi/eta), Var[C | S] = xi S E[R^2] = 2 xi S / eta^2, and with
  // E[S^2] = 2/mu^2: E[C] = (1 + xi/eta)/mu, E[C^2] = 2 (1 + xi/eta)^2 / mu^2 + 2 xi / (mu eta^2).
  // Queue. States (n, up) with probabilities p_n, (n, down) with q_n; generating functions P(z), Q(z).
  // Down: (lambda + eta) q_n = lambda q_{n-1} + xi p_n, so Q = xi P / (eta + lambda (1 - z)).
  // Up: (lambda + xi + mu [n > 0]) p_n = lambda p_{n-1} + mu p_{n+1} + eta q_n; with Q substituted and (1 - z)
  // divided out: P(z) = mu p_0 / (mu - lambda z (1 + xi / (eta + lambda (1 - z)))), and P(1) = eta / (xi + eta).
  // The mean number in the system L = P'(1) + Q'(1) = [lambda k + lambda^2 xi/eta^2] / (mu - lambda k)
  // + xi lambda / (eta (xi + eta)) with k = 1 + xi/eta; Little's law gives the time in system L/lambda, and the
  // wait is that less E[C]: lambda E[C^2] / (2 (1 - lambda E[C])) + xi / (eta (xi + eta)), the last term being
  // r^2 / (m + r). (Checked against a truncated numerical solution of the same chain in the unit tests.)
  check_rate_and_service("mm1_breakdowns_mean_wait_s", arrival_rate_per_s, mean_service_s);
  require(std::isfinite(mtbf_s) && mtbf_s > 0, "mm1_breakdowns_mean_wait_s", "the mean time between failures must be positive");
  require(std::isfinite(mean_repair_s) && mean_repair_s >= 0, "mm1_breakdowns_mean_wait_s", "the mean repair time must be non-negative");
  const double s = mean_service_s, m = mtbf_s, r = mean_repair_s;
  const double k = 1 + r / m;
  const double completion_mean_s = s * k;
  const double completion_second_moment_s2 = 2 * s * s * k * k + 2 * s * r * r / m;
  const double rho = arrival_rate_per_s * completion_mean_s;
  require(rho < 1, "mm1_breakdowns_mean_wait_s", "unstable queue: lambda E[C] must be below 1");
  return arrival_rate_per_s * completion_second_moment_s2 / (2 * (1 - rho)) + r * r / (m + r);
}

double student_t_975(int degrees_of_freedom)
{
  require(degrees_of_freedom >= 1, "student_t_975", "the degrees of freedom must be at least 1");
  // P(|T| <= t) = 0.95 defines the 0.975 quantile. P(|T| <= t) grows with theta = atan(t / sqrt(df)) on
  // (0, pi/2), so bisect on theta until the bracket stops shrinking in double precision.
  constexpr double kCentral = 0.95;
  double low = 0;
  double high = std::numbers::pi / 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (low + high);
    if (mid <= low || mid >= high)
      break;
    if (t_central_probability(degrees_of_freedom, mid) < kCentral)
      low = mid;
    else
      high = mid;
  }
  return std::sqrt(static_cast<double>(degrees_of_freedom)) * std::tan(0.5 * (low + high));
}

} // namespace bordersim::queueing
