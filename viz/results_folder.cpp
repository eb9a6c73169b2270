#include "viz/results_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "models/formats/json_reader.hpp"
#include "models/formats/output_files.hpp"
#include "models/formats/units.hpp"

namespace bordersim::viz {

namespace fs = std::filesystem;

namespace {

/// A scalar as run_info.json writes it: a string's text, a number as written, "" for null.
std::string scalar_text(const JsonValue& v) { return v.is_scalar() ? v.text : std::string(); }

RunDescription describe_run(const std::string& dir, const std::optional<CsvTable>& summary)
{
  RunDescription d;
  const std::string run_info = dir + "/" + output_file::run_info;
  if (!fs::exists(run_info)) {
    // A folder written without run_info.json: what summary.csv says.
    d.source = output_file::summary;
    if (summary && !summary->rows.empty()) {
      d.fields["scenario"] = summary->cell(0, "scenario");
      d.fields["replications"] = summary->cell(0, "replications");
    }
    return d;
  }
  const JsonValue info = read_json_file(run_info);
  if (info.kind != JsonValue::Kind::object) throw std::runtime_error(run_info + ":1:1: expected a JSON object");
  d.source = output_file::run_info;
  for (const auto& [key, value] : info.members) {
    if (key == "names" && value.kind == JsonValue::Kind::object) {
      for (const auto& [id_path, name] : value.members) d.names[id_path] = scalar_text(name);
    } else if (value.kind == JsonValue::Kind::array) {
      std::string joined;
      for (const auto& element : value.items) {
        const std::string text = scalar_text(element);
        if (!joined.empty()) joined += ' ';
        // Show arguments with spaces as a shell would need them.
        joined += text.find(' ') == std::string::npos ? text : "'" + text + "'";
      }
      d.fields[key] = joined;
    } else if (value.is_scalar()) {
      d.fields[key] = scalar_text(value);
    }
  }
  // Reports have always carried the sample interval with six decimals (std::to_string); kept byte for byte.
  if (const auto h = d.number("sample_interval_h")) d.fields["sample_interval_h"] = std::to_string(*h);
  return d;
}

std::optional<CsvTable> read_if_present(const std::string& path)
{
  if (!fs::exists(path)) return std::nullopt;
  return read_csv_table(path);
}

RunFolder load_run(const std::string& dir)
{
  RunFolder run;
  run.dir = dir;
  run.summary = read_if_present(run.file(output_file::summary));
  run.stages = read_if_present(run.file(output_file::stages));
  run.replications = read_if_present(run.file(output_file::replications));
  run.provenance = read_if_present(run.file(output_file::provenance));
  run.has_timeseries = fs::exists(run.file(output_file::timeseries));
  run.has_vehicles = fs::exists(run.file(output_file::vehicles));
  run.description = describe_run(dir, run.summary);
  run.scenario = run.description.get("scenario");
  if (run.scenario.empty() && run.summary && !run.summary->rows.empty()) run.scenario = run.summary->cell(0, "scenario");
  if (run.scenario.empty()) run.scenario = fs::path(dir).filename().string();
  return run;
}

} // namespace

std::string RunDescription::get(const std::string& key) const
{
  const auto it = fields.find(key);
  return it == fields.end() ? std::string() : it->second;
}

std::optional<double> RunDescription::number(const std::string& key) const
{
  return parse_number_exact(get(key));
}

ResultsFolder load_results_folder(const std::string& dir)
{
  ResultsFolder out;
  out.dir = dir;
  if (!fs::is_directory(dir)) throw std::runtime_error(dir + " is not a folder");
  const std::string summary = output_file::summary;
  out.comparison = read_if_present(dir + "/" + output_file::comparison);
  if (!out.comparison) {
    if (!fs::exists(dir + "/" + summary))
      throw std::runtime_error(dir + " holds neither " + summary + " nor " + output_file::comparison);
    out.runs.push_back(load_run(dir));
    return out;
  }
  // A comparison: one subfolder per scenario, each a normal run folder, in comparison.csv's order.
  std::vector<std::string> order;
  if (const auto col = out.comparison->column("scenario"))
    for (const auto& row : out.comparison->rows)
      if (std::find(order.begin(), order.end(), row[*col]) == order.end()) order.push_back(row[*col]);
  std::vector<RunFolder> found;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_directory() && fs::exists(entry.path() / summary)) found.push_back(load_run(entry.path().string()));
  std::sort(found.begin(), found.end(), [&](const RunFolder& a, const RunFolder& b) {
    const auto rank = [&](const RunFolder& r) {
      const auto by_name = std::find(order.begin(), order.end(), r.scenario);
      const auto by_dir = std::find(order.begin(), order.end(), fs::path(r.dir).filename().string());
      return std::min(by_name - order.begin(), by_dir - order.begin());
    };
    const auto ra = rank(a), rb = rank(b);
    return ra != rb ? ra < rb : a.dir < b.dir;
  });
  out.runs = std::move(found);
  if (out.runs.empty() && fs::exists(dir + "/" + summary)) out.runs.push_back(load_run(dir));
  return out;
}

std::vector<std::string> csv_files_of(const RunFolder& run)
{
  std::vector<std::string> files;
  for (const auto& file : kOutputFiles)
    if (file.is_csv && !file.comparison_only && fs::exists(run.file(file.name))) files.emplace_back(file.name);
  return files;
}

} // namespace bordersim::viz
