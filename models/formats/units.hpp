// Durations and clock times as written in scenario files ("90s", "4min", "1.5h", "2d", "08:00").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bordersim {

inline constexpr double kSecondsPerMinute = 60.0;
inline constexpr double kSecondsPerHour = 3600.0;
inline constexpr double kSecondsPerDay = 86400.0;

/// The seconds since the last midnight of a time t_s >= 0 counted from a midnight: std::fmod(t_s, a day), bit for
/// bit, without fmod's loop (it runs once per vehicle). Exact: k whole days are an exact integer, t_s - k days is
/// exact (Sterbenz: both within a factor 2, or k = 0), and a k one too large from the division's rounding is undone.
inline double seconds_into_day_s(double t_s)
{
  const double days = static_cast<double>(static_cast<long long>(t_s / kSecondsPerDay));
  double into_s = t_s - days * kSecondsPerDay;
  if (into_s < 0) into_s += kSecondsPerDay;
  return into_s;
}

/// Parses a duration with a mandatory unit (s, min, h, d). A bare number is refused.
std::optional<double> parse_duration_s(std::string_view text);

/// Shortest exact-ish text for a duration, with the largest unit that keeps it readable ("90s", "1.5h").
std::string format_duration(double seconds);

/// Parses "HH:MM" (00:00 to 24:00) into seconds after midnight.
std::optional<double> parse_clock_time_s(std::string_view text);

/// Parses a plain decimal number ("1.5", "+2", "-3e-4"); spaces around it are ignored, the rest must be the number.
std::optional<double> parse_number(std::string_view text);

/// The same with nothing around the number: a CSV cell " 1.5" is text, not a number.
std::optional<double> parse_number_exact(std::string_view text);

/// Number formatting shared by every CSV and JSON writer: integers without decimals, others with up to
/// `significant_digits` significant digits, no exponent for ordinary magnitudes.
std::string format_number(double value, int significant_digits = 6);

} // namespace bordersim
