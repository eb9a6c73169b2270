#include "viz/sweep_folder.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <tuple>

#include "models/formats/input_file.hpp"
#include "models/formats/output_files.hpp"
#include "models/formats/units.hpp"
#include "viz/results_folder.hpp"

namespace bordersim::viz {

namespace fs = std::filesystem;

std::optional<std::pair<double, std::string>> number_with_unit(const std::string& text)
{
  std::size_t split = text.size();
  while (split > 0 && std::isalpha(static_cast<unsigned char>(text[split - 1]))) --split;
  const auto number = parse_number_exact(std::string_view(text).substr(0, split));
  if (!number) return std::nullopt;
  return std::make_pair(*number, text.substr(split));
}

namespace {

bool present(const fs::path& path) { return fs::exists(fs::symlink_status(path)); }

/// The key's levels: ascending numbers when every value is a number with one unit, else as first given.
void order_levels(SweepKey& key)
{
  std::vector<std::pair<double, std::string>> parsed;
  for (const auto& level : key.levels) {
    const auto p = number_with_unit(level);
    if (!p || (!parsed.empty() && p->second != parsed.front().second)) return;
    parsed.push_back(*p);
  }
  if (parsed.empty()) return;
  std::vector<std::size_t> order(parsed.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return parsed[a].first < parsed[b].first; });
  std::vector<std::string> levels;
  for (const std::size_t i : order) {
    levels.push_back(key.levels[i]);
    key.level_values.push_back(parsed[i].first);
  }
  key.levels = std::move(levels);
  key.numeric = true;
  key.unit = parsed.front().second;
}

} // namespace

std::string first_line_of(const std::string& path)
{
  if (!present(path)) return {};
  std::string text;
  try {
    text = read_input_file(path, 1 << 20);
  } catch (const std::exception&) {
    return {};
  }
  return text.substr(0, text.find('\n'));
}

