// M/M/3 FIFO queue as a plain event-heap program (no SimGrid): the floor for the bordersim benchmark.
//
// Arrivals 2.7 per minute, exponential service with mean 1 minute, 3 servers (utilisation 0.9), FIFO.
// Usage: bench_mm3_heap [customers=1000000] [seed=11]
// Prints one line with the statistics bordersim reports for this model: mean, median, 95th percentile and
// maximum of the wait in queue, mean system time, time-average number waiting, server utilisation.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <queue>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int kServers = 3;
constexpr double kArrivalRatePerS = 2.7 / 60.0;
constexpr double kMeanServiceS = 60.0;

enum class Kind : std::uint8_t { arrival, departure };

struct Event {
  double time_s;
  std::uint64_t seq; // same-time events in scheduling order
  Kind kind;
};

struct Later {
  bool operator()(const Event& a, const Event& b) const
  {
    return a.time_s != b.time_s ? a.time_s > b.time_s : a.seq > b.seq;
  }
};

/// Exponential variate by inverse transform of a uniform in [0, 1).
double exponential(std::mt19937_64& rng, double mean)
{
  const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  return -mean * std::log(1.0 - u);
}

/// Nearest-rank quantile; reorders `values`.
double quantile(std::vector<double>& values, double p)
{
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
  const std::size_t k = rank == 0 ? 0 : rank - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

} // namespace

int main(int argc, char** argv)
{
  const long long customers = argc > 1 ? std::atoll(argv[1]) : 1000000;
  const unsigned long long seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 11;
  if (customers < 1) {
    std::fprintf(stderr, "usage: %s [customers>=1] [seed]\n", argv[0]);
    return 2;
  }

  std::mt19937_64 rng(seed);
  std::priority_queue<Event, std::vector<Event>, Later> events;
  std::uint64_t next_seq = 0;
  const auto schedule = [&](double time_s, Kind kind) { events.push(Event{time_s, next_seq++, kind}); };

  std::deque<double> queue_arrivals_s; // arrival times of the customers waiting, oldest first
  std::vector<double> waits_s;
  waits_s.reserve(static_cast<std::size_t>(customers));
  int busy = 0;
  long long arrived = 0;
  double system_time_sum_s = 0;
  double busy_server_s = 0;
  double queue_area = 0; // integral of the number waiting over time
  double now_s = 0;

  // Starts a service now for a customer that arrived at `arrival_s`.
  const auto start_service = [&](double arrival_s) {
    const double service_s = exponential(rng, kMeanServiceS);
    waits_s.push_back(now_s - arrival_s);
    system_time_sum_s += now_s - arrival_s + service_s;
    busy_server_s += service_s;
    ++busy;
    schedule(now_s + service_s, Kind::departure);
  };

  schedule(exponential(rng, 1.0 / kArrivalRatePerS), Kind::arrival);
  while (!events.empty()) {
    const Event e = events.top();
    events.pop();
    queue_area += static_cast<double>(queue_arrivals_s.size()) * (e.time_s - now_s);
    now_s = e.time_s;
    if (e.kind == Kind::arrival) {
      ++arrived;
      if (arrived < customers)
        schedule(now_s + exponential(rng, 1.0 / kArrivalRatePerS), Kind::arrival);
      if (busy < kServers)
        start_service(now_s);
      else
        queue_arrivals_s.push_back(now_s);
    } else {
      --busy;
      if (!queue_arrivals_s.empty()) {
        const double arrival_s = queue_arrivals_s.front();
        queue_arrivals_s.pop_front();
        start_service(arrival_s);
      }
    }
  }

  const double horizon_s = now_s; // the last departure
  const auto n = static_cast<double>(waits_s.size());
  double wait_sum_s = 0;
  for (double w : waits_s)
    wait_sum_s += w;
  const double wait_max_s = *std::max_element(waits_s.begin(), waits_s.end());
  const double wait_p50_s = quantile(waits_s, 0.50);
  const double wait_p95_s = quantile(waits_s, 0.95);

  std::printf("customers=%zu wait_mean_min=%.6f wait_p50_min=%.6f wait_p95_min=%.6f wait_max_min=%.6f "
              "system_time_mean_min=%.6f queue_mean=%.6f utilization=%.6f horizon_h=%.3f\n",
              waits_s.size(), wait_sum_s / n / 60, wait_p50_s / 60, wait_p95_s / 60, wait_max_s / 60,
              system_time_sum_s / n / 60, queue_area / horizon_s, busy_server_s / (kServers * horizon_s),
              horizon_s / 3600);
  return 0;
}
