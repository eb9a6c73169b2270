#include "models/formats/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace bordersim {

std::optional<double> parse_number(std::string_view text)
{
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return parse_number_exact(text);
}

std::optional<double> parse_number_exact(std::string_view text)
{
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1); // from_chars refuses a leading plus
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<double> parse_duration_s(std::string_view text)
{
  static constexpr std::array<std::pair<std::string_view, double>, 4> units{{
      {"min", kSecondsPerMinute}, {"s", 1.0}, {"h", kSecondsPerHour}, {"d", kSecondsPerDay}}};
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  for (const auto& [suffix, factor] : units) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      auto number = parse_number(text.substr(0, text.size() - suffix.size()));
      if (!number) return std::nullopt;
      return *number * factor;
    }
  }
  return std::nullopt;
}

std::string format_duration(double seconds)
{
  auto with_unit = [](double value, const char* unit) { return format_number(value, 12) + unit; };
  const double magnitude = std::fabs(seconds);
  if (magnitude >= kSecondsPerDay && std::fmod(magnitude, kSecondsPerDay) == 0) return with_unit(seconds / kSecondsPerDay, "d");
  if (magnitude >= kSecondsPerHour && std::fmod(magnitude * 100, kSecondsPerHour) == 0)
    return with_unit(seconds / kSecondsPerHour, "h");
  if (magnitude >= kSecondsPerMinute && std::fmod(magnitude * 100, kSecondsPerMinute) == 0)
    return with_unit(seconds / kSecondsPerMinute, "min");
  return with_unit(seconds, "s");
}

std::optional<double> parse_clock_time_s(std::string_view text)
{
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  int hours = 0;
  int minutes = 0;
  auto h = std::from_chars(text.data(), text.data() + 2, hours);
  auto m = std::from_chars(text.data() + 3, text.data() + 5, minutes);
  if (h.ec != std::errc{} || m.ec != std::errc{} || h.ptr != text.data() + 2 || m.ptr != text.data() + 5) return std::nullopt;
  if (hours < 0 || minutes < 0 || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
  return hours * kSecondsPerHour + minutes * kSecondsPerMinute;
}

std::string format_number(double value, int significant_digits)
{
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return "0";
  if (std::fabs(value) < 1e15 && value == std::nearbyint(value)) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
    return std::string(buffer, end);
  }
  // Fixed notation with enough decimals for the requested significant digits.
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  int decimals = significant_digits - 1 - magnitude;
  if (decimals < 0) decimals = 0;
  if (decimals > 15) decimals = 15;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text(buffer);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

} // namespace bordersim
