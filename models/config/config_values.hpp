// Typed readers for scenario values; shared by the schema check (which reports) and the builder (which reads).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/config/config_tree.hpp"
#include "models/distribution.hpp"
#include "models/schedule.hpp"

namespace bordersim {

template <class T> struct Read {
  std::optional<T> value;
  std::string error; // set when value is empty
};

Read<double> read_number(const ConfigNode& node);
Read<long long> read_integer(const ConfigNode& node);
Read<double> read_duration_s(const ConfigNode& node);
Read<std::string> read_text(const ConfigNode& node);
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

/// Reads {dist: kind, ...params}; reports unknown or missing parameters with the valid ones.
Read<Distribution> read_distribution(const ConfigNode& node);

} // namespace bordersim
