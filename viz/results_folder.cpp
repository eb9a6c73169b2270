#include "viz/results_folder.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "models/formats/json_reader.hpp"
#include "models/formats/output_files.hpp"
#include "models/formats/units.hpp"

namespace bordersim::viz {

namespace fs = std::filesystem;

namespace {

constexpr bool kRequired = true, kOptional = false;
constexpr const char* kKinds = "vehicle|person";
constexpr const char* kUses = "fit|holdout";
constexpr Figure kText = Figure::text, kNumber = Figure::number, kAmount = Figure::amount, kCount = Figure::count,
                 kRuns = Figure::runs, kShare = Figure::share;

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
        {"kind", kOptional, kText, kKinds},
        {"replications", kOptional, kRuns},
        {"arrived_per_day", kOptional, kAmount},
        {"served_per_day", kOptional, kAmount},
        {"wait_mean_min", kOptional, kAmount},
        {"wait_mean_min_ci95", kOptional, kAmount},
        {"wait_p50_min", kOptional, kAmount},
        {"wait_p95_min", kOptional, kAmount},
        {"wait_max_min", kOptional, kAmount},
        {"system_time_mean_min", kOptional, kAmount},
        {"system_time_mean_min_ci95", kOptional, kAmount},
        {"system_time_p95_min", kOptional, kAmount},
        {"in_system_at_end", kOptional, kAmount},
        {"vehicles_measured", kOptional, kCount},
        {"diverted_out_per_day", kOptional, kAmount},
        {"diverted_in_per_day", kOptional, kAmount},
        {"design_capacity_per_day", kOptional, kAmount},
        {"bottleneck_stage", kOptional, kText},
        {"queue_growth_per_day", kOptional, kNumber},
        {"queue_growth_per_day_ci95", kOptional, kAmount},
        {"stable", kOptional, kText},
        {"wait_mean_incl_waiting_min", kOptional, kAmount},
        {"wait_mean_incl_waiting_min_ci95", kOptional, kAmount},
        {"abandoned_per_day", kOptional, kAmount},
        {"abandoned_per_day_ci95", kOptional, kAmount},
        {"abandoned_share", kOptional, kShare},
        {"abandoned_share_ci95", kOptional, kAmount},
        {"diverted_impatient_per_day", kOptional, kAmount},
        {"diverted_impatient_per_day_ci95", kOptional, kAmount},
        {"balked_per_day", kOptional, kAmount},
        {"balked_per_day_ci95", kOptional, kAmount},
        {"balked_share", kOptional, kShare},
        {"balked_share_ci95", kOptional, kAmount},
        {"suppressed_per_day", kOptional, kAmount},
        {"suppressed_per_day_ci95", kOptional, kAmount},
        {"booked_per_day", kOptional, kAmount},
        {"booked_per_day_ci95", kOptional, kAmount},
        {"no_show_per_day", kOptional, kAmount},
        {"no_show_per_day_ci95", kOptional, kAmount},
        {"slot_wait_mean_min", kOptional, kAmount},
        {"slot_wait_mean_min_ci95", kOptional, kAmount},
        {"slot_wait_p95_min", kOptional, kAmount},
        {"awaiting_slot_at_end", kOptional, kAmount},
        {"wait_hours_per_day", kOptional, kAmount},
        {"wait_hours_per_day_ci95", kOptional, kAmount},
        {"wait_cost_usd_per_day", kOptional, kAmount},
        {"wait_cost_usd_per_day_ci95", kOptional, kAmount},
        {"idle_fuel_l_per_day", kOptional, kAmount},
        {"idle_fuel_l_per_day_ci95", kOptional, kAmount},
        {"idle_co2_kg_per_day", kOptional, kAmount},
        {"idle_co2_kg_per_day_ci95", kOptional, kAmount}}},
      {output_file::stages,
       {{"scenario", kRequired, kText},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"stage", kRequired, kText},
        {"kind", kOptional, kText, kKinds},
        {"lanes", kOptional, kCount},
        {"open_lanes_mean", kOptional, kAmount},
        {"served", kOptional, kAmount},
        {"served_per_day", kOptional, kAmount},
        {"wait_mean_min", kOptional, kAmount},
        {"wait_mean_min_ci95", kOptional, kAmount},
        {"wait_p95_min", kOptional, kAmount},
        {"queue_mean", kOptional, kAmount},
        {"queue_mean_ci95", kOptional, kAmount},
        {"queue_max", kOptional, kAmount},
        {"queue_mean_km", kOptional, kAmount},
        {"queue_max_km", kOptional, kAmount},
        {"utilization", kOptional, kAmount},
        {"utilization_ci95", kOptional, kAmount},
        {"blocked_share", kOptional, kShare},
        {"warmup_mser5_h", kOptional, kAmount},
        {"staff_cost_usd_per_day", kOptional, kAmount},
        {"staff_cost_usd_per_day_ci95", kOptional, kAmount},
        {"lane_hours_broken_per_day", kOptional, kAmount},
        {"lane_hours_broken_per_day_ci95", kOptional, kAmount},
        {"zone_occupancy_mean", kOptional, kAmount},
        {"zone_occupancy_mean_ci95", kOptional, kAmount},
        {"road_queue_mean", kOptional, kAmount},
        {"road_queue_mean_ci95", kOptional, kAmount},
        {"road_queue_max", kOptional, kAmount},
        {"road_queue_mean_km", kOptional, kAmount},
        {"road_queue_max_km", kOptional, kAmount}}},
      // The digest needs every required column here to draw the queues, closures and the replay.
      {output_file::timeseries,
       {{"scenario", kOptional, kText},
        {"replication", kRequired, kCount},
        {"time_h", kRequired, kAmount},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"stage", kRequired, kText},
        {"queue_len", kRequired, kAmount},
        {"queue_km", kRequired, kAmount},
        {"road_queue_km", kOptional, kAmount},
        {"busy_lanes", kRequired, kAmount},
        {"blocked_lanes", kOptional, kAmount},
        {"open_lanes", kRequired, kAmount},
        {"arrivals", kOptional, kAmount},
        {"departures", kOptional, kAmount}}},
      {output_file::replications,
       {{"scenario", kOptional, kText},
        {"replication", kRequired, kCount},
        {"level", kRequired, kText},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"class", kOptional, kText},
        {"stage", kOptional, kText},
        {"arrived", kOptional, kCount},
        {"served", kOptional, kCount},
        {"in_system_at_warmup", kOptional, kCount},
        {"in_system_at_end", kOptional, kCount},
        {"diverted_out", kOptional, kCount},
        {"diverted_in", kOptional, kCount},
        {"wait_mean_min", kOptional, kAmount},
        {"system_time_mean_min", kOptional, kAmount},
        {"queue_mean", kOptional, kAmount},
        {"utilization", kOptional, kAmount},
        {"abandoned", kOptional, kCount},
        {"diverted_impatient", kOptional, kCount},
        {"balked", kOptional, kCount},
        {"suppressed", kOptional, kCount},
        {"booked", kOptional, kCount},
        {"no_shows", kOptional, kCount},
        {"arrived_booked", kOptional, kCount},
        {"awaiting_slot_at_warmup", kOptional, kCount},
        {"awaiting_slot_at_end", kOptional, kCount}}},
      {output_file::vehicles,
       {{"replication", kRequired, kCount},
        {"vehicle", kRequired, kCount},
        {"class", kOptional, kText},
        {"priority", kOptional, kText},
        {"crossing", kOptional, kText},
        {"direction", kOptional, kText},
        {"stage", kOptional, kText},
        {"arrive_h", kOptional, kAmount},
        {"start_h", kOptional, kAmount},
        {"end_h", kOptional, kAmount},
        {"leave_h", kOptional, kAmount}}},
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
        {"stage", kOptional, kText},
        {"kind", kOptional, kText, kKinds},
        {"metric", kRequired, kText},
        {"unit", kOptional, kText},
        {"scenario", kRequired, kText},
        {"value", kOptional, kNumber},
        {"value_ci95", kOptional, kAmount},
        {"difference", kOptional, kNumber},
        {"difference_ci95", kOptional, kAmount},
        {"significant", kOptional, kText}}},
      // The border's and each crossing's totals, vehicles and people apart; crossing is empty on the border's row.
      {output_file::network,
       {{"scenario", kOptional, kText},
        {"level", kRequired, kText, "crossing|border"},
        {"crossing", kRequired, kText},
        {"kind", kRequired, kText, kKinds},
        {"replications", kOptional, kRuns},
        {"arrived_per_day", kOptional, kAmount},
        {"served_per_day", kOptional, kAmount},
        {"served_per_day_ci95", kOptional, kAmount},
        {"wait_hours_per_day", kOptional, kAmount},
        {"wait_hours_per_day_ci95", kOptional, kAmount},
        {"wait_cost_usd_per_day", kOptional, kAmount},
        {"wait_cost_usd_per_day_ci95", kOptional, kAmount},
        {"idle_fuel_l_per_day", kOptional, kAmount},
        {"idle_fuel_l_per_day_ci95", kOptional, kAmount},
        {"idle_co2_kg_per_day", kOptional, kAmount},
        {"idle_co2_kg_per_day_ci95", kOptional, kAmount}}},
      {output_file::wait_by_hour,
       {{"scenario", kOptional, kText},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"class", kRequired, kText},
        {"kind", kOptional, kText, kKinds},
        {"arrival_hour", kRequired, kCount},
        {"measured", kOptional, kCount},
        {"wait_mean_min", kOptional, kAmount},
        {"wait_mean_min_ci95", kOptional, kAmount},
        {"wait_p95_min", kOptional, kAmount}}},
      // A sweep's files are closed (see closed_file): every column listed, each present, no other.
      {output_file::design,
       {{"point", kRequired, kCount}, {"trajectory", kOptional, kCount}, {"key", kRequired, kText}, {"value", kOptional, kText}}},
      {output_file::sweep,
       {{"point", kRequired, kCount},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"class", kRequired, kText},
        {"stage", kOptional, kText},
        {"kind", kRequired, kText, kKinds},
        {"metric", kRequired, kText},
        {"unit", kOptional, kText},
        {"mean", kOptional, kNumber},
        {"ci95", kOptional, kAmount},
        {"replications", kRequired, kRuns}}},
      {output_file::sensitivity,
       {{"design", kRequired, kText, "oat|morris"},
        {"key", kRequired, kText},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"class", kRequired, kText},
        {"stage", kOptional, kText},
        {"kind", kRequired, kText, kKinds},
        {"metric", kRequired, kText},
        {"unit", kOptional, kText},
        {"effect", kOptional, kNumber},
        {"mu", kOptional, kNumber},
        {"sigma", kOptional, kAmount},
        {"steps", kRequired, kCount},
        {"rank", kRequired, kRuns}}},
      // A calibration's files are closed too. Its design.csv is a sweep's (above).
      {output_file::calibration,
       {{"target", kRequired, kText},
        {"use", kRequired, kText, kUses},
        {"crossing", kRequired, kText},
        {"direction", kRequired, kText},
        {"class", kOptional, kText},
        {"stage", kOptional, kText},
        {"metric", kRequired, kText},
        {"unit", kOptional, kText},
        {"window", kOptional, kText},
        {"scenario", kOptional, kText},
        {"observed", kOptional, kNumber},
        {"observed_low", kOptional, kNumber},
        {"observed_high", kOptional, kNumber},
        {"uncertainty", kRequired, kAmount},
        {"discrepancy", kRequired, kAmount},
        {"simulated", kOptional, kNumber},
        {"simulated_ci95", kOptional, kAmount},
        {"standardized_error", kOptional, kNumber},
        {"implausibility", kOptional, kAmount},
        {"ruled_out_share", kRequired, kShare},
        {"scenario_simulated", kOptional, kNumber},
        {"scenario_simulated_ci95", kOptional, kAmount},
        {"scenario_implausibility", kOptional, kAmount},
        {"source", kOptional, kText}}},
      // The values are as the scenario writes them ("12min"): text, read as numbers by calibration_folder.cpp.
      {output_file::parameters,
       {{"key", kRequired, kText},
        {"scale", kRequired, kText, "linear|log"},
        {"low", kRequired, kText},
        {"high", kRequired, kText},
        {"scenario_value", kOptional, kText},
        {"plausible_low", kOptional, kText},
        {"plausible_high", kOptional, kText},
        {"identified", kRequired, kText, "yes|no|untested"},
        {"calibrated", kRequired, kText},
        {"source", kOptional, kText}}},
      {output_file::implausibility,
       {{"point", kRequired, kCount},
        {"target", kRequired, kText},
        {"use", kRequired, kText, kUses},
        {"simulated", kOptional, kNumber},
        {"simulated_ci95", kOptional, kAmount},
        {"implausibility", kOptional, kAmount},
        {"plausible", kRequired, kText, "yes|no"}}},
      {output_file::plausible,
       {{"point", kRequired, kCount}, {"key", kRequired, kText}, {"value", kRequired, kText}, {"max_implausibility", kOptional, kAmount}}},
      {output_file::refinement,
       {{"evaluation", kRequired, kCount},
        {"start", kRequired, kCount},
        {"key", kRequired, kText},
        {"value", kRequired, kText},
        {"loss", kOptional, kAmount}}},
  };
  return files;
}

