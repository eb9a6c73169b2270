#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "sim/results/replication_result.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;

// Bucket middles used below, from the histogram's layout (each octave [2^e, 2^(e+1)) in 128 buckets):
//  120 s lies in [64, 128), buckets 0.5 s wide, index (120-64)/0.5 = 112: middle 64 + 0.5 x 112.5 = 120.25;
//  240 s lies in [128, 256), buckets 1 s wide, index 112: middle 240.5, above the maximum 240.

TEST_CASE("FlowTally means and capped quantiles", "[replication_result]")
{
  const FlowTally empty;
  CHECK(std::isnan(empty.wait_mean_s()));
  CHECK(std::isnan(empty.system_time_mean_s()));
  CHECK(std::isnan(empty.wait_quantile_s(0.5)));
  CHECK(std::isnan(empty.system_time_quantile_s(0.95)));

  const FlowTally t = unit::flow_with_waits({60, 120, 180, 240}, 30);
  CHECK(t.wait_mean_s() == Approx(150));        // 600 / 4
  CHECK(t.system_time_mean_s() == Approx(180)); // (600 + 4 x 30) / 4
  CHECK(t.wait_quantile_s(0.5) == 120.25);      // nearest rank ceil(0.5 x 4) = 2: 120's bucket middle
  CHECK(t.wait_quantile_s(0.95) == 240);        // rank 4: 240.5, capped at the maximum 240
  CHECK(t.wait_quantile_s(1.0) == 240);
  CHECK(t.system_time_quantile_s(1.0) == 270); // 270 lies in [256, 512), middle 271: capped at 270
}

TEST_CASE("PooledWaits pools the waits and maxima of flows and stages", "[replication_result]")
{
  PooledWaits a;
  a.add(unit::flow_with_waits({60, 120}, 10));
  a.add(unit::flow_with_waits({180, 240}, 20));
  CHECK(a.wait.count() == 4);
  CHECK(a.system_time.count() == 4);
  CHECK(a.wait_max_s == 240);
  CHECK(a.system_max_s == 260);
  CHECK(a.wait_quantile_s(0.5) == 120.25); // the pooled {60, 120, 180, 240}, as in the test above
  CHECK(a.wait_quantile_s(0.95) == 240);
  CHECK(std::isnan(a.slot_wait_quantile_s(0.95))); // nobody booked

  PooledWaits s;
  s.add(unit::stage_with_waits({60}));
  s.add(unit::stage_with_waits({120, 240}));
  CHECK(s.wait.count() == 3);
  CHECK(s.wait_max_s == 240);
  CHECK(s.wait_quantile_s(0.5) == 120.25); // rank ceil(1.5) = 2 of {60, 120, 240}
}

TEST_CASE("StageTally rates over the window and shares of open lane time", "[replication_result]")
{
  StageTally t = unit::stage_with_waits({100, 200});
  CHECK(t.wait_mean_s() == Approx(150));
  CHECK(std::isnan(StageTally{}.wait_mean_s()));
  CHECK(std::isnan(StageTally{}.wait_quantile_s(0.95)));
  // Nothing open: no share can be given.
  t.serving_integral = 100;
  CHECK(std::isnan(t.utilization()));
  CHECK(std::isnan(t.blocked_share()));
  // Two lanes open for an hour (7200 lane-s), busy half of it, 720 lane-s held by blocked vehicles.
  t.open_integral = 7200;
  t.serving_integral = 3600;
  t.holding_integral = 720;
  CHECK(t.utilization() == Approx(0.5));
  CHECK(t.blocked_share() == Approx(0.1));
  CHECK(t.open_lanes_mean(3600) == Approx(2));
  // 7200 vehicle-s of queue over a one-hour window: 2 vehicles on average; 36,000 m-s: 10 m.
  t.queue_integral = 7200;
  t.queue_m_integral = 36000;
  CHECK(t.queue_mean(3600) == Approx(2));
  CHECK(t.queue_mean_m(3600) == Approx(10));
  CHECK(t.queue_mean(7200) == Approx(1)); // the same integral over a window twice as long
  // Of them, 1800 vehicle-s in the waiting zone and 5400 on the road, taking 27,000 m-s.
  t.zone_integral = 1800;
  t.road_integral = 5400;
  t.road_m_integral = 27000;
  CHECK(t.zone_mean(3600) == Approx(0.5));
  CHECK(t.road_mean(3600) == Approx(1.5));
  CHECK(t.road_mean_m(3600) == Approx(7.5));
}

TEST_CASE("ReplicationResult::per_day scales counts by the window", "[replication_result]")
{
  ReplicationResult r;
  r.window_s = 2 * 86400.0;
  CHECK(r.per_day(500) == Approx(250));
  r.window_s = 6 * 3600.0; // a quarter of a day
  CHECK(r.per_day(10) == Approx(40));
}

