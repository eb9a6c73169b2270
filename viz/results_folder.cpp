#include "viz/results_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bordersim::viz {

namespace fs = std::filesystem;

namespace {

std::string read_text(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Just enough JSON for run_info.json: one object of scalars and arrays of scalars.
class FlatJsonReader {
public:
  explicit FlatJsonReader(std::string_view text) : s_(text) {}

  std::map<std::string, std::string> object()
  {
    std::map<std::string, std::string> out;
    expect('{');
    if (peek() == '}') return out;
    for (;;) {
      std::string key = string();
      expect(':');
      out[key] = value();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      expect('}');
      return out;
    }
  }

private:
  char peek()
  {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
    if (i_ == s_.size()) throw std::runtime_error("run_info.json ends early");
    return s_[i_];
  }
  void expect(char c)
  {
    if (peek() != c) throw std::runtime_error(std::string("run_info.json: expected '") + c + "'");
    ++i_;
  }
  static void append_utf8(std::string& out, unsigned code)
  {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }
  std::string string()
  {
    expect('"');
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ == s_.size()) break;
      c = s_[i_++];
      switch (c) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u':
        if (i_ + 4 <= s_.size()) {
          append_utf8(out, static_cast<unsigned>(std::stoul(std::string(s_.substr(i_, 4)), nullptr, 16)));
          i_ += 4;
        }
        break;
      default: out += c; // \" \\ \/
      }
    }
    expect('"');
    return out;
  }
  std::string value()
  {
    const char c = peek();
    if (c == '"') return string();
    if (c == '[') {
      ++i_;
      std::string joined;
      if (peek() == ']') {
        ++i_;
        return joined;
      }
      for (;;) {
        std::string element = value();
        if (!joined.empty()) joined += ' ';
        // Show arguments with spaces as a shell would need them.
        joined += element.find(' ') == std::string::npos ? element : "'" + element + "'";
        if (peek() == ',') {
          ++i_;
          continue;
        }
        expect(']');
        return joined;
      }
    }
    if (c == '{') { // not expected in run_info.json: skip it whole
      int depth = 0;
      do {
        if (s_[i_] == '{') ++depth;
        if (s_[i_] == '}') --depth;
        ++i_;
      } while (depth > 0 && i_ < s_.size());
      return {};
    }
    const std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']' && s_[i_] != ' ' && s_[i_] != '\n' && s_[i_] != '\r')
      ++i_;
    std::string token(s_.substr(start, i_ - start));
    return token == "null" ? std::string() : token;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

std::string trim(std::string_view s)
{
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

/// A YAML scalar as written by the simulator: drop a trailing comment and surrounding quotes.
std::string yaml_scalar(std::string_view raw)
{
  std::string v = trim(raw);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) return v.substr(1, v.size() - 2);
  if (const auto hash = v.find(" #"); hash != std::string::npos) v = trim(v.substr(0, hash));
  return v;
}

/// The few things the report shows from effective_config.yaml. This is not a YAML parser: it follows the
/// simulator's own block-style output (two-space indents, "- id: x" items) and ignores anything else.
struct ConfigOutline {
  std::map<std::string, std::string> top;        // scenario, description
  std::map<std::string, std::string> simulation; // simulation.* scalars
  std::map<std::string, std::string> names;      // id path → name
};

ConfigOutline read_config_outline(const std::string& path)
{
  ConfigOutline out;
  std::ifstream in(path);
  std::string line, section;
  std::map<std::size_t, std::string> item_ids; // dash indent → id of the current item at that depth
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos || line[indent] == '#') continue;
    std::string_view content = std::string_view(line).substr(indent);
    std::size_t key_indent = indent;
    const bool item = content.starts_with("- ");
    if (item) {
      content.remove_prefix(2);
      key_indent += 2;
    }
    const auto colon = content.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = trim(content.substr(0, colon));
    const std::string value = yaml_scalar(content.substr(colon + 1));
    if (indent == 0) {
      section = key;
      item_ids.clear();
      if (!value.empty()) out.top[key] = value;
      continue;
    }
    if (section == "simulation" && indent == 2 && !value.empty()) out.simulation[key] = value;
    if (section != "crossings") continue;
    if (item) {
      item_ids.erase(item_ids.lower_bound(indent), item_ids.end());
      if (key == "id") item_ids[indent] = value;
    } else if (key == "name" && item_ids.contains(key_indent - 2) && item_ids.rbegin()->first == key_indent - 2) {
      std::string id_path;
      for (const auto& [depth, id] : item_ids) id_path += (id_path.empty() ? "" : "/") + id;
      out.names[id_path] = value;
    }
  }
  return out;
}

