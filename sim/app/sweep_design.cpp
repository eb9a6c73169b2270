#include "sim/app/sweep_design.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "models/formats/units.hpp"
#include "models/random_stream.hpp"

namespace bordersim {
namespace {

/// "3min" -> (3, "min"); "0.5" -> (0.5, ""); nothing numeric in front -> nullopt.
std::optional<std::pair<double, std::string>> number_with_unit(std::string_view text)
{
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || !std::isfinite(value)) return std::nullopt;
  return std::pair{value, std::string(end, text.data() + text.size())};
}

/// A uniform permutation of 0..n-1 (Fisher-Yates).
std::vector<int> permutation(int n, RandomStream& stream)
{
  std::vector<int> p(static_cast<std::size_t>(n));
  std::iota(p.begin(), p.end(), 0);
  for (int i = n - 1; i > 0; --i) {
    const int j = std::min(i, static_cast<int>(stream.uniform_open() * (i + 1)));
    std::swap(p[static_cast<std::size_t>(i)], p[static_cast<std::size_t>(j)]);
  }
  return p;
}

} // namespace

std::string VariedKey::value_at(double u) const
{
  u = std::clamp(u, 0.0, 1.0);
  if (!values.empty()) {
    const auto last = static_cast<double>(values.size() - 1);
    return values[static_cast<std::size_t>(std::lround(u * last))];
  }
  double x = log_scale ? std::exp(std::log(*low) + u * (std::log(*high) - std::log(*low))) : *low + u * (*high - *low);
  if (whole) x = std::round(x);
  return format_number(x, 10) + unit;
}

std::optional<double> VariedKey::position_of(const std::string& value) const
{
  const auto x = number_with_unit(value);
  if (!low || !x || x->second != unit) return std::nullopt;
  const double u = log_scale ? (std::log(x->first) - std::log(*low)) / (std::log(*high) - std::log(*low)) : (x->first - *low) / (*high - *low);
  return std::isfinite(u) ? std::optional<double>(u) : std::nullopt;
}

std::vector<std::string> VariedKey::level_values(int levels) const
{
  if (!values.empty()) return values;
  std::vector<std::string> out;
  for (int i = 0; i < levels; ++i) out.push_back(value_at(levels > 1 ? static_cast<double>(i) / (levels - 1) : 0.0));
  out.erase(std::unique(out.begin(), out.end()), out.end()); // rounded to whole numbers, two levels may meet
  return out;
}

std::variant<VariedKey, std::string> parse_vary(const std::string& text)
{
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return "expected KEY=V1,V2,... or KEY=LO..HI, e.g. crossings.karasu.directions.kg_to_kz.stages.kz_entry_control.lanes.0.count=3,4,5";
  VariedKey k;
  k.key = text.substr(0, eq);
  const std::string rest = text.substr(eq + 1);
  if (const auto dots = rest.find(".."); dots != std::string::npos) {
    const auto lo = number_with_unit(rest.substr(0, dots));
    const auto hi = number_with_unit(rest.substr(dots + 2));
    if (!lo || !hi) return "a range is two numbers with the same unit, e.g. 3..8 or 4min..6min: '" + rest + "'";
    if (lo->second != hi->second) return "the two ends of a range take the same unit: '" + rest + "'";
    if (!(lo->first < hi->first)) return "a range runs from low to high: '" + rest + "'";
    k.low = lo->first;
    k.high = hi->first;
    k.unit = lo->second;
    return k;
  }
  std::size_t from = 0;
  for (;;) {
    const auto comma = rest.find(',', from);
    k.values.push_back(rest.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (k.values.back().empty()) return "an empty value in '" + rest + "'";
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  if (k.values.size() < 2) return "give at least two values, or a range LO..HI: '" + rest + "'";
  return k;
}

const char* design_name(DesignKind kind)
{
  switch (kind) {
  case DesignKind::grid: return "grid";
  case DesignKind::oat: return "oat";
  case DesignKind::lhs: return "lhs";
  case DesignKind::morris: return "morris";
  }
  return "?";
}

std::variant<Design, std::string> parse_design(const std::string& text)
{
  if (text == "grid") return Design{DesignKind::grid, 0};
  if (text == "oat") return Design{DesignKind::oat, 0};
  for (const auto kind : {DesignKind::lhs, DesignKind::morris}) {
    const std::string prefix = std::string(design_name(kind)) + ":";
    if (text.rfind(prefix, 0) != 0) continue;
    int n = 0;
    const std::string count = text.substr(prefix.size());
    const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), n);
    if (error != std::errc() || end != count.data() + count.size() || n < 2 || n > 10000)
      return prefix + "N takes a whole number from 2 to 10000: '" + text + "'";
    return Design{kind, n};
  }
  return "expected grid, oat, lhs:N or morris:R: '" + text + "'";
}

