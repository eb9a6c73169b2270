// UTC timestamps as run_info.json and the report write them: "2025-09-15T08:30:00Z" (ISO 8601, whole seconds).
#pragma once

#include <ctime>
#include <string>

namespace bordersim {

std::string utc_timestamp(std::time_t when);
std::string utc_timestamp_now();

} // namespace bordersim
