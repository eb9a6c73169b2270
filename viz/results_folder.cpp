#include "viz/results_folder.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "models/formats/json_reader.hpp"
#include "models/formats/output_files.hpp"
#include "models/formats/units.hpp"

namespace bordersim::viz {

namespace fs = std::filesystem;

namespace {

constexpr bool kRequired = true, kOptional = false, kNumber = true, kText = false;

/// The identity of a row is required; everything else is optional, since older folders lack some columns
/// (design_capacity_per_day, bottleneck_stage, queue_km, ...) and the report shows what is there.
const std::map<std::string, std::vector<KnownColumn>>& known_files()
{
  static const std::map<std::string, std::vector<KnownColumn>> files{
      {output_file::summary,
       {{"scenario", kRequired, kText},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"class", kRequired, kText},
        {"replications", kOptional, kNumber},
        {"arrived_per_day", kOptional, kNumber},
        {"served_per_day", kOptional, kNumber},
        {"wait_mean_min", kOptional, kNumber},
        {"wait_mean_min_ci95", kOptional, kNumber},
        {"wait_p50_min", kOptional, kNumber},
        {"wait_p95_min", kOptional, kNumber},
        {"wait_max_min", kOptional, kNumber},
        {"system_time_mean_min", kOptional, kNumber},
        {"system_time_mean_min_ci95", kOptional, kNumber},
        {"system_time_p95_min", kOptional, kNumber},
        {"in_system_at_end", kOptional, kNumber},
        {"vehicles_measured", kOptional, kNumber},
        {"diverted_out_per_day", kOptional, kNumber},
        {"diverted_in_per_day", kOptional, kNumber},
        {"design_capacity_per_day", kOptional, kNumber},
        {"bottleneck_stage", kOptional, kText}}},
      {output_file::stages,
       {{"scenario", kRequired, kText},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"stage", kRequired, kText},
        {"lanes", kOptional, kNumber},
        {"open_lanes_mean", kOptional, kNumber},
        {"served", kOptional, kNumber},
        {"served_per_day", kOptional, kNumber},
        {"wait_mean_min", kOptional, kNumber},
        {"wait_mean_min_ci95", kOptional, kNumber},
        {"wait_p95_min", kOptional, kNumber},
        {"queue_mean", kOptional, kNumber},
        {"queue_mean_ci95", kOptional, kNumber},
        {"queue_max", kOptional, kNumber},
        {"queue_mean_km", kOptional, kNumber},
        {"queue_max_km", kOptional, kNumber},
        {"utilization", kOptional, kNumber},
        {"utilization_ci95", kOptional, kNumber},
        {"blocked_share", kOptional, kNumber}}},
      // The digest needs every required column here to draw the queues, closures and the replay.
      {output_file::timeseries,
       {{"scenario", kOptional, kText},
        {"replication", kRequired, kNumber},
        {"time_h", kRequired, kNumber},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"stage", kRequired, kText},
        {"queue_len", kRequired, kNumber},
        {"queue_km", kRequired, kNumber},
        {"busy_lanes", kRequired, kNumber},
        {"blocked_lanes", kOptional, kNumber},
        {"open_lanes", kRequired, kNumber},
        {"arrivals", kOptional, kNumber},
        {"departures", kOptional, kNumber}}},
      {output_file::replications,
       {{"scenario", kOptional, kText},
        {"replication", kRequired, kNumber},
        {"level", kRequired, kText},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"class", kOptional, kText},
        {"stage", kOptional, kText},
        {"arrived", kOptional, kNumber},
        {"served", kOptional, kNumber},
        {"in_system_at_warmup", kOptional, kNumber},
        {"in_system_at_end", kOptional, kNumber},
        {"diverted_out", kOptional, kNumber},
        {"diverted_in", kOptional, kNumber},
        {"wait_mean_min", kOptional, kNumber},
        {"system_time_mean_min", kOptional, kNumber},
        {"queue_mean", kOptional, kNumber},
        {"utilization", kOptional, kNumber}}},
      {output_file::vehicles,
       {{"replication", kRequired, kNumber},
        {"vehicle", kRequired, kNumber},
        {"class", kOptional, kText},
        {"priority", kOptional, kText},
        {"crossing", kOptional, kText},
        {"direction", kOptional, kText},
        {"stage", kOptional, kText},
        {"arrive_h", kOptional, kNumber},
        {"start_h", kOptional, kNumber},
        {"end_h", kOptional, kNumber},
        {"leave_h", kOptional, kNumber}}},
      // value is the figure as written in the scenario ("2h", "0.25"): text.
      {output_file::provenance,
       {{"crossing", kOptional, kText},
        {"key_path", kRequired, kText},
        {"value", kOptional, kText},
        {"status", kRequired, kText},
        {"source", kOptional, kText},
        {"calibrated_to", kOptional, kText}}},
      {output_file::comparison,
       {{"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"class", kRequired, kText},
        {"metric", kRequired, kText},
        {"unit", kOptional, kText},
        {"scenario", kRequired, kText},
        {"value", kOptional, kNumber},
        {"value_ci95", kOptional, kNumber},
        {"difference", kOptional, kNumber},
        {"difference_ci95", kOptional, kNumber},
        {"significant", kOptional, kText}}},
  };
  return files;
}