namespace {
ReplicationResult every_field_set()
{
  ReplicationResult r;
  r.replication = 17;
  r.window_s = 123456.5;
  r.vehicles = 987654321012ULL;
  // Waits below the 1 ms floor count as zeros in the histogram; the rest spread over many octaves.
  r.flows.push_back(unit::flow_with_waits({0.0, 0.0005, 1.5, 61, 3600, 250000}, 45.25));
  r.flows.push_back(FlowTally{}); // an empty flow must come back empty
  r.flows.push_back(unit::flow_with_waits({7}, 3));
  std::uint64_t n = 1;
  for (auto& f : r.flows) {
    f.arrivals = n++;
    f.departures = n++;
    f.in_system_at_warmup = n++;
    f.in_system_at_end = n++;
    f.diverted_out = n++;
    f.diverted_in = n++;
    f.cohort_done += 1000 * n++;
    f.cohort_unfinished = n++;
    f.unfinished_wait_sum_s = 0.5 * static_cast<double>(n++);
    f.cohort_still_in_system_after_drain = n++;
    f.abandoned = n++;
    f.diverted_impatient = n++;
    f.balked = n++;
    f.suppressed = n++;
    f.cohort_gave_up = n++;
    f.gave_up_wait_sum_s = 0.75 * static_cast<double>(n++);
    f.booked = n++;
    f.no_shows = n++;
    f.arrivals_booked = n++;
    f.awaiting_slot_at_warmup = n++;
    f.awaiting_slot_at_end = n++;
    f.slot_wait_sum_s = 0.125 * static_cast<double>(n++);
    f.slot_wait_max_s = 0.5 * static_cast<double>(n++);
    f.slot_wait.add(static_cast<double>(n++) * 60);
    for (std::size_t h = 0; h < f.by_arrival_hour.size(); h += 5) { // some hours with waits, the rest empty
      ArrivalHourTally& t = f.by_arrival_hour[h];
      t.count = n++;
      t.wait_sum_s = 0.25 * static_cast<double>(n++);
      t.wait.add(static_cast<double>(h) * 60 + 1);
      t.wait.add(0.0);
    }
  }
  r.stages.push_back(unit::stage_with_waits({0.0, 2, 4, 8e5}));
  r.stages.push_back(StageTally{});
  double x = 0.25;
  r.stages.front().queue_batch_means = {0.0, 2.5, 7.75};
  for (auto& s : r.stages) {
    s.served = static_cast<std::uint64_t>(x * 4000);
    s.queue_integral = x += 1.125;
    s.queue_m_integral = x += 1.125;
    s.serving_integral = x += 1.125;
    s.holding_integral = x += 1.125;
    s.open_integral = x += 1.125;
    s.queue_max = x += 1.125;
    s.queue_m_max = x += 1.125;
    s.broken_integral = x += 1.125;
    s.staff_cost_integral = x += 1.125;
    s.zone_integral = x += 1.125;
    s.road_integral = x += 1.125;
    s.road_m_integral = x += 1.125;
    s.road_max = x += 1.125;
    s.road_m_max = x += 1.125;
  }
  return r;
}

} // namespace

// Field `f` of the original `a` and of the copy read back `b`.
#define CHECK_SAME(f) CHECK(b.f == a.f)
#define CHECK_SAME_HISTOGRAM(f) \
  do { \
    CHECK(b.f.count() == a.f.count()); \
    CHECK(b.f.zeros() == a.f.zeros()); \
    CHECK(b.f.sparse() == a.f.sparse()); \
  } while (false)

