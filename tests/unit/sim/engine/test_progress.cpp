// The progress line: what it counts, and how it says the time left.
#include <catch2/catch.hpp>

#include "sim/engine/progress.hpp"

using namespace bordersim;

TEST_CASE("time_left_text: seconds, then minutes and seconds, then hours and minutes", "[progress]")
{
  CHECK(time_left_text(0) == "about 0 s left");
  CHECK(time_left_text(-3) == "about 0 s left"); // an estimate below zero says nothing more
  CHECK(time_left_text(59.4) == "about 59 s left");
  CHECK(time_left_text(200) == "about 3 min 20 s left");
  CHECK(time_left_text(3599) == "about 59 min 59 s left");
  CHECK(time_left_text(3600 + 5 * 60 + 29) == "about 1 h 05 min left");
  CHECK(time_left_text(2 * 3600 - 20) == "about 2 h 00 min left"); // rounded to the minute, carried into the hour
}

TEST_CASE("ProgressLine counts a sweep's points done, not only its replications", "[progress]")
{
  // Three points of two replications each, 10 h apiece; tasks are point-major.
  ProgressLine line(std::vector<double>(6, 36000.0), {0, 0, 1, 1, 2, 2}, "points", false);
  CHECK(line.text().rfind("[0/3 points, 0/6 replications] 0 simulated days/s, time left not known yet", 0) == 0);
  line.task_done(0);
  line.task_done(2);
  CHECK(line.text().rfind("[0/3 points, 2/6 replications]", 0) == 0); // no point has both of its replications yet
  line.task_done(1);
  CHECK(line.text().rfind("[1/3 points, 3/6 replications]", 0) == 0);
  line.task_done(3);
  line.task_done(5);
  line.task_done(4);
  CHECK(line.text().rfind("[3/3 points, 6/6 replications]", 0) == 0);
  CHECK(line.text().find("about 0 s left") != std::string::npos);
  // A run alone counts replications only.
  ProgressLine alone(std::vector<double>(2, 3600.0), {0, 0}, "scenarios", false);
  alone.task_done(1);
  CHECK(alone.text().rfind("[1/2 replications]", 0) == 0);
}
