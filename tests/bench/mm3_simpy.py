#!/usr/bin/python3
"""M/M/3 FIFO queue in SimPy 2.3.1 (Debian python3-simpy): the Python reference for the bordersim benchmark.

Arrivals 2.7 per minute, exponential service with mean 1 minute, 3 servers (utilisation 0.9), FIFO.
Usage: mm3_simpy.py [customers=1000000] [seed=11]
Prints one line: mean, median, 95th percentile and maximum of the wait in queue, mean system time and
server utilisation. Times are simulated in seconds and reported in minutes.
"""
import math
import random
import sys

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

SERVERS = 3
ARRIVAL_RATE_PER_S = 2.7 / 60.0
MEAN_SERVICE_S = 60.0


class Stats:
    def __init__(self):
        self.waits_s = []
        self.system_time_sum_s = 0.0
        self.busy_server_s = 0.0


class Customer(Process):
    def visit(self, booth, rng, stats):
        arrived_s = now()
        yield request, self, booth
        stats.waits_s.append(now() - arrived_s)
        service_s = rng.expovariate(1.0 / MEAN_SERVICE_S)
        stats.busy_server_s += service_s
        yield hold, self, service_s
        release_s = now()
        yield release, self, booth
        stats.system_time_sum_s += release_s - arrived_s


class Source(Process):
    def generate(self, customers, booth, rng, stats):
        for _ in range(customers):
            yield hold, self, rng.expovariate(ARRIVAL_RATE_PER_S)
            c = Customer()
            activate(c, c.visit(booth, rng, stats))


def nearest_rank(sorted_values, p):
    """Nearest-rank quantile of an ascending list."""
    k = max(math.ceil(p * len(sorted_values)) - 1, 0)
    return sorted_values[k]


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    if customers < 1:
        sys.exit("usage: mm3_simpy.py [customers>=1] [seed]")

    rng = random.Random(seed)
    stats = Stats()
    initialize()
    booth = Resource(capacity=SERVERS, name="booth")
    source = Source()
    activate(source, source.generate(customers, booth, rng, stats))
    simulate(until=1e30)  # runs until no event is left
    horizon_s = now()  # the last departure

    waits = sorted(stats.waits_s)
    n = len(waits)
    print("customers=%d wait_mean_min=%.6f wait_p50_min=%.6f wait_p95_min=%.6f wait_max_min=%.6f "
          "system_time_mean_min=%.6f utilization=%.6f horizon_h=%.3f" % (
              n, math.fsum(waits) / n / 60, nearest_rank(waits, 0.50) / 60, nearest_rank(waits, 0.95) / 60,
              waits[-1] / 60, stats.system_time_sum_s / n / 60,
              stats.busy_server_s / (SERVERS * horizon_s), horizon_s / 3600))


if __name__ == "__main__":
    main()
