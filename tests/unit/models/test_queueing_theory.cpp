#include "models/queueing_theory.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

namespace q = bordersim::queueing;

namespace {

/// Erlang C from its textbook definition, with the terms a^k / k! kept in logarithms so that large
/// server counts do not overflow: an independent route to the same number.
double erlang_c_by_definition(int servers, double a)
{
  const double c = servers;
  std::vector<double> log_terms; // log(a^k / k!) for k < c, then the waiting term
  for (int k = 0; k < servers; ++k)
    log_terms.push_back(k * std::log(a) - std::lgamma(k + 1.0));
  const double log_wait_term = c * std::log(a) - std::lgamma(c + 1) + std::log(c / (c - a));
  double top = log_wait_term;
  for (double t : log_terms)
    top = std::max(top, t);
  double denominator = std::exp(log_wait_term - top);
  for (double t : log_terms)
    denominator += std::exp(t - top);
  return std::exp(log_wait_term - top) / denominator;
}

} // namespace

TEST_CASE("Erlang C of a single server is the utilisation", "[queueing]")
{
  for (double rho : {0.0, 0.1, 0.5, 0.9, 0.999})
    CHECK(q::erlang_c(1, rho) == Approx(rho).margin(1e-15));
}

TEST_CASE("Erlang C of two servers matches the closed form 2 rho^2 / (1 + rho)", "[queueing]")
{
  for (double rho : {0.2, 0.5, 0.8, 0.95}) {
    const double a = 2 * rho;
    CHECK(q::erlang_c(2, a) == Approx(2 * rho * rho / (1 + rho)).epsilon(1e-13));
  }
}

TEST_CASE("Erlang C agrees with its definition, also for hundreds of servers", "[queueing]")
{
  struct Case {
    int servers;
    double load;
  };
  for (const Case& c : {Case{3, 2.7}, Case{10, 7.5}, Case{50, 45.0}, Case{200, 190.0}, Case{500, 490.0}, Case{800, 700.0}}) {
    INFO("servers " << c.servers << ", load " << c.load);
    const double value = q::erlang_c(c.servers, c.load);
    REQUIRE(std::isfinite(value));
    CHECK(value > 0);
    CHECK(value < 1);
    CHECK(value == Approx(erlang_c_by_definition(c.servers, c.load)).epsilon(1e-9));
  }
}