/// Files written only by this version's sweep or calibration: no older or newer layout to pass through, so a column
/// that is missing or unknown is refused, and a required text cell may not be empty.
bool closed_file(const std::string& file_name)
{
  for (const char* closed : {output_file::design, output_file::sweep, output_file::sensitivity, output_file::calibration, output_file::parameters,
                             output_file::implausibility, output_file::plausible, output_file::refinement})
    if (file_name == closed) return true;
  return false;
}

/// run_info.json's figures that the report shows as facts of the run; each is null or a figure of its kind.
constexpr std::pair<const char*, Figure> kRunFacts[] = {
    {"seed", kCount},      {"replications", kRuns},     {"jobs", kRuns},
    {"horizon_h", kAmount}, {"warmup_h", kAmount},       {"sample_interval_h", kAmount},
    {"wall_time_s", kAmount}};

/// Refuses a run fact of run_info.json that is not a figure of its kind, located.
void check_run_facts(const JsonValue& info, const std::string& path)
{
  for (const auto& [key, figure] : kRunFacts) {
    const JsonValue* v = info.find(key);
    if (!v || v->kind == JsonValue::Kind::null) continue;
    const auto where = path + ":" + std::to_string(v->line) + ":" + std::to_string(v->column) + ": " + key + ": ";
    const auto value = v->number();
    if (!value) throw std::runtime_error(where + "expected a number, got " + (v->is_scalar() ? "'" + v->text + "'" : "a list"));
    if (!std::isfinite(*value)) throw std::runtime_error(where + "'" + v->text + "' is not a finite number");
    if (const auto problem = figure_problem(figure, *value)) throw std::runtime_error(where + "'" + v->text + "' " + *problem);
  }
}

