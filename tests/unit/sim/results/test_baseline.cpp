#include <catch2/catch.hpp>

#include <cmath>

#include "sim/output/csv_writer.hpp"
#include "sim/results/baseline.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;

// t(0.975, 2) = 4.3027 and t(0.975, 4) = 2.776445 from a printed table.

namespace {
BaselineOptions options()
{
  return {"configs/x.yaml", "28d", "2d", 3, 7, {"a.b=1", "note=with, comma"}};
}

// M1 {10,12,14}: mean 12, s 2, +-4.3027 x 2 / sqrt(3); M2 has no value at all; M3 has one value.
std::vector<MetricSeries> recorded()
{
  const double nan = std::nan("");
  return {{{"k", "in", "truck", "wait_mean_min", {}}, "min", {10, 12, 14}},
          {{"k", "in", "bus", "wait_mean_min", {}}, "min", {nan, nan, nan}},
          {{"k", "in", "all", "queue_max", "exit"}, "vehicles", {5}}};
}

std::string write_baseline(const unit::ScratchDir& dir, const std::vector<BaselineRow>& rows)
{
  const std::string path = dir.file("baseline.csv");
  CsvWriter<BaselineRow> writer(path, true);
  for (const auto& row : rows) writer.write(row);
  return path;
}

/// A baseline holding one metric (value, ci95) with valid run options, built by hand.
Baseline one_metric(const std::string& value, std::optional<double> ci95)
{
  Baseline b{options(), {}};
  b.metrics.push_back({"metric", "k", "in", "truck", "", "wait_mean_min", value, ci95, 5});
  return b;
}

std::vector<MetricSeries> now_values(std::vector<double> values)
{
  return {{{"k", "in", "truck", "wait_mean_min", {}}, "min", std::move(values)}};
}
} // namespace

TEST_CASE("baseline_rows: the run options, then the metrics that have a value", "[baseline]")
{
  const auto rows = baseline_rows(options(), recorded());
  REQUIRE(rows.size() == 9); // 5 options + 2 sets + M1 + M3 (M2 has no value)
  const std::vector<std::string> names{"scenario", "horizon", "warmup", "replications", "seed", "set", "set"};
  const std::vector<std::string> values{"configs/x.yaml", "28d", "2d", "3", "7", "a.b=1", "note=with, comma"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    CHECK(rows[i].record == "option");
    CHECK(rows[i].metric == names[i]);
    CHECK(rows[i].value == values[i]);
  }
  CHECK(rows[7].record == "metric");
  CHECK(rows[7].vehicle_class == "truck");
  CHECK(rows[7].value == "12");
  CHECK(*rows[7].ci95 == Approx(4.3027 * 2 / std::sqrt(3.0)).epsilon(1e-4));
  CHECK(rows[7].replications == 3);
  CHECK(rows[8].metric == "queue_max");
  CHECK(rows[8].stage == "exit");
  CHECK(rows[8].value == "5");
  CHECK_FALSE(rows[8].ci95); // one replication: no interval
  CHECK(rows[8].replications == 1);

  CHECK(options().as_overrides() ==
        std::vector<std::string>{"a.b=1", "note=with, comma", "simulation.horizon=28d", "simulation.warmup=2d",
                                 "simulation.replications=3", "simulation.seed=7"});
}

TEST_CASE("A baseline written as CSV reads back the same", "[baseline]")
{
  unit::ScratchDir dir;
  const auto rows = baseline_rows(options(), recorded());
  const Baseline b = read_baseline(write_baseline(dir, rows));
  CHECK(b.options.scenario == "configs/x.yaml");
  CHECK(b.options.horizon == "28d");
  CHECK(b.options.warmup == "2d");
  CHECK(b.options.replications == 3);
  CHECK(b.options.seed == 7);
  CHECK(b.options.sets == options().sets);
  REQUIRE(b.metrics.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const BaselineRow &a = rows[7 + i], &r = b.metrics[i];
    CHECK(r.record == a.record);
    CHECK(r.crossing == a.crossing);
    CHECK(r.direction == a.direction);
    CHECK(r.vehicle_class == a.vehicle_class);
    CHECK(r.stage == a.stage);
    CHECK(r.metric == a.metric);
    CHECK(r.value == a.value);
    CHECK(r.replications == a.replications);
    CHECK(r.ci95.has_value() == a.ci95.has_value());
    if (a.ci95) CHECK(*r.ci95 == Approx(*a.ci95).epsilon(1e-9)); // written with 10 significant digits
  }
}