TEST_CASE("ReplicationResult survives the write/read round trip, field by field", "[replication_result]")
{
  unit::ScratchDir dir;
  const ReplicationResult r = every_field_set();
  r.write(dir.file("r.bin"));
  const ReplicationResult back = ReplicationResult::read(dir.file("r.bin"));
  CHECK(back.replication == 17);
  CHECK(back.window_s == 123456.5);
  CHECK(back.vehicles == 987654321012ULL);
  REQUIRE(back.flows.size() == 3);
  REQUIRE(back.stages.size() == 2);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("flow " << i);
    const FlowTally &a = r.flows[i], &b = back.flows[i];
    CHECK_SAME(arrivals);
    CHECK_SAME(departures);
    CHECK_SAME(in_system_at_warmup);
    CHECK_SAME(in_system_at_end);
    CHECK_SAME(cohort_done);
    CHECK_SAME(diverted_out);
    CHECK_SAME(diverted_in);
    CHECK_SAME(wait_sum_s);
    CHECK_SAME(wait_max_s);
    CHECK_SAME(system_sum_s);
    CHECK_SAME(system_max_s);
    CHECK_SAME(cohort_unfinished);
    CHECK_SAME(unfinished_wait_sum_s);
    CHECK_SAME(cohort_still_in_system_after_drain);
    CHECK_SAME(abandoned);
    CHECK_SAME(diverted_impatient);
    CHECK_SAME(balked);
    CHECK_SAME(suppressed);
    CHECK_SAME(cohort_gave_up);
    CHECK_SAME(gave_up_wait_sum_s);
    CHECK_SAME(booked);
    CHECK_SAME(no_shows);
    CHECK_SAME(arrivals_booked);
    CHECK_SAME(awaiting_slot_at_warmup);
    CHECK_SAME(awaiting_slot_at_end);
    CHECK_SAME(slot_wait_sum_s);
    CHECK_SAME(slot_wait_max_s);
    CHECK_SAME_HISTOGRAM(slot_wait);
    CHECK_SAME_HISTOGRAM(wait);
    CHECK_SAME_HISTOGRAM(system_time);
    for (std::size_t h = 0; h < a.by_arrival_hour.size(); ++h) {
      INFO("hour " << h);
      CHECK_SAME(by_arrival_hour[h].count);
      CHECK_SAME(by_arrival_hour[h].wait_sum_s);
      CHECK_SAME_HISTOGRAM(by_arrival_hour[h].wait);
    }
  }
  CHECK(back.flows[0].by_arrival_hour[5].wait.count() == 2);
  CHECK(back.flows[0].by_arrival_hour[6].count == 0);
  // The first flow's histogram holds two zeros (0 and 0.5 ms) among six waits.
  CHECK(back.flows[0].wait.zeros() == 2);
  CHECK(back.flows[0].wait.count() == 6);
  for (std::size_t i = 0; i < 2; ++i) {
    INFO("stage " << i);
    const StageTally &a = r.stages[i], &b = back.stages[i];
    CHECK_SAME(served);
    CHECK_SAME(cohort_waits);
    CHECK_SAME(wait_sum_s);
    CHECK_SAME(wait_max_s);
    CHECK_SAME_HISTOGRAM(wait);
    CHECK_SAME(queue_integral);
    CHECK_SAME(queue_m_integral);
    CHECK_SAME(serving_integral);
    CHECK_SAME(holding_integral);
    CHECK_SAME(open_integral);
    CHECK_SAME(queue_max);
    CHECK_SAME(queue_m_max);
    CHECK_SAME(broken_integral);
    CHECK_SAME(staff_cost_integral);
    CHECK_SAME(zone_integral);
    CHECK_SAME(road_integral);
    CHECK_SAME(road_m_integral);
    CHECK_SAME(road_max);
    CHECK_SAME(road_m_max);
    CHECK_SAME(queue_batch_means);
  }
}

TEST_CASE("A truncated or garbage replication result is refused with an exception", "[replication_result]")
{
  unit::ScratchDir dir;
  every_field_set().write(dir.file("whole.bin"));
  const std::string whole = unit::read_text(dir.file("whole.bin"));
  REQUIRE(whole.size() > 100);
  // Every proper prefix: each field is either whole or missing, so every cut ends in the middle of a read.
  for (std::size_t cut = 0; cut < whole.size(); ++cut) {
    INFO("cut at byte " << cut << " of " << whole.size());
    CHECK_THROWS_AS(ReplicationResult::read(dir.write("cut.bin", whole.substr(0, cut))), std::runtime_error);
  }
  CHECK_THROWS_AS(ReplicationResult::read(dir.file("absent.bin")), std::runtime_error);
  // A header that promises 1000 flows and then ends.
  std::string promise(4 + 8 + 8, '\0');
  const std::uint64_t thousand = 1000;
  promise.append(reinterpret_cast<const char*>(&thousand), sizeof thousand);
  CHECK_THROWS_AS(ReplicationResult::read(dir.write("promise.bin", promise)), std::runtime_error);
  // Text: the flow count then reads as ~7e18, far beyond what can be allocated.
  CHECK_THROWS(ReplicationResult::read(dir.write("text.bin", "this is not a replication result at all\n")));
}

TEST_CASE("A replication result that cannot be written in full is an error", "[replication_result]")
{
  // /dev/full accepts the open and fails the buffered writes when the file is closed.
  CHECK_THROWS_AS(every_field_set().write("/dev/full"), std::runtime_error);
  CHECK_THROWS_AS(every_field_set().write("/nonexistent-folder/r.bin"), std::runtime_error);
}

