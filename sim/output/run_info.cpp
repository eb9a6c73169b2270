#include "sim/output/run_info.hpp"

#include <ctime>

#include "models/formats/units.hpp"
#include "version.hpp"

namespace bordersim {

std::string json_string(std::string_view text)
{
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

std::string utc_timestamp_now()
{
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string run_info_json(const Scenario& scenario, const RunInfo& info)
{
  const auto& sim = scenario.simulation;
  auto list = [](const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + json_string(items[i]);
    return out + "]";
  };
  std::string out = "{\n";
  out += "  \"tool\": \"bordersim\",\n";
  out += "  \"version\": " + json_string(BORDERSIM_VERSION) + ",\n";
  out += "  \"git_commit\": " + json_string(BORDERSIM_GIT_COMMIT) + ",\n";
  out += "  \"simgrid_version\": " + json_string(info.simgrid_version) + ",\n";
  out += "  \"scenario\": " + json_string(scenario.name) + ",\n";
  out += "  \"scenario_file\": " + json_string(info.scenario_file) + ",\n";
  out += "  \"seed\": " + std::to_string(sim.seed) + ",\n";
  out += "  \"replications\": " + std::to_string(sim.replications) + ",\n";
  out += "  \"horizon_h\": " + format_number(sim.horizon_s / kSecondsPerHour, 12) + ",\n";
  out += "  \"warmup_h\": " + format_number(sim.warmup_s / kSecondsPerHour, 12) + ",\n";
  out += "  \"start_date\": " + json_string(sim.calendar.date_text()) + ",\n";
  out += "  \"jobs\": " + std::to_string(info.jobs) + ",\n";
  out += "  \"started_utc\": " + json_string(info.started_utc) + ",\n";
  out += "  \"wall_time_s\": " + format_number(info.wall_time_s, 6) + ",\n";
  out += "  \"command_line\": " + list(info.command_line) + ",\n";
  out += "  \"files\": " + list(info.files) + "\n";
  out += "}\n";
  return out;
}

} // namespace bordersim
