#include "models/config/config_values.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <stdexcept>

#include "models/calendar.hpp"
#include "models/formats/units.hpp"

namespace bordersim {
namespace {

template <class T> Read<T> fail(std::string message) { return {std::nullopt, std::move(message)}; }

std::string join(const std::vector<std::string_view>& names)
{
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

bool looks_like_bare_number(const std::string& text) { return parse_number(text).has_value(); }

std::string code_point_name(char32_t c)
{
  char name[16];
  std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(c));
  return name;
}

/// Letters of other scripts, roughly: the basic plane from U+00C0 (Latin-1's symbols and the no-break space
/// lie below), without its blocks of spaces, punctuation, invisible formatting and private use.
bool is_other_script_letter(char32_t c)
{
  if (c < 0xC0 || c > 0xFFFF || c == 0xD7 || c == 0xF7) return false;
  const std::pair<char32_t, char32_t> excluded[] = {
      {0x2000, 0x206F}, // spaces, dashes, quotation marks, zero-width and bidirectional marks
      {0x2E00, 0x2E7F}, // supplemental punctuation
      {0x3000, 0x303F}, // CJK spaces and punctuation
      {0xE000, 0xF8FF}, // private use
      {0xFE00, 0xFE0F}, // variation selectors
      {0xFEFF, 0xFEFF}, // byte order mark
      {0xFFF0, 0xFFFF}, // specials
  };
  return std::none_of(std::begin(excluded), std::end(excluded), [c](const auto& r) { return c >= r.first && c <= r.second; });
}

bool is_id_character(char32_t c)
{
  if (c < 0x80) return std::isalnum(static_cast<int>(c)) || c == '_' || c == '.' || c == '-';
  return is_other_script_letter(c);
}

/// Counts the characters of `text` and finds the first one `allowed` refuses; an error when it is not UTF-8.
template <class Allowed>
std::string check_characters(const std::string& text, Allowed allowed, int& characters, std::optional<char32_t>& refused)
{
  characters = 0;
  for (std::size_t at = 0; at < text.size(); ++characters) {
    const CodePoint c = next_code_point(std::string_view(text).substr(at));
    if (!c.value) return "is not valid UTF-8 (byte " + std::to_string(at + 1) + ")";
    if (!refused && !allowed(*c.value)) refused = c.value;
    at += c.bytes;
  }
  return {};
}

bool in_calendar_range(const std::chrono::year_month_day& date)
{
  return date.year() >= std::chrono::year{kFirstYear} && date.year() <= std::chrono::year{kLastYear};
}

std::string calendar_range()
{
  return "from " + std::to_string(kFirstYear) + "-01-01 to " + std::to_string(kLastYear) + "-12-31";
}

std::string too_long(int characters, int max_characters)
{
  return "is " + std::to_string(characters) + " characters long; at most " + std::to_string(max_characters);
}

} // namespace

Read<std::string> read_text(const ConfigNode& node)
{
  if (!node.is_scalar()) return fail<std::string>("expected a text value");
  return {node.scalar, {}};
}

Read<std::string> read_id(const ConfigNode& node)
{
  if (!node.is_scalar()) return fail<std::string>("expected a text value");
  const std::string& text = node.scalar;
  if (text.empty()) return fail<std::string>("must not be empty");
  int characters = 0;
  std::optional<char32_t> refused;
  if (auto error = check_characters(text, is_id_character, characters, refused); !error.empty()) return fail<std::string>(error);
  if (refused) {
    const char32_t c = *refused;
    const std::string shown = c >= 0x20 && c < 0x7F ? "'" + std::string(1, static_cast<char>(c)) + "'" : code_point_name(c);
    return fail<std::string>("character " + shown + " is not allowed: an id holds letters, digits, '_', '.' and '-'");
  }
  if (characters > kMaxIdCharacters) return fail<std::string>(too_long(characters, kMaxIdCharacters));
  // A folder named "-x" reads as an option to shell commands, and a cell "-x" as a formula to a spreadsheet.
  if (text.front() == '-') return fail<std::string>("must not begin with '-': ids and the scenario name become folder names");
  if (text == "." || text == "..")
    return fail<std::string>("must not be '.' or '..': ids and the scenario name become folder names");
  return {text, {}};
}

Read<std::string> read_free_text(const ConfigNode& node, int max_characters)
{
  if (!node.is_scalar()) return fail<std::string>("expected a text value");
  int characters = 0;
  std::optional<char32_t> refused;
  const auto allowed = [](char32_t c) { return !is_control_character(c); };
  if (auto error = check_characters(node.scalar, allowed, characters, refused); !error.empty()) return fail<std::string>(error);
  if (refused == U'\n')
    return fail<std::string>("control character U+000A (a line break) is not allowed: write it on one line (a YAML '>' or '|' "
                             "block ends with one; '>-' does not)");
  if (refused) return fail<std::string>("control character " + code_point_name(*refused) + " is not allowed");
  if (characters > max_characters) return fail<std::string>(too_long(characters, max_characters));
  return {node.scalar, {}};
}

Read<double> read_number(const ConfigNode& node)
{
  if (!node.is_scalar()) return fail<double>("expected a number");
  auto v = parse_number(node.scalar);
  if (!v) return fail<double>("expected a number, got '" + node.scalar + "'");
  return {v, {}};
}

Read<long long> read_integer(const ConfigNode& node)
{
  auto n = read_number(node);
  if (!n.value) return fail<long long>("expected a whole number" + (node.is_scalar() ? ", got '" + node.scalar + "'" : std::string{}));
  if (*n.value != std::floor(*n.value) || std::fabs(*n.value) > 9e15)
    return fail<long long>("expected a whole number, got '" + node.scalar + "'");
  return {static_cast<long long>(*n.value), {}};
}

Read<double> read_duration_s(const ConfigNode& node)
{
  if (!node.is_scalar()) return fail<double>("expected a duration such as 90s, 4min, 1.5h or 2d");
  if (looks_like_bare_number(node.scalar))
    return fail<double>("duration '" + node.scalar + "' has no unit; write it as e.g. " + node.scalar + "s, " + node.scalar +
                        "min, " + node.scalar + "h or " + node.scalar + "d");
  auto v = parse_duration_s(node.scalar);
  if (!v) return fail<double>("expected a duration such as 90s, 4min, 1.5h or 2d, got '" + node.scalar + "'");
  return {v, {}};
}

Read<std::vector<std::string>> read_text_list(const ConfigNode& node)
{
  if (!node.is_sequence()) return fail<std::vector<std::string>>("expected a list, e.g. [truck, car]");
  std::vector<std::string> out;
  for (const auto& item : node.items) {
    if (!item.is_scalar()) return fail<std::vector<std::string>>("expected a list of names");
    out.push_back(item.scalar);
  }
  return {out, {}};
}

Read<std::vector<double>> read_number_list(const ConfigNode& node)
{
  if (!node.is_sequence()) return fail<std::vector<double>>("expected a list of numbers");
  std::vector<double> out;
  for (const auto& item : node.items) {
    auto v = read_number(item);
    if (!v.value) return fail<std::vector<double>>("expected a list of numbers: " + v.error);
    out.push_back(*v.value);
  }
  return {out, {}};
}

Read<std::vector<DailyWindow>> read_time_windows(const ConfigNode& node)
{
  using R = std::vector<DailyWindow>;
  if (!node.is_sequence()) return fail<R>("expected a list of daily windows, e.g. [\"08:00-20:00\"]");
  R out;
  for (const auto& item : node.items) {
    const std::string text = item.is_scalar() ? item.scalar : std::string{};
    const auto dash = text.find('-');
    auto open = dash == std::string::npos ? std::nullopt : parse_clock_time_s(text.substr(0, dash));
    auto close = dash == std::string::npos ? std::nullopt : parse_clock_time_s(text.substr(dash + 1));
    if (!open || !close) return fail<R>("expected a daily window HH:MM-HH:MM, got '" + text + "'");
    if (*open == *close && !(*open == 0)) return fail<R>("window '" + text + "' is empty");
    out.push_back({*open, *close == 0 && *open == 0 ? kSecondsPerDay : *close});
  }
  return {out, {}};
}

Read<std::vector<ClosedDateRange>> read_date_ranges(const ConfigNode& node)
{
  using R = std::vector<ClosedDateRange>;
  if (!node.is_sequence()) return fail<R>("expected a list of date ranges, e.g. [\"11-01..03-31\"]");
  R out;
  for (const auto& item : node.items) {
    const std::string text = item.is_scalar() ? item.scalar : std::string{};
    const auto dots = text.find("..");
    auto first = dots == std::string::npos ? std::nullopt : parse_month_day(text.substr(0, dots));
    auto last = dots == std::string::npos ? std::nullopt : parse_month_day(text.substr(dots + 2));
    if (!first || !last) return fail<R>("expected a date range MM-DD..MM-DD, got '" + text + "'");
    out.push_back({*first, *last});
  }
  return {out, {}};
}

Read<bool> read_boolean(const ConfigNode& node)
{
  if (node.is_scalar() && node.scalar == "true") return {true, {}};
  if (node.is_scalar() && node.scalar == "false") return {false, {}};
  return fail<bool>("expected true or false");
}

Read<Moment> read_moment(const ConfigNode& node)
{
  if (!node.is_scalar()) return fail<Moment>("expected a duration after time zero (30d) or a date and time (2025-10-03 08:00)");
  const std::string& text = node.scalar;
  if (text.size() == 16 && (text[10] == ' ' || text[10] == 'T') && parse_date(text.substr(0, 10)) &&
      parse_clock_time_s(text.substr(11, 5))) {
    if (!in_calendar_range(*parse_date(text.substr(0, 10))))
      return fail<Moment>("the date must be " + calendar_range() + ", got '" + text + "'");
    return {Moment{std::nullopt, text}, {}};
  }
  if (auto d = parse_duration_s(text); d && *d >= 0) {
    if (*d > kMaxDuration_s)
      return fail<Moment>("must be at most " + format_duration(kMaxDuration_s) + " after time zero, got '" + text + "'");
    return {Moment{d, {}}, {}};
  }
  return fail<Moment>("expected a duration after time zero (30d) or a date and time (2025-10-03 08:00), got '" + text + "'");
}

Read<std::chrono::year_month_day> read_date(const ConfigNode& node)
{
  using R = std::chrono::year_month_day;
  const auto date = node.is_scalar() ? parse_date(node.scalar) : std::nullopt;
  if (!date) return fail<R>("expected a date YYYY-MM-DD");
  if (!in_calendar_range(*date)) return fail<R>("expected a date " + calendar_range() + ", got '" + node.scalar + "'");
  return {date, {}};
}

Read<Distribution> read_distribution(const ConfigNode& node)
{
  if (!node.is_map()) return fail<Distribution>("expected a distribution, e.g. {dist: exponential, mean: 1min}");
  const ConfigNode* kind_node = node.find("dist");
  std::vector<std::string_view> kind_names;
  for (const auto& [name, params] : Distribution::kinds()) kind_names.push_back(name);
  if (!kind_node || !kind_node->is_scalar())
    return fail<Distribution>("missing 'dist'; valid: " + join(kind_names));
  const auto& kinds = Distribution::kinds();
  auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == kind_node->scalar; });
  if (kind == kinds.end()) return fail<Distribution>("unknown dist '" + kind_node->scalar + "'; valid: " + join(kind_names));
  const auto& params = kind->second;
  for (const auto& entry : node.entries) {
    if (entry.key == "dist") continue;
    if (std::find(params.begin(), params.end(), entry.key) == params.end())
      return fail<Distribution>("unknown parameter '" + entry.key + "' for " + kind_node->scalar + "; valid: " + join(params));
  }
  auto need = [&](std::string_view name) -> const ConfigNode* { return node.find(name); };
  for (auto p : params)
    if (p != "weights" && !need(p))
      return fail<Distribution>(kind_node->scalar + " needs '" + std::string(p) + "'; it takes: " + join(params));
  const std::string longest = format_duration(kMaxDuration_s);
  auto bounded = [&](std::string_view name, const ConfigNode& value) {
    auto r = read_duration_s(value);
    if (!r.value) throw std::invalid_argument(std::string(name) + ": " + r.error);
    if (*r.value > kMaxDuration_s)
      throw std::invalid_argument(std::string(name) + " must be at most " + longest + ", got " + value.scalar);
    return *r.value;
  };
  auto duration = [&](std::string_view name) { return bounded(name, *need(name)); };
  try {
    const std::string& k = kind_node->scalar;
    if (k == "exponential") return {Distribution::exponential(duration("mean")), {}};
    if (k == "deterministic") return {Distribution::deterministic(duration("value")), {}};
    if (k == "uniform") return {Distribution::uniform(duration("min"), duration("max")), {}};
    if (k == "triangular") return {Distribution::triangular(duration("min"), duration("mode"), duration("max")), {}};
    if (k == "lognormal") {
      auto cv = read_number(*need("cv"));
      if (!cv.value) throw std::invalid_argument("cv: " + cv.error);
      return {Distribution::lognormal(duration("mean"), *cv.value), {}};
    }
    if (k == "erlang") {
      auto kk = read_integer(*need("k"));
      if (!kk.value || *kk.value < 1 || *kk.value > 1000) throw std::invalid_argument("k: expected a whole number from 1 to 1000");
      return {Distribution::erlang(static_cast<int>(*kk.value), duration("mean")), {}};
    }
    // empirical
    const ConfigNode* values = need("values");
    if (!values->is_sequence()) throw std::invalid_argument("values: expected a list of durations");
    std::vector<double> values_s;
    for (const auto& item : values->items) values_s.push_back(bounded("values", item));
    std::vector<double> weights;
    if (const ConfigNode* w = need("weights")) {
      auto r = read_number_list(*w);
      if (!r.value) throw std::invalid_argument("weights: " + r.error);
      weights = *r.value;
      if (std::any_of(weights.begin(), weights.end(), [](double x) { return x > kMaxWeight; }))
        throw std::invalid_argument("weights must be at most " + format_number(kMaxWeight));
    }
    return {Distribution::empirical(std::move(values_s), std::move(weights)), {}};
  } catch (const std::invalid_argument& e) {
    return fail<Distribution>(e.what());
  }
}

} // namespace bordersim