TEST_CASE("check_metrics flags a metric that moved beyond the combined intervals, better or worse", "[baseline]")
{
  // Now {m-2, m-1, m, m+1, m+2}: half-width t(4) sqrt(2.5) / sqrt(5) = t(4) / sqrt(2). With the same
  // half-width in the baseline the tolerance is sqrt(2 (t(4)/sqrt 2)^2) = t(4) = 2.776445.
  const double half = 2.776445 / std::sqrt(2.0);
  const Baseline b = one_metric("100", half); // a wait: lower is better
  auto shifted = [](double m) { return now_values({m - 2, m - 1, m, m + 1, m + 2}); };
  using V = CheckResult::Verdict;

  const CheckResult within = check_metrics(b, shifted(102.7));
  REQUIRE(within.lines.size() == 1);
  CHECK(within.lines[0].key == "k/in/truck/wait_mean_min");
  CHECK(within.lines[0].unit == "min");
  CHECK(within.lines[0].baseline == 100);
  CHECK(within.lines[0].now == Approx(102.7));
  CHECK(within.lines[0].tolerance == Approx(2.776445).epsilon(1e-6));
  CHECK(within.lines[0].verdict == V::same);
  CHECK(within.failed == 0);
  CHECK(check_metrics(b, shifted(97.3)).lines[0].verdict == V::same); // either way

  // Beyond the tolerance: a longer wait is worse and fails; a shorter one is better and fails only with --fail-on change.
  const CheckResult worse = check_metrics(b, shifted(102.85));
  CHECK(worse.lines[0].verdict == V::worse);
  CHECK(worse.failed == 1);
  const CheckResult better = check_metrics(b, shifted(97.15));
  CHECK(better.lines[0].verdict == V::better);
  CHECK(better.failed == 0);
  CHECK(better.changed == 1);
  CHECK(check_metrics(b, shifted(97.15), FailOn::change).failed == 1);
  CHECK_THAT(check_table(better), Catch::Contains("better (passes)") && Catch::Contains("--fail-on worse: 0 fail the check"));

  // Throughput: higher is better. Utilisation: neither, so it fails only with --fail-on change.
  Baseline served = one_metric("100", half);
  served.metrics[0].metric = "served_per_day";
  const std::vector<MetricSeries> more{{{"k", "in", "truck", "served_per_day", {}}, "vehicles/day", {101, 102, 103, 104, 105}}};
  CHECK(check_metrics(served, more).lines[0].verdict == V::better);
  Baseline busy = one_metric("0.5", 0.01);
  busy.metrics[0] = {"metric", "k", "in", "all", "exit", "utilization", "0.5", 0.01, 5};
  const std::vector<MetricSeries> busier{{{"k", "in", "all", "utilization", "exit"}, "share", {0.7, 0.7, 0.7}}};
  CHECK(check_metrics(busy, busier).lines[0].verdict == V::changed);
  CHECK(check_metrics(busy, busier).failed == 0);
  CHECK(check_metrics(busy, busier, FailOn::change).failed == 1);

  // Without any interval, only the rounding floor (1e-8 relative) is left.
  const Baseline exact = one_metric("5", std::nullopt);
  CHECK(check_metrics(exact, now_values({5})).lines[0].verdict == V::same);
  const CheckResult report = check_metrics(exact, now_values({5.001}));
  CHECK(report.lines[0].verdict == V::worse);
  CHECK_THAT(check_table(report), Catch::Contains("k/in/truck/wait_mean_min"));
  CHECK_THAT(check_table(report), Catch::Contains("1 of 1 metrics moved beyond their tolerance: 1 worse"));
}

