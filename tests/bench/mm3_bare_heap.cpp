// M/M/3 FIFO queue as the barest event-heap program: a std::priority_queue of (time, kind) and the mean wait,
// nothing else. The floor under mm3_heap.cpp, which also computes every statistic bordersim reports.
//
// The same model, random numbers and order of draws as mm3_heap.cpp (arrivals 2.7 per minute, exponential service
// with mean 1 minute, 3 servers). Usage: bench_mm3_bare_heap [customers=1000000] [seed=11]; prints the mean wait
// in minutes (Erlang C: 2.7235).

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <queue>
#include <random>
#include <utility>
#include <vector>

namespace {
constexpr int kServers = 3;
constexpr double kMeanArrivalGapS = 60.0 / 2.7;
constexpr double kMeanServiceS = 60.0;

double exponential(std::mt19937_64& rng, double mean)
{
  return -mean * std::log(1.0 - static_cast<double>(rng() >> 11) * 0x1.0p-53);
}
} // namespace

int main(int argc, char** argv)
{
  const long long customers = argc > 1 ? std::atoll(argv[1]) : 1000000;
  std::mt19937_64 rng(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 11);
  // (time, is_arrival), earliest first
  std::priority_queue<std::pair<double, bool>, std::vector<std::pair<double, bool>>, std::greater<>> events;
  std::deque<double> waiting_since_s;
  long long arrived = 0, started = 0;
  int busy = 0;
  double wait_sum_s = 0;
  events.emplace(exponential(rng, kMeanArrivalGapS), true);
  while (!events.empty()) {
    const auto [now_s, is_arrival] = events.top();
    events.pop();
    if (is_arrival) {
      if (++arrived < customers) events.emplace(now_s + exponential(rng, kMeanArrivalGapS), true);
      if (busy == kServers) {
        waiting_since_s.push_back(now_s);
        continue;
      }
      ++busy;
    } else if (!waiting_since_s.empty()) {
      wait_sum_s += now_s - waiting_since_s.front();
      waiting_since_s.pop_front();
    } else {
      --busy;
      continue;
    }
    ++started;
    events.emplace(now_s + exponential(rng, kMeanServiceS), false);
  }
  std::printf("mean_wait_min %.4f customers %lld\n", wait_sum_s / static_cast<double>(started) / 60.0, started);
  return 0;
}
