#include "models/formats/timestamp.hpp"

namespace bordersim {

std::string utc_timestamp(std::time_t when)
{
  std::tm utc{};
  gmtime_r(&when, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string utc_timestamp_now() { return utc_timestamp(std::time(nullptr)); }

} // namespace bordersim
