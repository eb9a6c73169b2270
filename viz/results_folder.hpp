// A results folder as the report and the workbook see it: the documented files of one run, or of a comparison.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/formats/csv_reader.hpp"
#include "viz/calibration_folder.hpp"
#include "viz/sweep_folder.hpp"

namespace bordersim::viz {

/// What a documented figure may hold. A number is finite; the others narrow it to what bordersim writes, so that a
/// spoiled file is refused rather than drawn (a negative throughput, 2.5 replications).
enum class Figure {
  text,
  number, // any finite number (a difference between scenarios)
  amount, // at least 0 (a rate, a wait, a mean queue, a confidence half-width)
  count,  // a whole number, at least 0 (a replication's index, a seed)
  runs,   // a whole number, at least 1 (replications, jobs)
  share,  // from 0 to 1
};

/// Why `value` is not a `kind` figure, or nothing when it is one (a number kind; `value` finite).
std::optional<std::string> figure_problem(Figure kind, double value);

/// A column of a documented CSV file as the report and the workbook read it: whether a row cannot do without it
/// (a folder without it is refused), and what it holds (a number column's cell is a figure of its kind, or empty
/// for "not defined"; a required number column has no empty cell). Columns not listed are passed through
/// unchecked, so that files from newer versions still read; optional ones may be missing, as in older folders.
struct KnownColumn {
  const char* name;
  bool required;
  Figure figure;
  const char* one_of = nullptr; // a text column's only values, '|'-separated ("vehicle|person"); nullptr: any text
  bool number() const { return figure != Figure::text; }
};

/// The known columns of the documented CSV file `file_name` ("summary.csv"); none for any other file.
const std::vector<KnownColumn>& known_columns(const std::string& file_name);

/// Reads a documented CSV file of a results folder strictly, record by record: its required columns, every
/// record as long as the header and ended by a line end, every number a finite number. Errors read
/// "file:line:col: column: message".
class ResultsFileReader {
public:
  ResultsFileReader(const std::string& path, std::uint64_t max_bytes = kMaxStreamedCsvBytes);
  const CsvReader& csv() const { return reader_; }
  /// The index of a known column of the file (a required one is always there).
  std::optional<std::size_t> column(std::string_view name) const { return reader_.column(name); }
  bool next(std::vector<std::string>& fields);
  /// The value of a known number column in the record last read (NaN when the cell is empty), parsed once.
  double number(std::size_t column) const { return values_[column]; }

private:
  CsvReader reader_;
  std::vector<double> values_; // by column index; only known number columns are filled
  struct NumberColumn {
    std::size_t index;
    const char* name;
    bool required;
    Figure figure;
  };
  std::vector<NumberColumn> numbers_;
  struct ChoiceColumn {
    std::size_t index;
    const char* name;
    std::string_view one_of;
  };
  std::vector<ChoiceColumn> choices_;
  struct TextColumn {
    std::size_t index;
    const char* name;
  };
  std::vector<TextColumn> filled_; // required text columns of a closed file: never empty
};

/// A documented CSV file read whole with ResultsFileReader.
CsvTable read_results_table(const std::string& path);

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
  std::optional<CsvTable> summary, stages, replications, provenance, network, wait_by_hour;
  bool has_timeseries = false;
  bool has_vehicles = false;
  std::string file(const std::string& name) const { return dir + "/" + name; }
};

struct ResultsFolder {
  std::string dir;
  std::vector<RunFolder> runs;        // one for a run; for a comparison one per scenario, the reference first
  std::optional<CsvTable> comparison; // comparison.csv, when the folder holds one
  std::optional<SweepFolder> sweep;   // a sweep's folder (design.csv and sweep.csv, no summary.csv); runs is then empty
  std::optional<CalibrationFolder> calibration; // a calibration's (calibration.csv and parameters.csv, no summary.csv); runs is then empty
};

/// Throws std::runtime_error when the folder holds neither summary.csv nor comparison.csv nor a sweep's or a
/// calibration's files, when a documented file
/// is malformed or a figure out of its range (located "file:line:col: ..."), or when summary.csv or comparison.csv
/// has no rows.
ResultsFolder load_results_folder(const std::string& dir);

/// What a row of summary.csv, stages.csv, comparison.csv, network.csv or wait_by_hour.csv counts: "vehicle" or
/// "person". Its `kind` cell; in folders written before that column, "person" for the built-in class
/// `pedestrian` and "vehicle" for everything else (a stage's row included).
std::string row_kind(const CsvTable& table, std::size_t row);

/// The documented CSV files present in a run folder, in the documented order.
std::vector<std::string> csv_files_of(const RunFolder& run);

} // namespace bordersim::viz