/// A table a folder cannot be read without, read, or refused when it holds no rows: a run writes one per
/// crossing, direction and class, so a header alone is a file cut short.
CsvTable read_table_with_rows(const std::string& path)
{
  CsvTable table = read_results_table(path);
  if (table.rows.empty()) throw std::runtime_error(path + ":2:1: no rows after the header; the file is incomplete");
  return table;
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
  check_run_facts(info, run_info);
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
  if (present(run.file(output_file::summary))) run.summary = read_table_with_rows(run.file(output_file::summary));
  run.stages = read_if_present(run.file(output_file::stages));
  run.replications = read_if_present(run.file(output_file::replications));
  run.provenance = read_if_present(run.file(output_file::provenance));
  run.network = read_if_present(run.file(output_file::network));
  run.wait_by_hour = read_if_present(run.file(output_file::wait_by_hour));
  run.has_timeseries = present(run.file(output_file::timeseries));
  run.has_vehicles = present(run.file(output_file::vehicles));
  run.description = describe_run(dir, run.summary);
  run.scenario = run.description.get("scenario");
  if (run.scenario.empty() && run.summary && !run.summary->rows.empty()) run.scenario = run.summary->cell(0, "scenario");
  if (run.scenario.empty()) run.scenario = fs::path(dir).filename().string();
  return run;
}

} // namespace

