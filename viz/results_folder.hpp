// A results folder as the report and the workbook see it: the documented files of one run, or of a comparison.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/formats/csv_reader.hpp"

namespace bordersim::viz {

/// What is known about how a run was made: run_info.json, or summary.csv in a folder without it.
struct RunDescription {
  std::map<std::string, std::string> fields; // run_info.json's scalars as written; arrays joined with spaces
  std::string source;                        // the file the fields came from
  /// Display names from run_info.json: crossing id → name, "crossing/direction/stage" → name. A name that is
  /// missing (older folders have none) reads as its id.
  std::map<std::string, std::string> names;
  std::string get(const std::string& key) const;
  std::optional<double> number(const std::string& key) const;
};

/// One run's folder (a plain run, or one scenario's subfolder of a comparison).
struct RunFolder {
  std::string dir;
  std::string scenario;
  RunDescription description;
  std::optional<CsvTable> summary, stages, replications, provenance;
  bool has_timeseries = false;
  bool has_vehicles = false;
  std::string file(const std::string& name) const { return dir + "/" + name; }
};

struct ResultsFolder {
  std::string dir;
  std::vector<RunFolder> runs;        // one for a run; for a comparison one per scenario, the reference first
  std::optional<CsvTable> comparison; // comparison.csv, when the folder holds one
};

/// Throws std::runtime_error when the folder holds neither summary.csv nor comparison.csv.
ResultsFolder load_results_folder(const std::string& dir);

/// The documented CSV files present in a run folder, in the documented order.
std::vector<std::string> csv_files_of(const RunFolder& run);

} // namespace bordersim::viz
