// models/formats/timestamp: the UTC time written into run_info.json and the report.
#include <catch2/catch.hpp>

#include <regex>

#include "models/formats/timestamp.hpp"

using namespace bordersim;

TEST_CASE("UTC timestamps are ISO 8601 to the second, with Z", "[timestamp]")
{
  CHECK(utc_timestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(utc_timestamp(1757925005) == "2025-09-15T08:30:05Z");
  const std::string now = utc_timestamp_now();
  CHECK(std::regex_match(now, std::regex(R"(20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z)")));
}