TEST_CASE("check_metrics reports a metric missing now, and one new now, as failures either way", "[baseline]")
{
  const Baseline b = one_metric("12", 1.0);
  for (const auto& now : {std::vector<MetricSeries>{}, now_values({std::nan(""), std::nan("")})}) {
    const CheckResult r = check_metrics(b, now);
    REQUIRE(r.lines.size() == 1);
    CHECK(r.lines[0].verdict == CheckResult::Verdict::missing);
    CHECK(r.failed == 1);
    CHECK_THAT(check_table(r), Catch::Contains("missing now"));
  }
  // A crossing, stage or class new now: reported and failing; one without any value now is not new.
  const std::vector<MetricSeries> grown{{{"k", "in", "truck", "wait_mean_min", {}}, "min", {12, 12}},
                                        {{"k", "in", "all", "queue_mean", "scanner"}, "vehicles", {3, 4}},
                                        {{"k", "in", "bus", "wait_mean_min", {}}, "min", {std::nan(""), std::nan("")}}};
  const CheckResult r = check_metrics(b, grown);
  REQUIRE(r.lines.size() == 2);
  CHECK(r.lines[0].verdict == CheckResult::Verdict::same);
  CHECK(r.lines[1].key == "k/in/stage:scanner/queue_mean");
  CHECK(r.lines[1].verdict == CheckResult::Verdict::appeared);
  CHECK(r.failed == 1);
  CHECK_THAT(check_table(r), Catch::Contains("k/in/stage:scanner/queue_mean") && Catch::Contains(" new "));
}

TEST_CASE("read_baseline refuses a baseline made before stage metrics, saying to remake it", "[baseline]")
{
  unit::ScratchDir dir;
  const std::string old = dir.write("old.csv", "record,crossing,direction,class,metric,value,ci95,replications\r\n"
                                               "option,,,,horizon,28d,,0\r\n");
  CHECK_THROWS_WITH(read_baseline(old), Catch::Contains(old + ":1:1: missing column 'stage'") &&
                                            Catch::Contains("remake it with bordersim baseline"));
}

TEST_CASE("read_baseline refuses malformed files with file:line", "[baseline]")
{
  unit::ScratchDir dir;
  const std::string header = "record,crossing,direction,class,stage,metric,value,ci95,replications\r\n";
  const std::string opts = "option,,,,,horizon,28d,,0\r\noption,,,,,warmup,2d,,0\r\noption,,,,,replications,3,,0\r\n";
  auto refused = [&](const std::string& content, const std::string& where_and_what) {
    const std::string path = dir.write("bad.csv", content);
    INFO(content);
    CHECK_THROWS_WITH(read_baseline(path), Catch::Contains(path + ":" + where_and_what));
  };
  refused(header + opts + "bogus,,,,,x,1,,0\r\n", "5:1: record: unknown record 'bogus'");
  refused(header + "option,,,,,colour,blue,,0\r\n" + opts, "2:12: metric: unknown option 'colour'");
  refused(header + opts + "metric,k,in,truck,,wait_mean_min,abc,,3\r\n", "5:34: value: 'abc' is not a number");
  refused(header + opts + "metric,k,in,truck,,wait_mean_min,1,wide,3\r\n", "5:36: ci95: 'wide' is not a number");
  refused(header + opts + "metric,k,in\r\n", "5:1: expected 9 fields, got 3");
  refused("record,crossing,direction,class,stage,metric,value,replications\r\n" + opts, "1:1: missing column 'ci95'");
  refused(header + "option,,,,,horizon,28d,,0\r\n", "1:1: warmup: the baseline has no warmup option");
  refused(header + "option,,,,,horizon,28d,,0\r\n", "1:1: replications: the baseline has no replications option");
  refused("", "1:1: empty file");
  // A quoted field spanning lines: the next record's line number still counts the file's lines.
  refused(header + "option,,,,,set,\"a=two\r\nlines\",,0\r\n" + opts + "bogus,,,,,x,1,,0\r\n", "7:1: record: unknown record");
  // The quote opens on line 5 and runs to the end of the file: the message points at the quote.
  const std::string open_quote = dir.write("quote.csv", header + opts + "metric,k,in,truck,,wait_mean_min,\"1,,3\r\n");
  CHECK_THROWS_WITH(read_baseline(open_quote), Catch::StartsWith(open_quote + ":5:34: unterminated quoted field"));
  CHECK_THROWS_WITH(read_baseline(dir.file("absent.csv")), Catch::Contains(dir.file("absent.csv") + ":1:1:"));
}

