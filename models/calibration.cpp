#include "models/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "models/calendar.hpp"
#include "models/config/config_tree.hpp"
#include "models/config/config_values.hpp"

namespace bordersim {
namespace {

constexpr int kMaxSourceCharacters = 2000;
constexpr std::size_t kMaxItems = 1000; // parameters or targets: more is a mistake, and each costs runs

/// The list under `list_key` of the file, or nothing (said).
const ConfigNode* item_list(const std::optional<ConfigNode>& root, const std::string& path, const char* list_key, Diagnostics& diagnostics)
{
  if (!root) return nullptr;
  const SourceLocation top{path, 1, 1};
  if (!root->is_map()) {
    diagnostics.error(top, "", std::string("expected a mapping with a '") + list_key + "' list");
    return nullptr;
  }
  for (const auto& e : root->entries)
    if (e.key != list_key) diagnostics.error(e.key_location, e.key, std::string("unknown key; valid: ") + list_key);
  const ConfigNode* list = root->find(list_key);
  if (!list) {
    diagnostics.error(top, list_key, "required");
    return nullptr;
  }
  if (!list->is_sequence() || list->items.empty()) {
    diagnostics.error(list->location, list_key, "expected a list of at least one item");
    return nullptr;
  }
  if (list->items.size() > kMaxItems) {
    diagnostics.error(list->location, list_key, "more than " + std::to_string(kMaxItems) + " items");
    return nullptr;
  }
  return list;
}

/// Reads an item's fields by name: unknown ones and missing required ones are said; `read` gets each present one.
class ItemReader {
public:
  ItemReader(const ConfigNode& item, std::string path, Diagnostics& diagnostics) : item_(item), path_(std::move(path)), diagnostics_(diagnostics) {}
  /// Says every key of the item that `valid` does not hold.
  bool check_keys(const std::vector<std::string>& valid)
  {
    if (!item_.is_map()) {
      diagnostics_.error(item_.location, path_, "expected a mapping");
      return false;
    }
    std::string list;
    for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
    for (const auto& e : item_.entries)
      if (std::find(valid.begin(), valid.end(), e.key) == valid.end()) diagnostics_.error(e.key_location, path_ + "." + e.key, "unknown key; valid: " + list);
    return true;
  }
  const ConfigNode* find(const char* key, bool required)
  {
    const ConfigNode* n = item_.find(key);
    if (!n && required) diagnostics_.error(item_.location, path_ + "." + key, "required");
    return n;
  }
  template <class T> std::optional<T> read(const char* key, bool required, const std::function<Read<T>(const ConfigNode&)>& reader)
  {
    const ConfigNode* n = find(key, required);
    if (!n) return std::nullopt;
    Read<T> r = reader(*n);
    if (!r.value) diagnostics_.error(n->location, path_ + "." + key, r.error);
    return r.value;
  }
  std::optional<std::string> text(const char* key, bool required)
  {
    return read<std::string>(key, required, [](const ConfigNode& n) { return read_free_text(n, kMaxSourceCharacters); });
  }
  std::optional<std::string> id(const char* key, bool required) { return read<std::string>(key, required, read_id); }
  void error(const char* key, const std::string& message)
  {
    const ConfigNode* n = item_.find(key);
    diagnostics_.error(n ? n->location : item_.location, path_ + "." + key, message);
  }
  const std::string& path() const { return path_; }

private:
  const ConfigNode& item_;
  std::string path_;
  Diagnostics& diagnostics_;
};

/// A standard deviation: a number >= 0.
Read<double> read_spread(const ConfigNode& node)
{
  Read<double> r = read_number(node);
  if (r.value && !(*r.value >= 0 && std::isfinite(*r.value))) return {std::nullopt, "expected a number >= 0"};
  return r;
}

} // namespace

std::string ObservationTarget::dates_text() const
{
  if (!window_from) return "";
  return SimCalendar(*window_from).date_text() + ".." + SimCalendar(*window_to).date_text();
}

std::string ObservationTarget::window_text() const
{
  std::string hours;
  if (hour_from) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:00-%02d:00", *hour_from, *hour_to);
    hours = text;
  }
  const std::string dates = dates_text();
  return dates.empty() ? hours : hours.empty() ? dates : dates + " " + hours;
}

