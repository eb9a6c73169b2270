// Typed readers for scenario values; shared by the schema check (which reports) and the builder (which reads).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "models/config/config_tree.hpp"
#include "models/distribution.hpp"
#include "models/schedule.hpp"

namespace bordersim {

// Bounds every scenario obeys, whatever the key: they keep the engine's arithmetic finite and a run finite.
/// The longest duration anywhere (horizon, service times, events): 20 years of 365.25 days. Planning looks
/// 10 to 20 years ahead; more is a wrong unit, and would make a run schedule opening hours for ever.
inline constexpr double kMaxDuration_s = 7305 * 86400.0;
/// Calendar dates (start_date, event dates): historical data to the end of the century; four-digit years
/// even 20 years on.
inline constexpr int kFirstYear = 1900;
inline constexpr int kLastYear = 2199;
/// A weight (profiles, empirical distributions): only ratios matter, and a sum of weights stays finite.
inline constexpr double kMaxWeight = 1e6;
/// Ids name things in key paths, outputs and (the scenario name) folders.
inline constexpr int kMaxIdCharacters = 64;

template <class T> struct Read {
  std::optional<T> value;
  std::string error; // set when value is empty
};

Read<double> read_number(const ConfigNode& node);
Read<long long> read_integer(const ConfigNode& node);
Read<double> read_duration_s(const ConfigNode& node);
Read<std::string> read_text(const ConfigNode& node);
/// An id: 1 to kMaxIdCharacters characters, each an ASCII letter or digit, '_', '.', '-', or a letter of
/// another script (from U+00C0 in the basic plane, spaces, punctuation and invisible characters excepted);
/// not "." or "..". Safe as a file or folder name: 64 such characters take at most 192 bytes.
Read<std::string> read_id(const ConfigNode& node);
/// A name or description: UTF-8 without control characters, at most `max_characters` characters.
Read<std::string> read_free_text(const ConfigNode& node, int max_characters);
Read<std::vector<std::string>> read_text_list(const ConfigNode& node);
Read<std::vector<double>> read_number_list(const ConfigNode& node);
Read<std::vector<DailyWindow>> read_time_windows(const ConfigNode& node);
Read<std::vector<ClosedDateRange>> read_date_ranges(const ConfigNode& node);
Read<bool> read_boolean(const ConfigNode& node);
/// A moment in simulated time: a duration after time zero, or a date-time read against the start date
/// (the caller converts; `date_text` holds "YYYY-MM-DD HH:MM" when that form was used).
struct Moment {
  std::optional<double> after_start_s;
  std::string date_text;
};
Read<Moment> read_moment(const ConfigNode& node);
/// A date "YYYY-MM-DD" from kFirstYear to kLastYear.
Read<std::chrono::year_month_day> read_date(const ConfigNode& node);

/// Reads {dist: kind, ...params}; reports unknown or missing parameters with the valid ones.
Read<Distribution> read_distribution(const ConfigNode& node);

} // namespace bordersim