TEST_CASE("Erlang C rejects unstable and invalid inputs", "[queueing]")
{
  CHECK_THROWS_AS(q::erlang_c(3, 3.0), std::invalid_argument);
  CHECK_THROWS_AS(q::erlang_c(3, 3.5), std::invalid_argument);
  CHECK_THROWS_AS(q::erlang_c(0, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(q::erlang_c(-1, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(q::erlang_c(2, -0.1), std::invalid_argument);
  CHECK_THROWS_AS(q::erlang_c(2, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  CHECK_THROWS_AS(q::erlang_c(2, std::numeric_limits<double>::infinity()), std::invalid_argument);
  CHECK_NOTHROW(q::erlang_c(3, 2.999));
}

TEST_CASE("M/M/c mean waits", "[queueing]")
{
  SECTION("M/M/1: rho / (mu - lambda)")
  {
    // lambda = 0.6 per minute, mean service 1 minute: 0.6 / 0.4 = 1.5 minutes.
    CHECK(q::mmc_mean_wait_s(1, 0.6 / 60, 60) == Approx(90.0).epsilon(1e-12));
    CHECK(q::mmc_mean_wait_s(1, 0.5, 1.0) == Approx(1.0).epsilon(1e-12));
  }
  SECTION("M/M/3 at lambda 2.7 per minute, mu 1 per minute waits 2.7235 minutes")
  {
    CHECK(q::mmc_mean_wait_s(3, 2.7 / 60, 60) / 60 == Approx(2.7235).margin(5e-5));
    // The same queue written in minutes gives the same number: only the product lambda * E[S] and the
    // time unit matter.
    CHECK(q::mmc_mean_wait_s(3, 2.7, 1.0) == Approx(q::mmc_mean_wait_s(3, 2.7 / 60, 60) / 60).epsilon(1e-12));
  }
  SECTION("no arrivals, no wait")
  {
    CHECK(q::mmc_mean_wait_s(2, 0.0, 30) == 0.0);
  }
  SECTION("invalid inputs throw")
  {
    CHECK_THROWS_AS(q::mmc_mean_wait_s(3, 3.0 / 60, 60), std::invalid_argument);
    CHECK_THROWS_AS(q::mmc_mean_wait_s(3, -1.0, 60), std::invalid_argument);
    CHECK_THROWS_AS(q::mmc_mean_wait_s(3, 0.01, 0), std::invalid_argument);
  }
}

TEST_CASE("M/M/c wait quantiles", "[queueing]")
{
  const int c = 3;
  const double lambda = 2.7 / 60;
  const double mean_s = 60;
  const double wait_probability = q::erlang_c(c, lambda * mean_s);
  const double drain_rate = c / mean_s - lambda;

  SECTION("arrivals that do not wait give a zero quantile")
  {
    CHECK(q::mmc_wait_quantile_s(c, lambda, mean_s, 0.0) == 0.0);
    CHECK(q::mmc_wait_quantile_s(c, lambda, mean_s, 1 - wait_probability) == 0.0);
    CHECK(q::mmc_wait_quantile_s(c, lambda, mean_s, 1 - wait_probability - 0.01) == 0.0);
    CHECK(q::mmc_wait_quantile_s(c, lambda, mean_s, 1 - wait_probability + 0.01) > 0.0);
  }
  SECTION("P(W > quantile) = 1 - p")
  {
    for (double p : {0.5, 0.8, 0.9, 0.95, 0.99, 0.999}) {
      INFO("p = " << p);
      const double t = q::mmc_wait_quantile_s(c, lambda, mean_s, p);
      REQUIRE(t > 0);
      CHECK(wait_probability * std::exp(-drain_rate * t) == Approx(1 - p).epsilon(1e-12));
    }
  }
  SECTION("M/M/1 at rho 0.5, mu 1: P(W > t) = 0.5 exp(-t/2), so the 95% quantile is 2 ln 10")
  {
    CHECK(q::mmc_wait_quantile_s(1, 0.5, 1.0, 0.95) == Approx(2 * std::log(10.0)).epsilon(1e-12));
    CHECK(q::mmc_wait_quantile_s(1, 0.5, 1.0, 0.5) == 0.0);
  }
  SECTION("quantiles grow with p and integrate to the mean wait")
  {
    // E[W] is the integral of the quantile function over p in (0, 1); midpoint rule on a fine grid.
    const int n = 200000;
    double integral = 0;
    double previous = 0;
    bool monotone = true;
    for (int i = 0; i < n; ++i) {
      const double t = q::mmc_wait_quantile_s(c, lambda, mean_s, (i + 0.5) / n);
      monotone = monotone && t >= previous;
      previous = t;
      integral += t / n;
    }
    CHECK(monotone);
    CHECK(integral == Approx(q::mmc_mean_wait_s(c, lambda, mean_s)).epsilon(1e-3));
  }
  SECTION("p outside [0, 1) throws")
  {
    CHECK_THROWS_AS(q::mmc_wait_quantile_s(c, lambda, mean_s, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(q::mmc_wait_quantile_s(c, lambda, mean_s, -0.1), std::invalid_argument);
    CHECK_THROWS_AS(q::mmc_wait_quantile_s(c, 3.1 / 60, mean_s, 0.5), std::invalid_argument);
  }
}

TEST_CASE("Pollaczek-Khinchine mean wait", "[queueing]")
{
  SECTION("exponential service reproduces M/M/1")
  {
    for (double rho : {0.3, 0.7, 0.95})
      CHECK(q::mg1_mean_wait_s(rho / 60, 60, 3600) == Approx(q::mmc_mean_wait_s(1, rho / 60, 60)).epsilon(1e-12));
  }
  SECTION("M/D/1 waits half as long as M/M/1")
  {
    for (double rho : {0.3, 0.7, 0.95})
      CHECK(q::mg1_mean_wait_s(rho / 60, 60, 0) == Approx(0.5 * q::mmc_mean_wait_s(1, rho / 60, 60)).epsilon(1e-12));
    // lambda 0.7 per minute, deterministic 1 minute: 0.7 / (2 * 0.3) = 7/6 minutes.
    CHECK(q::mg1_mean_wait_s(0.7 / 60, 60, 0) / 60 == Approx(7.0 / 6.0).epsilon(1e-12));
  }
  SECTION("uniform service on [0, 2] minutes at lambda 0.5 per minute")
  {
    // E[S] = 1, Var[S] = 4/12, E[S^2] = 4/3; W = 0.5 * 4/3 / (2 * 0.5) = 2/3 minute.
    CHECK(q::mg1_mean_wait_s(0.5, 1.0, 1.0 / 3.0) == Approx(2.0 / 3.0).epsilon(1e-12));
  }
  SECTION("invalid inputs throw")
  {
    CHECK_THROWS_AS(q::mg1_mean_wait_s(1.0 / 60, 60, 0), std::invalid_argument);
    CHECK_THROWS_AS(q::mg1_mean_wait_s(0.5 / 60, 60, -1), std::invalid_argument);
    CHECK_THROWS_AS(q::mg1_mean_wait_s(0.5 / 60, -60, 0), std::invalid_argument);
  }
}

namespace {

/// The mean wait of the M/M/1 with time-based breakdowns from the Markov chain itself: states (n, up) and (n, down)
/// truncated at `levels`, solved by Gauss-Seidel; the time in system by Little's law, less the mean completion time.
double breakdown_chain_wait(double lambda, double mu, double xi, double eta, int levels)
{
  const int n = levels + 1;
  std::vector<double> up(static_cast<std::size_t>(n), 1.0), down(static_cast<std::size_t>(n), 1.0);
  auto at = [](std::vector<double>& v, int k) -> double& { return v[static_cast<std::size_t>(k)]; };
  for (int sweep = 0; sweep < 20000; ++sweep) {
    for (int k = 0; k < n; ++k) {
      const double in_up = (k > 0 ? lambda * at(up, k - 1) : 0) + (k + 1 < n ? mu * at(up, k + 1) : 0) + eta * at(down, k);
      const double out_up = (k + 1 < n ? lambda : 0) + (k > 0 ? mu : 0) + xi;
      at(up, k) = in_up / out_up;
      const double in_down = (k > 0 ? lambda * at(down, k - 1) : 0) + xi * at(up, k);
      const double out_down = (k + 1 < n ? lambda : 0) + eta;
      at(down, k) = in_down / out_down;
    }
    double total = 0;
    for (int k = 0; k < n; ++k) total += at(up, k) + at(down, k);
    for (int k = 0; k < n; ++k) {
      at(up, k) /= total;
      at(down, k) /= total;
    }
  }
  double in_system = 0;
  for (int k = 0; k < n; ++k) in_system += k * (at(up, k) + at(down, k));
  return in_system / lambda - (1 + xi / eta) / mu;
}

} // namespace

TEST_CASE("M/M/1 with breakdowns (time-based, preemptive resume) mean wait", "[queueing]")
{
  SECTION("without breakdowns it is M/M/1")
  {
    for (double rho : {0.3, 0.7})
      CHECK(q::mm1_breakdowns_mean_wait_s(rho / 60, 60, 1e15, 600) == Approx(q::mmc_mean_wait_s(1, rho / 60, 60)).epsilon(1e-9));
    CHECK(q::mm1_breakdowns_mean_wait_s(0.5 / 60, 60, 3600, 0) == Approx(q::mmc_mean_wait_s(1, 0.5 / 60, 60)).epsilon(1e-12));
  }
  SECTION("by hand: lambda 0.5, mu 1, mtbf 10, repair 2 (per minute)")
  {
    // k = 1.2, E[C] = 1.2, E[C^2] = 2 * 1.44 + 2 * 4 / 10 = 3.68; 0.5 * 3.68 / (2 * 0.4) + 4 / 12 = 2.3 + 1/3.
    CHECK(q::mm1_breakdowns_mean_wait_s(0.5, 1, 10, 2) == Approx(2.3 + 1.0 / 3).epsilon(1e-12));
  }
  SECTION("against the Markov chain solved numerically")
  {
    CHECK(q::mm1_breakdowns_mean_wait_s(0.5, 1, 10, 2) == Approx(breakdown_chain_wait(0.5, 1, 0.1, 0.5, 300)).epsilon(1e-6));
    CHECK(q::mm1_breakdowns_mean_wait_s(0.3, 1, 4, 1) == Approx(breakdown_chain_wait(0.3, 1, 0.25, 1, 300)).epsilon(1e-6));
  }
  SECTION("invalid and unstable inputs throw")
  {
    CHECK_THROWS_AS(q::mm1_breakdowns_mean_wait_s(0.5, 1, 0, 2), std::invalid_argument);
    CHECK_THROWS_AS(q::mm1_breakdowns_mean_wait_s(0.5, 1, 10, -1), std::invalid_argument);
    CHECK_THROWS_AS(q::mm1_breakdowns_mean_wait_s(0.9, 1, 10, 2), std::invalid_argument); // 0.9 * 1.2 >= 1
  }
}

TEST_CASE("Slot wait of the electronic queue (slotted M/D/1)", "[queueing]")
{
  SECTION("the M/D/1 wait plus half a slot")
  {
    for (double rho : {0.2, 0.5, 0.9})
      CHECK(q::slotted_md1_mean_wait_s(rho / 60, 60) == Approx(q::mg1_mean_wait_s(rho / 60, 60, 0) + 30).epsilon(1e-12));
    CHECK(q::slotted_md1_mean_wait_s(0, 360) == Approx(180));
  }
  SECTION("against the slot-taking rule followed for two million bookings")
  {
    // An independent check of the derivation: Poisson bookings, each taking the earliest free slot at or after it.
    // The standard error of the mean over 2e6 correlated bookings at rho 0.8 is about 0.4% (100 batch means, measured
    // once in Python); the 2% tolerance is five of them.
    std::mt19937_64 engine(4242);
    std::exponential_distribution<double> gap(0.8); // bookings per slot spacing (spacing 1)
    double t = 0, sum = 0;
    long long next_free = 0;
    const int n = 2'000'000;
    for (int i = 0; i < n; ++i) {
      t += gap(engine);
      const long long slot = std::max(next_free, static_cast<long long>(std::ceil(t)));
      next_free = slot + 1;
      sum += static_cast<double>(slot) - t;
    }
    CHECK(sum / n == Approx(q::slotted_md1_mean_wait_s(0.8, 1)).epsilon(0.02)); // exact 2.5
  }
  SECTION("invalid and unstable inputs throw")
  {
    CHECK_THROWS_AS(q::slotted_md1_mean_wait_s(1.0 / 60, 60), std::invalid_argument);
    CHECK_THROWS_AS(q::slotted_md1_mean_wait_s(0.1, 0), std::invalid_argument);
    CHECK_THROWS_AS(q::slotted_md1_mean_wait_s(-1, 60), std::invalid_argument);
  }
}

TEST_CASE("Mixed-class FIFO M/G/1 mean wait", "[queueing]")
{
  SECTION("one class is Pollaczek-Khinchine")
  {
    const std::vector<q::ClassLoad> one{{0.6 / 60, 60, 900}};
    CHECK(q::mixed_mg1_mean_wait_s(one) == Approx(q::mg1_mean_wait_s(0.6 / 60, 60, 900)).epsilon(1e-14));
  }
  SECTION("splitting a class into two identical halves changes nothing")
  {
    const std::vector<q::ClassLoad> halves{{0.3 / 60, 60, 900}, {0.3 / 60, 60, 900}};
    CHECK(q::mixed_mg1_mean_wait_s(halves) == Approx(q::mg1_mean_wait_s(0.6 / 60, 60, 900)).epsilon(1e-14));
  }
  SECTION("two different classes")
  {
    // 0.3 per minute exponential 1 minute and 0.2 per minute deterministic 2 minutes:
    // sum lambda E[S^2] = 0.3 * 2 + 0.2 * 4 = 1.4 min, rho = 0.7, W = 1.4 / 0.6 = 7/3 minutes.
    const std::vector<q::ClassLoad> loads{{0.3 / 60, 60, 3600}, {0.2 / 60, 120, 0}};
    CHECK(q::mixed_mg1_mean_wait_s(loads) / 60 == Approx(7.0 / 3.0).epsilon(1e-12));
  }
  SECTION("no class or an overloaded server throws")
  {
    CHECK_THROWS_AS(q::mixed_mg1_mean_wait_s({}), std::invalid_argument);
    const std::vector<q::ClassLoad> overloaded{{0.6 / 60, 60, 0}, {0.25 / 60, 120, 0}};
    CHECK_THROWS_AS(q::mixed_mg1_mean_wait_s(overloaded), std::invalid_argument);
  }
}

TEST_CASE("Student's t 0.975 quantiles", "[queueing]")
{
  SECTION("textbook table values")
  {
    CHECK(q::student_t_975(1) == Approx(12.7062).margin(5e-5));
    CHECK(q::student_t_975(2) == Approx(4.3027).margin(5e-5));
    CHECK(q::student_t_975(3) == Approx(3.1824).margin(5e-5));
    CHECK(q::student_t_975(4) == Approx(2.7764).margin(5e-5));
    CHECK(q::student_t_975(5) == Approx(2.5706).margin(5e-5));
    CHECK(q::student_t_975(9) == Approx(2.2622).margin(5e-5));
    CHECK(q::student_t_975(10) == Approx(2.2281).margin(5e-5));
    CHECK(q::student_t_975(20) == Approx(2.0860).margin(5e-5));
    CHECK(q::student_t_975(30) == Approx(2.0423).margin(5e-5));
    CHECK(q::student_t_975(120) == Approx(1.9799).margin(5e-5));
  }
  SECTION("closed forms for one and two degrees of freedom")
  {
    // df = 1 is Cauchy: t = tan(0.475 pi). df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)), so t^2 = 2 * 0.95^2 / (1 - 0.95^2).
    CHECK(q::student_t_975(1) == Approx(std::tan(0.475 * std::numbers::pi)).epsilon(1e-10));
    CHECK(q::student_t_975(2) == Approx(std::sqrt(2 * 0.9025 / 0.0975)).epsilon(1e-10));
  }
  SECTION("decreases towards the normal quantile 1.959964")
  {
    double previous = q::student_t_975(1);
    bool decreasing = true;
    for (int df = 2; df <= 1000; ++df) {
      const double t = q::student_t_975(df);
      decreasing = decreasing && t < previous;
      previous = t;
    }
    CHECK(decreasing);
    // Fisher's expansion in 1/df about the normal quantile z (Abramowitz and Stegun 26.7.5); the next term
    // is below 1e-9 from df = 1000 on.
    const double z = 1.959963984540054;
    const auto fisher = [z](double df) {
      return z + (z * z * z + z) / (4 * df) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * df * df);
    };
    CHECK(q::student_t_975(1000) == Approx(fisher(1000)).margin(1e-8));
    CHECK(q::student_t_975(1000) == Approx(1.962339).margin(1e-6));
    CHECK(q::student_t_975(100000) == Approx(fisher(100000)).margin(1e-9));
    CHECK(q::student_t_975(100000) > z);
  }
  SECTION("fewer than one degree of freedom throws")
  {
    CHECK_THROWS_AS(q::student_t_975(0), std::invalid_argument);
    CHECK_THROWS_AS(q::student_t_975(-3), std::invalid_argument);
  }
}

namespace {

/// The truncated M/M/c+M chain on 0..states-1 solved as a linear system (pi Q = 0, sum pi = 1) by Gaussian
/// elimination with partial pivoting: an independent route to the stationary law, not the product form.
std::vector<double> erlang_a_chain_by_elimination(int servers, double lambda, double mu, double theta, int states)
{
  const auto n = static_cast<std::size_t>(states);
  // Rows are the balance equations (Q transposed), the last replaced by the normalisation.
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  auto death = [&](std::size_t k) {
    return std::min<double>(static_cast<double>(k), servers) * mu + std::max<double>(static_cast<double>(k) - servers, 0) * theta;
  };
  for (std::size_t j = 0; j < n; ++j) { // equation for state j: inflow - outflow = 0
    const double out = (j + 1 < n ? lambda : 0) + death(j);
    a[j][j] -= out;
    if (j > 0) a[j][j - 1] += lambda;
    if (j + 1 < n) a[j][j + 1] += death(j + 1);
  }
  for (std::size_t k = 0; k < n; ++k) a[n - 1][k] = 1;
  a[n - 1][n] = 1;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r)
      if (std::fabs(a[r][col]) > std::fabs(a[pivot][col])) pivot = r;
    std::swap(a[col], a[pivot]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col || a[r][col] == 0) continue;
      const double f = a[r][col] / a[col][col];
      for (std::size_t k = col; k <= n; ++k) a[r][k] -= f * a[col][k];
    }
  }
  std::vector<double> pi(n);
  for (std::size_t k = 0; k < n; ++k) pi[k] = a[k][n] / a[k][k];
  return pi;
}

} // namespace

TEST_CASE("Erlang A agrees with the truncated chain solved directly", "[queueing]")
{
  struct Case {
    int c;
    double lambda, mu, theta;
  };
  for (const Case& k : {Case{1, 0.8, 1, 0.3}, Case{3, 3.0, 1, 0.5}, Case{5, 7.0, 1, 2.0}, Case{2, 1.0, 1, 0.05}}) {
    INFO("c " << k.c << " lambda " << k.lambda << " theta " << k.theta);
    const auto pi = erlang_a_chain_by_elimination(k.c, k.lambda, k.mu, k.theta, 400);
    double queue = 0, waiting = 0;
    for (std::size_t n = static_cast<std::size_t>(k.c); n < pi.size(); ++n) {
      queue += (static_cast<double>(n) - k.c) * pi[n];
      waiting += pi[n];
    }
    const auto ea = q::erlang_a(k.c, k.lambda, 1 / k.mu, 1 / k.theta);
    CHECK(ea.queue_mean == Approx(queue).epsilon(1e-9));
    CHECK(ea.wait_probability == Approx(waiting).epsilon(1e-9));
    // Abandonments happen at rate theta E[Q]; Little's law on the queue gives the mean wait of all arrivals.
    CHECK(ea.abandon_probability == Approx(k.theta * queue / k.lambda).epsilon(1e-9));
    CHECK(ea.wait_mean_all_s == Approx(queue / k.lambda).epsilon(1e-9));
    // In each place in line, leaving and being served race at the same sojourn: the served are those that
    // found the shorter lines, so they waited less on average than all arrivals.
    CHECK(ea.wait_mean_served_s < ea.wait_mean_all_s);
  }
}

TEST_CASE("Erlang A limits: Erlang C as patience grows, and theta = mu is M/M/infinity", "[queueing]")
{
  // Very patient customers of a stable queue: Erlang C's waiting probability and mean wait, no abandonment.
  const auto patient = q::erlang_a(3, 2.7 / 60, 60, 1e9);
  CHECK(patient.abandon_probability < 1e-6);
  CHECK(patient.wait_probability == Approx(q::erlang_c(3, 2.7)).epsilon(1e-6));
  CHECK(patient.wait_mean_served_s == Approx(q::mmc_mean_wait_s(3, 2.7 / 60, 60)).epsilon(1e-5));
  CHECK(patient.wait_mean_all_s == Approx(q::mmc_mean_wait_s(3, 2.7 / 60, 60)).epsilon(1e-5));
  // Very impatient customers: a loss system, whose abandonments are Erlang B's blocked calls.
  const double a = 4.0;
  double erlang_b = 1;
  for (int k = 1; k <= 3; ++k) erlang_b = a * erlang_b / (k + a * erlang_b);
  const auto impatient = q::erlang_a(3, a / 60, 60, 1e-6);
  CHECK(impatient.abandon_probability == Approx(erlang_b).epsilon(1e-6));
  CHECK(impatient.wait_mean_all_s < 1e-5);
  // theta = mu: the death rate is n mu, the chain is M/M/infinity and the number inside is Poisson(a). With c = 1,
  // E[Q] = E[(N - 1)+] = a - 1 + e^-a, so P(abandon) = (a - 1 + e^-a) / a and E[W] = (a - 1 + e^-a) / lambda.
  for (double load : {0.5, 1.0, 2.5}) {
    INFO("a " << load);
    const auto mminf = q::erlang_a(1, load / 60, 60, 60);
    const double queue = load - 1 + std::exp(-load);
    CHECK(mminf.abandon_probability == Approx(queue / load).epsilon(1e-12));
    CHECK(mminf.wait_mean_all_s == Approx(queue / (load / 60)).epsilon(1e-12));
    CHECK(mminf.wait_probability == Approx(1 - std::exp(-load)).epsilon(1e-12));
  }
  // Overloaded (rho = 2) but stable thanks to abandonment; hundreds of servers do not overflow.
  const auto overloaded = q::erlang_a(300, 600.0 / 60, 60, 600);
  CHECK(overloaded.abandon_probability == Approx(0.5).margin(0.01)); // fluid limit: 1 - c mu / lambda
  CHECK(std::isfinite(overloaded.wait_mean_served_s));
  CHECK_THROWS_AS(q::erlang_a(0, 1, 1, 1), std::invalid_argument);
  CHECK_THROWS_AS(q::erlang_a(1, 1, 1, 0), std::invalid_argument);
}

TEST_CASE("M/M/c/K: the share of arrivals turned away", "[queueing]")
{
  // M/M/1/K: rho^K (1 - rho) / (1 - rho^(K+1)).
  const double rho = 0.8;
  CHECK(q::mmck_full_probability(1, 5, rho) == Approx(std::pow(rho, 5) * (1 - rho) / (1 - std::pow(rho, 6))).epsilon(1e-12));
  // K = c: Erlang B.
  double erlang_b = 1;
  for (int k = 1; k <= 4; ++k) erlang_b = 3.0 * erlang_b / (k + 3.0 * erlang_b);
  CHECK(q::mmck_full_probability(4, 4, 3.0) == Approx(erlang_b).epsilon(1e-12));
  CHECK(q::mmck_full_probability(2, 10, 0.0) == 0);
}