std::vector<CalibrationParameter> load_calibration_parameters(const std::string& path, Diagnostics& diagnostics)
{
  std::vector<CalibrationParameter> out;
  const auto root = parse_yaml_file(path, diagnostics);
  const ConfigNode* list = item_list(root, path, "parameters", diagnostics);
  if (!list) return out;
  std::set<std::string> keys;
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const ConfigNode& item = list->items[i];
    ItemReader r(item, "parameters[" + std::to_string(i) + "]", diagnostics);
    if (!r.check_keys({"key", "low", "high", "scale", "source"})) continue;
    CalibrationParameter p;
    p.where = item.location;
    if (const ConfigNode* key = r.find("key", true)) {
      p.key_where = key->location;
      if (auto k = r.text("key", true)) {
        p.key = *k;
        if (!keys.insert(p.key).second) r.error("key", "'" + p.key + "' is listed twice");
      }
    }
    // The ends are checked against the key's kind where the scenario is known (the calibrate command).
    for (auto [name, text] : {std::pair{"low", &p.low_text}, std::pair{"high", &p.high_text}})
      if (auto v = r.text(name, true)) *text = *v;
    if (auto scale = r.id("scale", false)) {
      if (*scale == "log") p.log_scale = true;
      else if (*scale != "linear") r.error("scale", "expected linear or log, got '" + *scale + "'");
    }
    if (auto s = r.text("source", true)) {
      if (s->empty()) r.error("source", "say why this range: a sourced fact, or an assumption and its reason");
      p.source = *s;
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<ObservationTarget> load_observation_targets(const std::string& path, Diagnostics& diagnostics)
{
  std::vector<ObservationTarget> out;
  const auto root = parse_yaml_file(path, diagnostics);
  const ConfigNode* list = item_list(root, path, "targets", diagnostics);
  if (!list) return out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const ConfigNode& item = list->items[i];
    // Named by its id in messages once it has one.
    std::string name = "targets[" + std::to_string(i) + "]";
    if (item.is_map())
      if (const ConfigNode* id = item.find("id"); id && read_id(*id).value) name = "targets." + id->scalar;
    ItemReader r(item, name, diagnostics);
    if (!r.check_keys({"id", "crossing", "direction", "class", "stage", "metric", "window", "hours", "scenario", "observed", "uncertainty",
                       "discrepancy", "source", "use"}))
      continue;
    ObservationTarget t;
    t.where = item.location;
    for (const auto& e : item.entries) t.field_where[e.key] = e.value.location;
    if (auto id = r.id("id", true)) {
      t.id = *id;
      if (!ids.insert(t.id).second) r.error("id", "'" + t.id + "' names two targets");
    }
    if (auto v = r.id("crossing", true)) t.crossing = *v;
    if (auto v = r.id("direction", true)) t.direction = *v;
    if (auto v = r.id("class", false)) t.vehicle_class = *v;
    if (auto v = r.id("stage", false)) t.stage = *v;
    if (item.find("class") && item.find("stage")) r.error("stage", "give class (a class's metric) or stage (a stage's), not both");
    if (!item.find("class") && !item.find("stage")) diagnostics.error(item.location, name + ".class", "give class (a class's metric) or stage (a stage's)");
    if (auto v = r.id("metric", true)) t.metric = *v;
    if (const ConfigNode* w = r.find("window", false)) {
      ItemReader wr(*w, name + ".window", diagnostics);
      if (wr.check_keys({"from", "to"})) {
        t.window_from = wr.read<std::chrono::year_month_day>("from", true, read_date);
        t.window_to = wr.read<std::chrono::year_month_day>("to", true, read_date);
        if (t.window_from && t.window_to && std::chrono::sys_days(*t.window_to) < std::chrono::sys_days(*t.window_from))
          wr.error("to", "the window ends before it starts");
        if (!t.window_from || !t.window_to) t.window_from = t.window_to = std::nullopt;
      }
    }
    if (auto hours = r.text("hours", false)) {
      // Whole hours of the clock, as the tallies by hour of arrival keep them: "07:00-10:00"; "22:00-24:00".
      int from = -1, to = -1;
      char extra = 0;
      if (std::sscanf(hours->c_str(), "%d:00-%d:00%c", &from, &to, &extra) != 2 || from < 0 || to > 24 || from >= to)
        r.error("hours", "expected whole hours of a day, from before to, e.g. \"07:00-10:00\" or \"20:00-24:00\", got '" + *hours + "'");
      else t.hour_from = from, t.hour_to = to;
    }
    if (auto file = r.text("scenario", false)) {
      if (file->empty()) r.error("scenario", "expected the path of a scenario file");
      else t.scenario_file = (std::filesystem::path(path).parent_path() / *file).lexically_normal().string();
    }
    if (const ConfigNode* o = r.find("observed", true)) {
      if (o->is_map()) {
        ItemReader orr(*o, name + ".observed", diagnostics);
        if (orr.check_keys({"low", "high"})) {
          t.observed_low = orr.read<double>("low", true, read_number);
          t.observed_high = orr.read<double>("high", true, read_number);
          if (t.observed_low && t.observed_high && !(*t.observed_low <= *t.observed_high)) orr.error("high", "the range runs from low to high");
        }
      } else {
        t.observed = r.read<double>("observed", true, read_number);
      }
    }
    if (auto v = r.read<double>("uncertainty", false, read_spread)) t.uncertainty = *v;
    if (auto v = r.read<double>("discrepancy", false, read_spread)) t.discrepancy = *v;
    if (auto s = r.text("source", true)) {
      if (s->empty()) r.error("source", "name the observation's source");
      t.source = *s;
    }
    if (auto use = r.id("use", true)) {
      if (*use == "holdout") t.use = TargetUse::holdout;
      else if (*use != "fit") r.error("use", "expected fit or holdout, got '" + *use + "'");
    }
    out.push_back(std::move(t));
  }
  return out;
}

} // namespace bordersim