std::vector<DesignPoint> make_design(const std::vector<VariedKey>& keys, const Design& design, int levels, std::uint64_t seed)
{
  std::vector<DesignPoint> points;
  const std::size_t k = keys.size();
  std::vector<std::vector<std::string>> level_values;
  for (const auto& key : keys) level_values.push_back(key.level_values(levels));
  switch (design.kind) {
  case DesignKind::grid: {
    // The first key varies slowest, as nested loops written in the order of --vary.
    std::vector<std::size_t> at(k, 0);
    for (;;) {
      DesignPoint p;
      for (std::size_t i = 0; i < k; ++i) p.values.push_back(level_values[i][at[i]]);
      points.push_back(std::move(p));
      std::size_t i = k;
      while (i > 0 && ++at[i - 1] == level_values[i - 1].size()) at[--i] = 0;
      if (i == 0) break;
    }
    break;
  }
  case DesignKind::oat: {
    points.push_back({std::vector<std::string>(k), -1, -1, 0}); // the scenario as it is
    for (std::size_t i = 0; i < k; ++i)
      for (const auto& v : level_values[i]) {
        DesignPoint p{std::vector<std::string>(k), -1, static_cast<int>(i), 0};
        p.values[i] = v;
        points.push_back(std::move(p));
      }
    break;
  }
  case DesignKind::lhs: {
    // Each key's range cut into N strata, one point in each, the strata paired across keys at random.
    RandomStream stream(derive_stream_seed(seed, 0, "sweep/lhs"));
    const int n = design.count;
    points.assign(static_cast<std::size_t>(n), DesignPoint{});
    for (std::size_t i = 0; i < k; ++i) {
      const std::vector<int> strata = permutation(n, stream);
      for (int j = 0; j < n; ++j) {
        const double u = (strata[static_cast<std::size_t>(j)] + stream.uniform_open()) / n;
        points[static_cast<std::size_t>(j)].values.push_back(keys[i].value_at(u));
      }
    }
    break;
  }
  case DesignKind::morris: {
    // Morris (1991): each trajectory starts at a random grid point and moves one key at a time, in a random order,
    // by half its levels: up from a base in the lower half, so every step stays on the grid.
    RandomStream stream(derive_stream_seed(seed, 0, "sweep/morris"));
    for (int t = 0; t < design.count; ++t) {
      std::vector<int> level(k), step(k);
      for (std::size_t i = 0; i < k; ++i) {
        const int count = static_cast<int>(level_values[i].size());
        step[i] = std::max(1, count / 2);
        const int bases = count - step[i];
        level[i] = std::min(bases - 1, static_cast<int>(stream.uniform_open() * bases));
      }
      const auto values_at = [&] {
        std::vector<std::string> v;
        for (std::size_t i = 0; i < k; ++i) v.push_back(level_values[i][static_cast<std::size_t>(level[i])]);
        return v;
      };
      points.push_back({values_at(), t, -1, 0});
      for (const int i : permutation(static_cast<int>(k), stream)) {
        const auto ui = static_cast<std::size_t>(i);
        level[ui] += step[ui];
        points.push_back({values_at(), t, i, static_cast<double>(step[ui]) / static_cast<double>(level_values[ui].size() - 1)});
      }
    }
    break;
  }
  }
  return points;
}

} // namespace bordersim