/// Whether a folder holds `path`: a link that leads nowhere counts, so that reading it says what is wrong.
bool present(const fs::path& path) { return fs::exists(fs::symlink_status(path)); }

/// A scalar as run_info.json writes it: a string's text, a number as written, "" for null.
std::string scalar_text(const JsonValue& v) { return v.is_scalar() ? v.text : std::string(); }

RunDescription describe_run(const std::string& dir, const std::optional<CsvTable>& summary)
{
  RunDescription d;
  const std::string run_info = dir + "/" + output_file::run_info;
  if (!present(run_info)) {
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
  if (!present(path)) return std::nullopt;
  return read_results_table(path);
}

RunFolder load_run(const std::string& dir)
{
  RunFolder run;
  run.dir = dir;
  run.summary = read_if_present(run.file(output_file::summary));
  run.stages = read_if_present(run.file(output_file::stages));
  run.replications = read_if_present(run.file(output_file::replications));
  run.provenance = read_if_present(run.file(output_file::provenance));
  run.has_timeseries = present(run.file(output_file::timeseries));
  run.has_vehicles = present(run.file(output_file::vehicles));
  run.description = describe_run(dir, run.summary);
  run.scenario = run.description.get("scenario");
  if (run.scenario.empty() && run.summary && !run.summary->rows.empty()) run.scenario = run.summary->cell(0, "scenario");
  if (run.scenario.empty()) run.scenario = fs::path(dir).filename().string();
  return run;
}

} // namespace

const std::vector<KnownColumn>& known_columns(const std::string& file_name)
{
  static const std::vector<KnownColumn> none;
  const auto it = known_files().find(file_name);
  return it == known_files().end() ? none : it->second;
}

ResultsFileReader::ResultsFileReader(const std::string& path, std::uint64_t max_bytes) : reader_(path, max_bytes)
{
  for (const auto& known : known_columns(fs::path(path).filename().string())) {
    const auto index = reader_.column(known.name);
    if (!index) {
      if (known.required) throw std::runtime_error(path + ":1:1: missing column '" + known.name + "'");
      continue;
    }
    if (known.number) numbers_.push_back({*index, known.name, known.required});
  }
  values_.assign(reader_.header().size(), std::nan(""));
}

bool ResultsFileReader::next(std::vector<std::string>& fields)
{
  if (!reader_.next_record(fields)) return false;
  for (const auto& n : numbers_) {
    const std::string& cell = fields[n.index];
    values_[n.index] = std::nan("");
    if (cell.empty()) {
      if (n.required) throw reader_.error_at(n.index, std::string(n.name) + ": empty, but every row needs one");
      continue;
    }
    if (const auto value = parse_number_exact(cell)) values_[n.index] = *value;
    else throw reader_.error_at(n.index, std::string(n.name) + ": " + number_problem(cell));
  }
  return true;
}

CsvTable read_results_table(const std::string& path)
{
  ResultsFileReader reader(path, kMaxWholeCsvBytes);
  CsvTable table;
  table.header = reader.csv().header();
  std::vector<std::string> fields;
  while (reader.next(fields)) table.rows.push_back(fields);
  return table;
}

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
    if (!present(dir + "/" + summary))
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
    if (entry.is_directory() && present(entry.path() / summary)) found.push_back(load_run(entry.path().string()));
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
  if (out.runs.empty() && present(dir + "/" + summary)) out.runs.push_back(load_run(dir));
  return out;
}

std::vector<std::string> csv_files_of(const RunFolder& run)
{
  std::vector<std::string> files;
  for (const auto& file : kOutputFiles)
    if (file.is_csv && !file.comparison_only && present(run.file(file.name))) files.emplace_back(file.name);
  return files;
}

} // namespace bordersim::viz
