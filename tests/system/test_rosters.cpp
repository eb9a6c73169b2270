// Staff rosters: a lane group's staffed lanes by weekday and hour. In a saturated queue every staffed lane works all
// the time, so what is served follows the lane-hours the roster opens; and what the roster costs follows them too.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "models/queueing_theory.hpp"
#include "system/bordersim_process.hpp"

using namespace bordersim::testing;
namespace q = bordersim::queueing;

namespace {

// 6 windows built; 3 staffed on weekdays 08:00-20:00 and 1 at weekends 08:00-20:00; 10 min a truck, exponential.
// 400 trucks a day against fewer than 180 served: the queue never empties while a lane is staffed.
const std::string kRostered = R"(scenario: rostered
simulation: {horizon: 28d, warmup: 0s, replications: 6, seed: 77, start_date: "2025-01-06"}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - {class: truck, per_day: 400}
        stages:
          - id: windows
            lanes:
              - count: 6
                serves: [truck]
                staff_cost_usd_per_lane_hour: 20
                roster:
                  - {id: week, days: Mon-Fri, open: ["08:00-20:00"], lanes: 3}
                  - {id: weekend, days: "Sat,Sun", open: ["08:00-20:00"], lanes: 1}
            service:
              truck: {dist: exponential, mean: 10min}
)";

} // namespace

TEST_CASE("rosters: served per day in a saturated queue follows the lane-hours the roster staffs", "[roster][theory]")
{
  TempDir dir;
  dir.write("rostered.yaml", kRostered);
  const auto r = run_bordersim({"run", dir.file("rostered.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto stages = read_csv(dir.file("out/stages.csv"));
  REQUIRE(stages.size() == 1);
  // While k lanes are staffed and busy, trucks leave as a Poisson stream of rate k/10min; at each shift's end the k
  // trucks in service still finish (exponential: each is one more departure, and keeps its lane open a mean 10 min).
  // A week: 5 x 12 h x 3 lanes + 2 x 12 h x 1 lane = 204 lane-hours, 6 an hour, plus 5 x 3 + 2 x 1 = 17 finishing.
  const double served_per_day = (204.0 * 6 + 17) / 7;          // 177.29
  const double open_lane_hours_per_day = (204.0 + 17 * (10.0 / 60)) / 7; // 29.55
  const int n = 6;
  const double t_ratio = 4.0321 / q::student_t_975(n - 1); // 99% from the 95% half-width, 5 degrees of freedom
  const double served = number(stages[0], "served_per_day");
  const auto replications = select(read_csv(dir.file("out/replications.csv")), {{"level", "stage"}});
  REQUIRE(replications.size() == static_cast<std::size_t>(n));
  std::vector<double> per_day;
  for (const auto& row : replications) per_day.push_back(number(row, "served") / 28);
  double mean = 0, var = 0;
  for (double x : per_day) mean += x / n;
  for (double x : per_day) var += (x - mean) * (x - mean) / (n - 1);
  const double half_width_99 = q::student_t_975(n - 1) * std::sqrt(var / n) * t_ratio;
  INFO("served " << served << " a day (exact " << served_per_day << ") ± " << half_width_99 << " at 99%");
  CHECK(std::fabs(mean - served) < 1e-6 * served);
  CHECK(std::fabs(served - served_per_day) <= half_width_99);
  // The lanes open are the roster's, to within the finishing services' spread (a mean 10 min each, 17 a week).
  const double open_hours = number(stages[0], "open_lanes_mean") * 24;
  INFO("open lane-hours a day " << open_hours << ", expected " << open_lane_hours_per_day);
  CHECK(std::fabs(open_hours - open_lane_hours_per_day) < 0.2);
  // The roster's cost is its lane-hours at 20 USD each: the same integral, to the rounding of the files.
  CHECK(number(stages[0], "staff_cost_usd_per_day") == Approx(20 * open_hours).epsilon(1e-6));
  CHECK(number(stages[0], "lanes") == 6); // the built lanes stay what was built
}

TEST_CASE("rosters: more lanes than built, shifts that overlap and unknown weekdays are refused, located", "[roster]")
{
  TempDir dir;
  std::string bad = kRostered;
  bad.replace(bad.find("lanes: 3}"), 9, "lanes: 8}");
  bad.replace(bad.find("days: \"Sat,Sun\""), 15, "days: Fri-Sun");
  bad.replace(bad.find("days: Mon-Fri"), 13, "days: Mon-Fry");
  dir.write("bad.yaml", bad);
  const auto r = run_bordersim({"run", dir.file("bad.yaml"), "--out", dir.file("out")});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  const std::string at = dir.file("bad.yaml") + ":";
  CHECK(r.err.find("crossings.x.directions.in.stages.windows.lanes.0.roster.week.lanes: staffs 8 lanes of a group of 6") !=
        std::string::npos);
  CHECK(r.err.find("crossings.x.directions.in.stages.windows.lanes.0.roster.week.days: 'Mon-Fry' is not a weekday") != std::string::npos);
  CHECK(r.err.find(at) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("out")));
  // Friday staffed by two shifts at once: a roster says each hour once.
  std::string overlap = kRostered;
  overlap.replace(overlap.find("days: \"Sat,Sun\""), 15, "days: Fri-Sun");
  dir.write("overlap.yaml", overlap);
  const auto o = run_bordersim({"validate", dir.file("overlap.yaml")});
  INFO(o.err);
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("roster: shifts 0 and 1 both staff Fri 08:00") != std::string::npos);
}