TEST_CASE("read_baseline validates every field: ranges, whole numbers, a seed read exactly", "[baseline]")
{
  unit::ScratchDir dir;
  const std::string header = "record,crossing,direction,class,stage,metric,value,ci95,replications\r\n";
  const std::string run = "option,,,,,horizon,28d,,0\r\noption,,,,,warmup,2d,,0\r\noption,,,,,replications,3,,0\r\n";
  const std::string seed = "option,,,,,seed,7,,0\r\n";
  const std::string metric = "metric,k,in,truck,,wait_mean_min,12,2.5,3\r\n";
  auto refused = [&](const std::string& content, const std::string& where_and_what) {
    const std::string path = dir.write("bad.csv", content);
    INFO(content);
    CHECK_THROWS_WITH(read_baseline(path), Catch::Contains(path + ":" + where_and_what));
  };
  // ci95: a half-width is finite, not negative, and not absurdly wider than the value it belongs to.
  refused(header + run + seed + "metric,k,in,truck,,wait_mean_min,12,-0.5,3\r\n", "6:37: ci95: -0.5 is negative");
  refused(header + run + seed + "metric,k,in,truck,,wait_mean_min,12,1e300,3\r\n",
          "6:37: ci95: 1e300 is more than 1e6 times the value");
  refused(header + run + seed + "metric,k,in,truck,,wait_mean_min,0,2e6,3\r\n",
          "6:36: ci95: 2e6 is more than 1e6 times the value");
  refused(header + run + seed + "metric,k,in,truck,,wait_mean_min,12,inf,3\r\n", "6:37: ci95: 'inf' is not a finite number");
  refused(header + run + seed + "metric,k,in,truck,,wait_mean_min,nan,1,3\r\n", "6:34: value: 'nan' is not a finite number");
  // Whole numbers where whole numbers are meant.
  refused(header + "option,,,,,horizon,28d,,0\r\noption,,,,,warmup,2d,,0\r\noption,,,,,replications,2.5,,0\r\n" + seed + metric,
          "4:25: replications: '2.5' is not a whole number of at least 2");
  refused(header + "option,,,,,horizon,28d,,0\r\noption,,,,,warmup,2d,,0\r\noption,,,,,replications,1,,0\r\n" + seed + metric,
          "4:25: replications: '1' is not a whole number of at least 2");
  refused(header + run + seed + "metric,k,in,truck,,wait_mean_min,12,2.5,2.5\r\n",
          "6:41: replications: '2.5' is not a whole number from 1 to 3");
  refused(header + run + seed + "metric,k,in,truck,,wait_mean_min,12,2.5,4\r\n",
          "6:41: replications: '4' is not a whole number from 1 to 3");
  // The seed: required, and read exactly over the whole unsigned 64-bit range.
  refused(header + run + metric, "1:1: seed: the baseline has no seed option");
  for (const std::string bad : {"", "seven", "1e300", "-1", "18446744073709551616", "7.0", " 7"})
    refused(header + run + "option,,,,,seed," + bad + ",,0\r\n" + metric,
            "5:17: seed: '" + bad + "' is not a whole number from 0 to 18446744073709551615");
  const std::string max_seed = dir.write("max.csv", header + run + "option,,,,,seed,18446744073709551615,,0\r\n" + metric);
  CHECK(read_baseline(max_seed).options.seed == 18446744073709551615ull);
  // Durations, options given twice, metrics without a key, and every error at once.
  refused(header + "option,,,,,horizon,28,,0\r\noption,,,,,warmup,2d,,0\r\noption,,,,,replications,3,,0\r\n" + seed + metric,
          "2:20: horizon: '28' is not a duration such as 28d or 12h");
  refused(header + run + seed + seed + metric, "6:17: seed: given twice (first on line 5)");
  refused(header + run + seed + "metric,,in,truck,,wait_mean_min,12,2.5,3\r\n", "6:8: crossing: empty");
  const std::string two = dir.write("two.csv",
                                    header + run + "option,,,,,seed,-1,,0\r\nmetric,k,in,truck,,wait_mean_min,12,-1,3\r\n");
  CHECK_THROWS_WITH(read_baseline(two), Catch::Contains(two + ":5:17: seed:") && Catch::Contains(two + ":6:37: ci95:"));
}
