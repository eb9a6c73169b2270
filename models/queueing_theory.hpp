// Exact queueing-theory results (Erlang C, Erlang A, M/M/c/K, M/M/c, Pollaczek-Khinchine, Student's t) to validate the
// simulator against.
#pragma once

#include <span>

namespace bordersim::queueing {

/// Probability that an arrival has to wait in an M/M/c queue with `servers` servers and offered load
/// a = lambda * E[S] (Erlang C). Computed through the Erlang B recursion, stable for hundreds of servers.
/// Throws std::invalid_argument if servers < 1, the load is negative or not finite, or a >= servers (unstable).
double erlang_c(int servers, double offered_load_erlangs);

/// Mean time in queue (excluding service) of an M/M/c FIFO queue: C(c, a) / (c * mu - lambda).
double mmc_mean_wait_s(int servers, double arrival_rate_per_s, double mean_service_s);

/// Quantile p of the time in queue of an M/M/c FIFO queue, using P(W > t) = C * exp(-(c * mu - lambda) * t).
/// Zero when p <= 1 - C (that share of arrivals does not wait at all). Requires 0 <= p < 1.
double mmc_wait_quantile_s(int servers, double arrival_rate_per_s, double mean_service_s, double p);

/// Mean time in queue of an M/G/1 FIFO queue (Pollaczek-Khinchine): lambda * E[S^2] / (2 * (1 - rho)).
double mg1_mean_wait_s(double arrival_rate_per_s, double mean_service_s, double service_variance_s2);

/// Mean time in queue (joining to the start of service) of a FIFO M/M/1 queue whose server breaks down as a lane with
/// `failures` does (models/lane_failures.hpp): time-based failures, up-times exponential with mean `mtbf_s` (rate
/// xi = 1/mtbf) whether the server is busy or idle, exponential repairs with mean `mean_repair_s` (rate eta), and
/// preemptive resume. Exact (Avi-Itzhak and Naor 1963, the model with breakdowns also in idle periods):
///   W = lambda E[C^2] / (2 (1 - lambda E[C])) + r^2 / (m + r),   m = mtbf, r = mean repair, s = mean service,
/// where C, the completion time of a service (the service and the repairs of the breakdowns during it), has
///   E[C] = s (1 + r/m),  E[C^2] = 2 s^2 (1 + r/m)^2 + 2 s r^2 / m.
/// The first term is Pollaczek-Khinchine for service C (exact were the server to fail only while serving); the
/// second, P(down) x r, is what breakdowns in idle time add. Derivation in the .cpp. Throws std::invalid_argument
/// on invalid inputs or lambda E[C] >= 1 (unstable).
double mm1_breakdowns_mean_wait_s(double arrival_rate_per_s, double mean_service_s, double mtbf_s, double mean_repair_s);

/// Mean wait for a slot of the electronic queue (models/booking.hpp): Poisson bookings at `booking_rate_per_s`, each
/// taking the earliest free slot at or after its time, slots every `slot_spacing_s` (one vehicle each). With
/// rho = lambda * spacing < 1 it is spacing / (2 (1 - rho)): the M/D/1 wait, rho spacing / (2 (1 - rho)), plus half a
/// slot. Derivation in the .cpp. Throws std::invalid_argument on invalid inputs or rho >= 1.
double slotted_md1_mean_wait_s(double booking_rate_per_s, double slot_spacing_s);

/// One Poisson class of customers sharing a single FIFO server.
struct ClassLoad {
  double arrival_rate_per_s;
  double mean_service_s;
  double service_variance_s2;
};

/// Mean time in queue of a FIFO M/G/1 queue fed by several Poisson classes:
/// sum(lambda_i * E[S_i^2]) / (2 * (1 - rho)), the same for every class. Needs at least one class and rho < 1.
double mixed_mg1_mean_wait_s(std::span<const ClassLoad> classes);

/// The stationary M/M/c+M queue (Erlang A): Poisson arrivals, c servers with exponential service, FIFO, each waiting
/// customer leaving after an exponential patience. Seen by arrivals (PASTA).
struct ErlangA {
  double abandon_probability;  // P(an arrival leaves before its service starts)
  double wait_probability;     // P(an arrival finds every server busy)
  double wait_mean_served_s;   // mean time in queue of the customers served
  double wait_mean_all_s;      // mean time in queue of all arrivals, those that abandon until they do
  double queue_mean;           // mean number waiting
};

/// Erlang A from the birth-death chain on n = 0, 1, ... customers (birth rate lambda, death rate
/// min(n, c) mu + max(n - c, 0) theta), its infinite sum cut where the terms fall below 1e-15 of the total.
/// An arrival finding n >= c is k = n - c + 1th in line; it moves up at rate c mu + (k - 1) theta and leaves at
/// rate theta, so it is served with probability c mu / (c mu + k theta), after a mean wait
/// sum_{j=1..k} 1 / (c mu + j theta) when served. Stable for any load when theta > 0. Throws std::invalid_argument
/// when servers < 1, a rate or time is not finite and positive (the arrival rate may be 0), or the chain needs more
/// than ten million states (a patience far too long for the overload).
ErlangA erlang_a(int servers, double arrival_rate_per_s, double mean_service_s, double mean_patience_s);

/// M/M/c/K: Poisson arrivals, c servers with exponential service, room for K customers in all (K >= c). The
/// stationary probability that K are inside, which is the share of arrivals turned away (PASTA). A vehicle that
/// balks when it finds more than N waiting is turned away at K = c + N + 1.
double mmck_full_probability(int servers, int capacity, double offered_load_erlangs);

/// The 0.975 quantile of Student's t with the given degrees of freedom: the multiplier of a two-sided 95%
/// confidence interval. Computed (not tabulated) to better than 1e-9. Throws std::invalid_argument if df < 1.
double student_t_975(int degrees_of_freedom);

} // namespace bordersim::queueing
