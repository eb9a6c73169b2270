// The documented files of a results folder, in the order docs/outputs/README.md lists them: what a run may
// write (and what makes a folder "hold results"), and what the report and the workbook read.
#pragma once

#include <array>

namespace bordersim {

namespace output_file {
inline constexpr const char* summary = "summary.csv";
inline constexpr const char* stages = "stages.csv";
inline constexpr const char* network = "network.csv";
inline constexpr const char* wait_by_hour = "wait_by_hour.csv";
inline constexpr const char* timeseries = "timeseries.csv";
inline constexpr const char* replications = "replications.csv";
inline constexpr const char* vehicles = "vehicles.csv";
inline constexpr const char* provenance = "provenance.csv";
inline constexpr const char* comparison = "comparison.csv";
inline constexpr const char* design = "design.csv";
inline constexpr const char* sweep = "sweep.csv";
inline constexpr const char* sensitivity = "sensitivity.csv";
inline constexpr const char* calibration = "calibration.csv";
inline constexpr const char* parameters = "parameters.csv";
inline constexpr const char* implausibility = "implausibility.csv";
inline constexpr const char* plausible = "plausible.csv";
inline constexpr const char* refinement = "refinement.csv";
inline constexpr const char* calibrated_config = "calibrated.yaml";
inline constexpr const char* effective_config = "effective_config.yaml";
inline constexpr const char* run_info = "run_info.json";
inline constexpr const char* report = "report.html";
inline constexpr const char* workbook = "results.xlsx";
} // namespace output_file

struct OutputFile {
  const char* name;
  bool is_csv;
  bool comparison_only; // at the top of a comparison's or a sweep's folder, not in a run's
  const char* doc_page; // relative to docs/outputs/; "" when the table in its README.md says all
};

inline constexpr std::array<OutputFile, 22> kOutputFiles{{
    {output_file::summary, true, false, "summary.md"},
    {output_file::stages, true, false, "stages.md"},
    {output_file::network, true, false, "network.md"},
    {output_file::wait_by_hour, true, false, "wait_by_hour.md"},
    {output_file::timeseries, true, false, "timeseries.md"},
    {output_file::replications, true, false, "replications.md"},
    {output_file::vehicles, true, false, "vehicles.md"},
    {output_file::provenance, true, false, "provenance.md"},
    {output_file::comparison, true, true, "comparison.md"},
    {output_file::design, true, true, "design.md"},
    {output_file::sweep, true, true, "sweep.md"},
    {output_file::sensitivity, true, true, "sensitivity.md"},
    {output_file::calibration, true, true, "calibration.md"},
    {output_file::parameters, true, true, "parameters.md"},
    {output_file::implausibility, true, true, "implausibility.md"},
    {output_file::plausible, true, true, "plausible.md"},
    {output_file::refinement, true, true, "refinement.md"},
    {output_file::calibrated_config, false, true, "../calibration.md"},
    {output_file::effective_config, false, false, ""},
    {output_file::run_info, false, false, ""},
    {output_file::report, false, false, "../report.md"},
    {output_file::workbook, false, false, "../report.md"},
}};

} // namespace bordersim