namespace {

/// The name the sweep wrote into effective_config.yaml's first line ("... base scenario 'NAME': ..."), if any.
std::string scenario_of(const std::string& dir)
{
  const std::string line = first_line_of(dir + "/" + output_file::effective_config);
  const std::string marker = "base scenario '";
  const auto from = line.find(marker);
  const auto to = line.rfind("':");
  if (from == std::string::npos || to == std::string::npos || to < from + marker.size()) return {};
  return line.substr(from + marker.size(), to - from - marker.size());
}

using SeriesId = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;

struct Columns {
  explicit Columns(const ResultsFileReader& r) : reader(r) {}
  const ResultsFileReader& reader;
  std::size_t operator[](const char* name) const { return *reader.column(name); } // every column of a closed file is there
};

void read_design(const std::string& path, SweepFolder& out)
{
  ResultsFileReader reader(path, kMaxWholeCsvBytes);
  const Columns col(reader);
  const auto& csv = reader.csv();
  std::vector<std::string> f;
  std::size_t in_point = 0; // keys listed so far for the current point
  long current = -1;
  std::vector<std::string> values;
  const auto close_point = [&](std::size_t field, const std::string& why) {
    if (current < 0) return;
    if (current > 0 && in_point < out.keys.size())
      throw csv.error_at(field, "point " + std::to_string(current) + " lacks key '" + out.keys[in_point].key + "'" + why);
    for (std::size_t k = 0; k < out.keys.size(); ++k) {
      auto& levels = out.keys[k].levels;
      const auto at = std::find(levels.begin(), levels.end(), values[k]);
      if (at == levels.end()) levels.push_back(values[k]);
    }
    out.level.emplace_back(); // filled once the levels are ordered
  };
  std::vector<std::vector<std::string>> point_values;
  while (reader.next(f)) {
    const auto point = static_cast<long>(reader.number(col["point"]));
    const std::string& key = f[col["key"]];
    const int trajectory = f[col["trajectory"]].empty() ? -1 : static_cast<int>(reader.number(col["trajectory"]));
    if (point != current) {
      if (point != current + 1)
        throw csv.error_at(col["point"], "point: expected " + std::to_string(current + 1) + " (points are numbered from 0, in order), got " +
                                             f[col["point"]]);
      close_point(col["point"], "");
      if (current >= 0) point_values.push_back(values);
      current = point;
      in_point = 0;
      values.assign(out.keys.size(), std::string());
      out.trajectory.push_back(trajectory);
    } else if (trajectory != out.trajectory.back()) {
      throw csv.error_at(col["trajectory"], "trajectory: point " + std::to_string(point) + " has another trajectory on an earlier row");
    }
    if (point == 0) {
      for (const auto& k : out.keys)
        if (k.key == key) throw csv.error_at(col["key"], "key: '" + key + "' appears twice for point 0");
      out.keys.push_back({key, {}, false, {}, {}});
      values.push_back(f[col["value"]]);
    } else {
      if (in_point >= out.keys.size())
        throw csv.error_at(col["key"], "key: point " + std::to_string(point) + " lists more keys than point 0 (" +
                                           std::to_string(out.keys.size()) + ")");
      if (key != out.keys[in_point].key)
        throw csv.error_at(col["key"], "key: expected '" + out.keys[in_point].key + "' (every point lists point 0's keys, in its order), got '" +
                                           key + "'");
      values[in_point] = f[col["value"]];
    }
    ++in_point;
  }
  if (current < 0) throw std::runtime_error(path + ":2:1: no rows after the header; the file is incomplete");
  if (current > 0 && in_point < out.keys.size())
    throw std::runtime_error(path + ":" + std::to_string(csv.line() + 1) + ":1: the file ends before point " + std::to_string(current) +
                             " lists key '" + out.keys[in_point].key + "'");
  close_point(0, "");
  point_values.push_back(values);
  out.points = point_values.size();
  for (auto& k : out.keys) order_levels(k);
  for (std::size_t p = 0; p < out.points; ++p) {
    out.level[p].resize(out.keys.size());
    for (std::size_t k = 0; k < out.keys.size(); ++k) {
      const auto& levels = out.keys[k].levels;
      out.level[p][k] = static_cast<std::size_t>(std::find(levels.begin(), levels.end(), point_values[p][k]) - levels.begin());
    }
  }
}

void read_sweep(const std::string& path, SweepFolder& out, std::map<SeriesId, std::size_t>& index)
{
  ResultsFileReader reader(path, kMaxWholeCsvBytes);
  const Columns col(reader);
  const auto& csv = reader.csv();
  std::vector<std::string> f;
  bool any = false;
  while (reader.next(f)) {
    const auto point = static_cast<std::size_t>(reader.number(col["point"]));
    if (point >= out.points)
      throw csv.error_at(col["point"], "point: " + f[col["point"]] + " is not in design.csv (points 0 to " + std::to_string(out.points - 1) + ")");
    const SeriesId id{f[col["crossing"]], f[col["direction"]], f[col["class"]], f[col["stage"]], f[col["kind"]], f[col["metric"]]};
    auto [at, added] = index.try_emplace(id, out.series.size());
    if (added) {
      out.series.push_back({f[col["crossing"]], f[col["direction"]], f[col["class"]], f[col["stage"]], f[col["kind"]], f[col["metric"]],
                            f[col["unit"]], std::vector<double>(out.points, std::nan("")), std::vector<double>(out.points, std::nan(""))});
    }
    SweepSeries& s = out.series[at->second];
    if (s.unit != f[col["unit"]])
      throw csv.error_at(col["unit"], "unit: '" + f[col["unit"]] + "', where an earlier row of this metric says '" + s.unit + "'");
    if (!std::isnan(s.mean[point]) || !std::isnan(s.ci95[point]))
      throw csv.error_at(col["metric"], "metric: a second row of " + s.metric + " for point " + std::to_string(point) + " of this flow");
    s.mean[point] = reader.number(col["mean"]);
    s.ci95[point] = reader.number(col["ci95"]);
    const int reps = static_cast<int>(reader.number(col["replications"]));
    out.replications_min = any ? std::min(out.replications_min, reps) : reps;
    out.replications_max = any ? std::max(out.replications_max, reps) : reps;
    any = true;
  }
  if (!any) throw std::runtime_error(path + ":2:1: no rows after the header; the file is incomplete");
}

void read_sensitivity(const std::string& path, SweepFolder& out, const std::map<SeriesId, std::size_t>& index)
{
  ResultsFileReader reader(path, kMaxWholeCsvBytes);
  const Columns col(reader);
  const auto& csv = reader.csv();
  std::vector<std::string> f;
  std::string design;
  out.effects.assign(out.series.size(), {});
  while (reader.next(f)) {
    if (design.empty()) design = f[col["design"]];
    else if (design != f[col["design"]])
      throw csv.error_at(col["design"], "design: '" + f[col["design"]] + "', where an earlier row says '" + design + "'");
    const std::string& key = f[col["key"]];
    const auto k = std::find_if(out.keys.begin(), out.keys.end(), [&](const SweepKey& x) { return x.key == key; });
    if (k == out.keys.end()) throw csv.error_at(col["key"], "key: '" + key + "' is not a key of design.csv");
    const SeriesId id{f[col["crossing"]], f[col["direction"]], f[col["class"]], f[col["stage"]], f[col["kind"]], f[col["metric"]]};
    const auto s = index.find(id);
    if (s == index.end()) throw csv.error_at(col["metric"], "metric: sweep.csv has no " + f[col["metric"]] + " of this flow");
    auto& effects = out.effects[s->second];
    const auto key_index = static_cast<std::size_t>(k - out.keys.begin());
    if (std::any_of(effects.begin(), effects.end(), [&](const SweepEffect& e) { return e.key == key_index; }))
      throw csv.error_at(col["key"], "key: a second row of '" + key + "' for this metric");
    effects.push_back({key_index, reader.number(col["effect"]), reader.number(col["mu"]), reader.number(col["sigma"]),
                       static_cast<int>(reader.number(col["steps"])), static_cast<int>(reader.number(col["rank"]))});
  }
  if (design.empty()) throw std::runtime_error(path + ":2:1: no rows after the header; the file is incomplete");
  for (auto& effects : out.effects)
    std::stable_sort(effects.begin(), effects.end(), [](const SweepEffect& a, const SweepEffect& b) { return a.rank < b.rank; });
  out.design = design;
}

/// The points of a full grid by combination of levels, or nothing when the points are not one.
std::vector<std::size_t> grid_of(const SweepFolder& s)
{
  std::size_t cells = 1;
  for (const auto& k : s.keys) {
    cells *= k.levels.size();
    if (cells > s.points) return {};
  }
  if (cells != s.points) return {};
  std::vector<std::size_t> grid(cells, s.points);
  for (std::size_t p = 0; p < s.points; ++p) {
    std::size_t at = 0;
    for (std::size_t k = 0; k < s.keys.size(); ++k) at = at * s.keys[k].levels.size() + s.level[p][k];
    if (grid[at] != s.points) return {}; // a combination twice: another one is missing
    grid[at] = p;
  }
  return grid;
}

} // namespace