std::optional<std::string> figure_problem(Figure kind, double value)
{
  const bool whole = std::floor(value) == value;
  switch (kind) {
  case Figure::text:
  case Figure::number: return std::nullopt;
  case Figure::amount: return value >= 0 ? std::nullopt : std::optional<std::string>("is negative, which this figure cannot be");
  case Figure::count:
    return value >= 0 && whole ? std::nullopt : std::optional<std::string>("is not a whole number of at least 0");
  case Figure::runs:
    return value >= 1 && whole ? std::nullopt : std::optional<std::string>("is not a whole number of at least 1");
  case Figure::share:
    return value >= 0 && value <= 1 ? std::nullopt : std::optional<std::string>("is not a share from 0 to 1");
  }
  return std::nullopt;
}

const std::vector<KnownColumn>& known_columns(const std::string& file_name)
{
  static const std::vector<KnownColumn> none;
  const auto it = known_files().find(file_name);
  return it == known_files().end() ? none : it->second;
}

ResultsFileReader::ResultsFileReader(const std::string& path, std::uint64_t max_bytes) : reader_(path, max_bytes)
{
  const std::string file_name = fs::path(path).filename().string();
  const bool closed = closed_file(file_name);
  const auto& known_list = known_columns(file_name);
  if (closed) {
    std::string names;
    for (const auto& known : known_list) names += (names.empty() ? "" : " ") + std::string(known.name);
    const auto& header = reader_.header();
    for (std::size_t c = 0; c < header.size(); ++c) {
      const bool listed = std::any_of(known_list.begin(), known_list.end(), [&](const KnownColumn& k) { return header[c] == k.name; });
      if (!listed) throw reader_.error_at(c, "unknown column '" + header[c] + "'; " + file_name + " has: " + names);
      if (std::find(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(c), header[c]) != header.begin() + static_cast<std::ptrdiff_t>(c))
        throw reader_.error_at(c, "column '" + header[c] + "' appears twice");
    }
  }
  for (const auto& known : known_list) {
    const auto index = reader_.column(known.name);
    if (!index) {
      if (known.required || closed) throw std::runtime_error(path + ":1:1: missing column '" + known.name + "'");
      continue;
    }
    if (known.number()) numbers_.push_back({*index, known.name, known.required, known.figure});
    else if (known.one_of) choices_.push_back({*index, known.name, known.one_of});
    else if (closed && known.required) filled_.push_back({*index, known.name});
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
    const auto value = parse_number_exact(cell);
    if (!value) throw reader_.error_at(n.index, std::string(n.name) + ": " + number_problem(cell));
    if (const auto problem = figure_problem(n.figure, *value))
      throw reader_.error_at(n.index, std::string(n.name) + ": '" + cell + "' " + *problem);
    values_[n.index] = *value;
  }
  for (const auto& t : filled_)
    if (fields[t.index].empty()) throw reader_.error_at(t.index, std::string(t.name) + ": empty, but every row needs one");
  for (const auto& c : choices_) {
    const std::string& cell = fields[c.index];
    bool listed = false;
    for (std::size_t from = 0; from <= c.one_of.size() && !listed;) {
      const std::size_t bar = std::min(c.one_of.find('|', from), c.one_of.size());
      listed = c.one_of.substr(from, bar - from) == cell;
      from = bar + 1;
    }
    if (!listed) {
      std::string choices(c.one_of);
      std::replace(choices.begin(), choices.end(), '|', ' ');
      throw reader_.error_at(c.index, std::string(c.name) + ": '" + cell + "' is none of: " + choices);
    }
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
  if (present(dir + "/" + output_file::comparison)) out.comparison = read_table_with_rows(dir + "/" + output_file::comparison);
  if (!out.comparison && is_sweep_folder(dir)) {
    out.sweep = load_sweep_folder(dir);
    return out;
  }
  if (!out.comparison && is_calibration_folder(dir)) {
    out.calibration = load_calibration_folder(dir);
    return out;
  }
  if (!out.comparison) {
    if (!present(dir + "/" + summary))
      throw std::runtime_error(dir + " holds neither " + summary + " nor " + output_file::comparison + " nor a sweep's " +
                               output_file::design + " and " + output_file::sweep + " nor a calibration's " + output_file::calibration +
                               " and " + output_file::parameters);
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

std::string row_kind(const CsvTable& table, std::size_t row)
{
  if (table.column("kind")) return table.cell(row, "kind");
  return table.cell(row, "class") == "pedestrian" ? "person" : "vehicle";
}

std::vector<std::string> csv_files_of(const RunFolder& run)
{
  std::vector<std::string> files;
  for (const auto& file : kOutputFiles)
    if (file.is_csv && !file.comparison_only && present(run.file(file.name))) files.emplace_back(file.name);
  return files;
}

} // namespace bordersim::viz