RunDescription describe_run(const std::string& dir, const std::optional<CsvTable>& summary)
{
  RunDescription d;
  ConfigOutline config;
  if (fs::exists(dir + "/effective_config.yaml")) config = read_config_outline(dir + "/effective_config.yaml");
  d.names = config.names;
  if (fs::exists(dir + "/run_info.json")) {
    d.fields = FlatJsonReader(read_text(dir + "/run_info.json")).object();
    d.source = "run_info.json";
  } else {
    // `run` writes the report before run_info.json: take what the other files say.
    d.source = fs::exists(dir + "/effective_config.yaml") ? "effective_config.yaml" : "summary.csv";
    for (const char* key : {"scenario"})
      if (config.top.contains(key)) d.fields[key] = config.top[key];
    for (const char* key : {"seed", "replications", "start_date"})
      if (config.simulation.contains(key)) d.fields[key] = config.simulation[key];
    if (const auto h = duration_h(config.simulation["horizon"])) d.fields["horizon_h"] = std::to_string(*h);
    if (const auto h = duration_h(config.simulation["warmup"])) d.fields["warmup_h"] = std::to_string(*h);
    if (summary && !summary->rows.empty()) {
      if (!d.fields.contains("scenario")) d.fields["scenario"] = summary->cell(0, "scenario");
      if (!d.fields.contains("replications")) d.fields["replications"] = summary->cell(0, "replications");
    }
  }
  if (config.top.contains("description")) d.fields["description"] = config.top["description"];
  if (const auto h = duration_h(config.simulation["sample_interval"])) d.fields["sample_interval_h"] = std::to_string(*h);
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
  run.summary = read_if_present(dir + "/summary.csv");
  run.stages = read_if_present(dir + "/stages.csv");
  run.replications = read_if_present(dir + "/replications.csv");
  run.provenance = read_if_present(dir + "/provenance.csv");
  run.has_timeseries = fs::exists(dir + "/timeseries.csv");
  run.has_vehicles = fs::exists(dir + "/vehicles.csv");
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
  return parse_number(get(key));
}

std::optional<double> duration_h(const std::string& text)
{
  static const std::pair<const char*, double> units[] = {{"min", 1.0 / 60}, {"s", 1.0 / 3600}, {"h", 1.0}, {"d", 24.0}, {"w", 168.0}};
  const std::string t = trim(text);
  for (const auto& [suffix, hours] : units) {
    const std::string_view sv(suffix);
    if (t.size() > sv.size() && t.ends_with(sv))
      if (const auto n = parse_number(trim(std::string_view(t).substr(0, t.size() - sv.size())))) return *n * hours;
  }
  if (const auto seconds = parse_number(t)) return *seconds / 3600;
  return std::nullopt;
}

ResultsFolder load_results_folder(const std::string& dir)
{
  ResultsFolder out;
  out.dir = dir;
  if (!fs::is_directory(dir)) throw std::runtime_error(dir + " is not a folder");
  out.comparison = read_if_present(dir + "/comparison.csv");
  if (!out.comparison) {
    if (!fs::exists(dir + "/summary.csv")) throw std::runtime_error(dir + " holds neither summary.csv nor comparison.csv");
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
    if (entry.is_directory() && fs::exists(entry.path() / "summary.csv")) found.push_back(load_run(entry.path().string()));
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
  if (out.runs.empty() && fs::exists(dir + "/summary.csv")) out.runs.push_back(load_run(dir));
  return out;
}

std::vector<std::string> csv_files_of(const RunFolder& run)
{
  std::vector<std::string> files;
  for (const char* name : {"summary.csv", "stages.csv", "timeseries.csv", "replications.csv", "vehicles.csv", "provenance.csv"})
    if (fs::exists(run.file(name))) files.emplace_back(name);
  return files;
}

} // namespace bordersim::viz