bool is_sweep_folder(const std::string& dir)
{
  return present(dir + "/" + output_file::design) && present(dir + "/" + output_file::sweep) && !present(dir + "/" + output_file::summary);
}

SweepFolder load_sweep_folder(const std::string& dir)
{
  SweepFolder out;
  out.dir = dir;
  read_design(dir + "/" + output_file::design, out);
  std::map<SeriesId, std::size_t> index;
  read_sweep(dir + "/" + output_file::sweep, out, index);
  if (present(dir + "/" + output_file::sensitivity)) {
    read_sensitivity(dir + "/" + output_file::sensitivity, out, index);
    out.has_sensitivity = true;
  } else {
    out.effects.assign(out.series.size(), {});
  }
  out.grid_points = grid_of(out);
  if (out.design.empty()) {
    const bool trajectories = std::any_of(out.trajectory.begin(), out.trajectory.end(), [](int t) { return t >= 0; });
    out.design = trajectories ? "morris" : !out.grid_points.empty() ? "grid" : "lhs";
  }
  if (out.design != "grid") out.grid_points.clear();
  out.scenario = scenario_of(dir);
  if (out.scenario.empty()) out.scenario = fs::path(dir).lexically_normal().filename().string();
  if (out.scenario.empty()) out.scenario = fs::path(dir).lexically_normal().parent_path().filename().string();
  return out;
}

} // namespace bordersim::viz