// The format starts with a magic number and a version and must end where the result ends.
TEST_CASE("A file of zeros or one with trailing bytes is not a replication result", "[replication_result]")
{
  unit::ScratchDir dir;
  CHECK_THROWS(ReplicationResult::read(dir.write("zeros.bin", std::string(4 + 8 + 8 + 8 + 8, '\0'))));
  every_field_set().write(dir.file("whole.bin"));
  CHECK_THROWS(ReplicationResult::read(dir.write("longer.bin", unit::read_text(dir.file("whole.bin")) + "garbage")));
}

namespace {
/// The start of a valid file as ReplicationResult::write lays it out: magic, version, replication, window, vehicles.
std::string header_bytes(double window_s)
{
  std::string bytes = "BSIMREPL";
  const std::uint32_t version = 7;
  const int replication = 3;
  const std::uint64_t vehicles = 10;
  bytes.append(reinterpret_cast<const char*>(&version), sizeof version);
  bytes.append(reinterpret_cast<const char*>(&replication), sizeof replication);
  bytes.append(reinterpret_cast<const char*>(&window_s), sizeof window_s);
  bytes.append(reinterpret_cast<const char*>(&vehicles), sizeof vehicles);
  return bytes;
}

template <class T> std::string bytes_of(T value) { return std::string(reinterpret_cast<const char*>(&value), sizeof value); }
} // namespace

TEST_CASE("A replication result's counts are bounded by its file, its window is positive, its version known",
          "[replication_result]")
{
  unit::ScratchDir dir;
  // A count far beyond what the file can hold is refused before anything is allocated (it was a bad_alloc).
  const std::string huge = dir.write("huge.bin", header_bytes(3600) + bytes_of(std::uint64_t{1} << 61));
  CHECK_THROWS_WITH(ReplicationResult::read(huge), Catch::Contains(huge + ": truncated or garbled replication result: " +
                                                                   std::to_string(std::uint64_t{1} << 61) + " flows announced"));
  // No flows, no stages, but a window of 0 s: per_day() would divide by zero.
  const std::string zero = dir.write("zero.bin", header_bytes(0) + bytes_of(std::uint64_t{0}) + bytes_of(std::uint64_t{0}));
  CHECK_THROWS_WITH(ReplicationResult::read(zero), Catch::Contains("a measurement window of 0"));
  const std::string fine = dir.write("fine.bin", header_bytes(3600) + bytes_of(std::uint64_t{0}) + bytes_of(std::uint64_t{0}));
  CHECK(ReplicationResult::read(fine).window_s == 3600);
  // Another format version, and something else altogether.
  std::string other = header_bytes(3600) + bytes_of(std::uint64_t{0}) + bytes_of(std::uint64_t{0});
  other[8] = 1;
  CHECK_THROWS_WITH(ReplicationResult::read(dir.write("other.bin", other)),
                    Catch::Contains("in format 1; this bordersim reads format 7"));
  CHECK_THROWS_WITH(ReplicationResult::read(dir.write("text.bin", "this is not a replication result at all\n")),
                    Catch::Contains("not a replication result"));
  // A histogram bucket beyond any finite wait.
  FlowTally flow;
  flow.wait.restore(0, {{5, 1}});
  ReplicationResult r;
  r.window_s = 60;
  r.flows.push_back(flow);
  r.write(dir.file("one.bin"));
  std::string bytes = unit::read_text(dir.file("one.bin"));
  const std::string bucket = bytes_of(std::uint32_t{5}) + bytes_of(std::uint64_t{1});
  const auto at = bytes.find(bucket);
  REQUIRE(at != std::string::npos);
  bytes.replace(at, 4, bytes_of(std::uint32_t{0xFFFFFFFF}));
  CHECK_THROWS_WITH(ReplicationResult::read(dir.write("bucket.bin", bytes)), Catch::Contains("histogram bucket 4294967295"));
  // A bucket counting more than a replication's 32 bits hold, or nothing (sparse() never writes an empty one).
  std::string counted = unit::read_text(dir.file("one.bin"));
  counted.replace(at + 4, 8, bytes_of(std::uint64_t{1} << 32));
  CHECK_THROWS_WITH(ReplicationResult::read(dir.write("count.bin", counted)), Catch::Contains("a histogram bucket counting 4294967296"));
  counted.replace(at + 4, 8, bytes_of(std::uint64_t{0}));
  CHECK_THROWS_WITH(ReplicationResult::read(dir.write("empty.bin", counted)), Catch::Contains("a histogram bucket counting 0"));
  // Not a regular file.
  CHECK_THROWS_WITH(ReplicationResult::read("/dev/zero"), Catch::Contains("/dev/zero:1:1: not a regular file"));
}
