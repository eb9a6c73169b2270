// One struct per output row type. Each struct's single column list drives the CSV header and rows;
// docs/outputs/<file>.md documents the same columns in the same order (a test checks).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace bordersim {

template <class Row> struct Column {
  using Field = std::variant<std::string Row::*, double Row::*, std::int64_t Row::*, std::optional<double> Row::*>;
  std::string_view name;
  Field field;
};

struct SummaryRow {
  std::string scenario, crossing, direction, vehicle_class, kind;
  std::int64_t replications = 0;
  double arrived_per_day = 0, served_per_day = 0, diverted_out_per_day = 0, diverted_in_per_day = 0;
  std::optional<double> design_capacity_per_day;
  std::string bottleneck_stage;
  std::optional<double> wait_mean_min, wait_mean_min_ci95, wait_p50_min, wait_p95_min, wait_max_min;
  std::optional<double> system_time_mean_min, system_time_mean_min_ci95, system_time_p95_min;
  double in_system_at_end = 0;
  std::int64_t vehicles_measured = 0;
  std::optional<double> queue_growth_per_day, queue_growth_per_day_ci95;
  std::string stable; // yes or no: see docs/outputs/summary.md
  std::optional<double> wait_mean_incl_waiting_min, wait_mean_incl_waiting_min_ci95;
  std::optional<double> abandoned_per_day, abandoned_per_day_ci95, abandoned_share, abandoned_share_ci95;
  std::optional<double> diverted_impatient_per_day, diverted_impatient_per_day_ci95;
  std::optional<double> balked_per_day, balked_per_day_ci95, balked_share, balked_share_ci95;
  std::optional<double> suppressed_per_day, suppressed_per_day_ci95;
  std::optional<double> booked_per_day, booked_per_day_ci95, no_show_per_day, no_show_per_day_ci95;
  std::optional<double> slot_wait_mean_min, slot_wait_mean_min_ci95, slot_wait_p95_min;
  double awaiting_slot_at_end = 0;
  // The waits' cost, fuel and CO2 (empty where the class has no rate): the hours the window's arrivals wait.
  std::optional<double> wait_hours_per_day, wait_hours_per_day_ci95, wait_cost_usd_per_day, wait_cost_usd_per_day_ci95;
  std::optional<double> idle_fuel_l_per_day, idle_fuel_l_per_day_ci95, idle_co2_kg_per_day, idle_co2_kg_per_day_ci95;

  static constexpr auto columns = std::to_array<Column<SummaryRow>>({
      {"scenario", &SummaryRow::scenario},
      {"crossing", &SummaryRow::crossing},
      {"direction", &SummaryRow::direction},
      {"class", &SummaryRow::vehicle_class},
      {"kind", &SummaryRow::kind},
      {"replications", &SummaryRow::replications},
      {"arrived_per_day", &SummaryRow::arrived_per_day},
      {"served_per_day", &SummaryRow::served_per_day},
      {"wait_mean_min", &SummaryRow::wait_mean_min},
      {"wait_mean_min_ci95", &SummaryRow::wait_mean_min_ci95},
      {"wait_p50_min", &SummaryRow::wait_p50_min},
      {"wait_p95_min", &SummaryRow::wait_p95_min},
      {"wait_max_min", &SummaryRow::wait_max_min},
      {"system_time_mean_min", &SummaryRow::system_time_mean_min},
      {"system_time_mean_min_ci95", &SummaryRow::system_time_mean_min_ci95},
      {"system_time_p95_min", &SummaryRow::system_time_p95_min},
      {"in_system_at_end", &SummaryRow::in_system_at_end},
      {"vehicles_measured", &SummaryRow::vehicles_measured},
      {"diverted_out_per_day", &SummaryRow::diverted_out_per_day},
      {"diverted_in_per_day", &SummaryRow::diverted_in_per_day},
      {"design_capacity_per_day", &SummaryRow::design_capacity_per_day},
      {"bottleneck_stage", &SummaryRow::bottleneck_stage},
      {"queue_growth_per_day", &SummaryRow::queue_growth_per_day},
      {"queue_growth_per_day_ci95", &SummaryRow::queue_growth_per_day_ci95},
      {"stable", &SummaryRow::stable},
      {"wait_mean_incl_waiting_min", &SummaryRow::wait_mean_incl_waiting_min},
      {"wait_mean_incl_waiting_min_ci95", &SummaryRow::wait_mean_incl_waiting_min_ci95},
      {"abandoned_per_day", &SummaryRow::abandoned_per_day},
      {"abandoned_per_day_ci95", &SummaryRow::abandoned_per_day_ci95},
      {"abandoned_share", &SummaryRow::abandoned_share},
      {"abandoned_share_ci95", &SummaryRow::abandoned_share_ci95},
      {"diverted_impatient_per_day", &SummaryRow::diverted_impatient_per_day},
      {"diverted_impatient_per_day_ci95", &SummaryRow::diverted_impatient_per_day_ci95},
      {"balked_per_day", &SummaryRow::balked_per_day},
      {"balked_per_day_ci95", &SummaryRow::balked_per_day_ci95},
      {"balked_share", &SummaryRow::balked_share},
      {"balked_share_ci95", &SummaryRow::balked_share_ci95},
      {"suppressed_per_day", &SummaryRow::suppressed_per_day},
      {"suppressed_per_day_ci95", &SummaryRow::suppressed_per_day_ci95},
      {"booked_per_day", &SummaryRow::booked_per_day},
      {"booked_per_day_ci95", &SummaryRow::booked_per_day_ci95},
      {"no_show_per_day", &SummaryRow::no_show_per_day},
      {"no_show_per_day_ci95", &SummaryRow::no_show_per_day_ci95},
      {"slot_wait_mean_min", &SummaryRow::slot_wait_mean_min},
      {"slot_wait_mean_min_ci95", &SummaryRow::slot_wait_mean_min_ci95},
      {"slot_wait_p95_min", &SummaryRow::slot_wait_p95_min},
      {"awaiting_slot_at_end", &SummaryRow::awaiting_slot_at_end},
      {"wait_hours_per_day", &SummaryRow::wait_hours_per_day},
      {"wait_hours_per_day_ci95", &SummaryRow::wait_hours_per_day_ci95},
      {"wait_cost_usd_per_day", &SummaryRow::wait_cost_usd_per_day},
      {"wait_cost_usd_per_day_ci95", &SummaryRow::wait_cost_usd_per_day_ci95},
      {"idle_fuel_l_per_day", &SummaryRow::idle_fuel_l_per_day},
      {"idle_fuel_l_per_day_ci95", &SummaryRow::idle_fuel_l_per_day_ci95},
      {"idle_co2_kg_per_day", &SummaryRow::idle_co2_kg_per_day},
      {"idle_co2_kg_per_day_ci95", &SummaryRow::idle_co2_kg_per_day_ci95},
  });
};

struct StageRow {
  std::string scenario, crossing, direction, stage, kind; // kind: what queues here, vehicles or people
  std::int64_t lanes = 0;
  double open_lanes_mean = 0;
  double served = 0, served_per_day = 0;
  std::optional<double> wait_mean_min, wait_mean_min_ci95, wait_p95_min;
  double queue_mean = 0;
  std::optional<double> queue_mean_ci95;
  double queue_max = 0, queue_mean_km = 0, queue_max_km = 0;
  std::optional<double> utilization, utilization_ci95, blocked_share;
  double warmup_mser5_h = 0;
  std::optional<double> staff_cost_usd_per_day, staff_cost_usd_per_day_ci95; // empty: no lane group is costed
  double lane_hours_broken_per_day = 0;
  std::optional<double> lane_hours_broken_per_day_ci95;
  std::optional<double> zone_occupancy_mean, zone_occupancy_mean_ci95; // empty: the stage has no waiting zone
  double road_queue_mean = 0;
  std::optional<double> road_queue_mean_ci95;
  double road_queue_max = 0, road_queue_mean_km = 0, road_queue_max_km = 0;

  static constexpr auto columns = std::to_array<Column<StageRow>>({
      {"scenario", &StageRow::scenario},
      {"crossing", &StageRow::crossing},
      {"direction", &StageRow::direction},
      {"stage", &StageRow::stage},
      {"kind", &StageRow::kind},
      {"lanes", &StageRow::lanes},
      {"open_lanes_mean", &StageRow::open_lanes_mean},
      {"served", &StageRow::served},
      {"served_per_day", &StageRow::served_per_day},
      {"wait_mean_min", &StageRow::wait_mean_min},
      {"wait_mean_min_ci95", &StageRow::wait_mean_min_ci95},
      {"wait_p95_min", &StageRow::wait_p95_min},
      {"queue_mean", &StageRow::queue_mean},
      {"queue_mean_ci95", &StageRow::queue_mean_ci95},
      {"queue_max", &StageRow::queue_max},
      {"queue_mean_km", &StageRow::queue_mean_km},
      {"queue_max_km", &StageRow::queue_max_km},
      {"utilization", &StageRow::utilization},
      {"utilization_ci95", &StageRow::utilization_ci95},
      {"blocked_share", &StageRow::blocked_share},
      {"warmup_mser5_h", &StageRow::warmup_mser5_h},
      {"staff_cost_usd_per_day", &StageRow::staff_cost_usd_per_day},
      {"staff_cost_usd_per_day_ci95", &StageRow::staff_cost_usd_per_day_ci95},
      {"lane_hours_broken_per_day", &StageRow::lane_hours_broken_per_day},
      {"lane_hours_broken_per_day_ci95", &StageRow::lane_hours_broken_per_day_ci95},
      {"zone_occupancy_mean", &StageRow::zone_occupancy_mean},
      {"zone_occupancy_mean_ci95", &StageRow::zone_occupancy_mean_ci95},
      {"road_queue_mean", &StageRow::road_queue_mean},
      {"road_queue_mean_ci95", &StageRow::road_queue_mean_ci95},
      {"road_queue_max", &StageRow::road_queue_max},
      {"road_queue_mean_km", &StageRow::road_queue_mean_km},
      {"road_queue_max_km", &StageRow::road_queue_max_km},
  });
};

/// network.csv: per crossing and kind, and for the whole border (level "border", crossing empty), what is served
/// and the hours spent waiting in queues, vehicles and people apart.
struct NetworkRow {
  std::string scenario, level, crossing, kind;
  std::int64_t replications = 0;
  double arrived_per_day = 0, served_per_day = 0;
  std::optional<double> served_per_day_ci95;
  double wait_hours_per_day = 0;
  std::optional<double> wait_hours_per_day_ci95;
  // Summed over the classes with a rate (summary.csv's): empty where none has one.
  std::optional<double> wait_cost_usd_per_day, wait_cost_usd_per_day_ci95, idle_fuel_l_per_day, idle_fuel_l_per_day_ci95;
  std::optional<double> idle_co2_kg_per_day, idle_co2_kg_per_day_ci95;

  static constexpr auto columns = std::to_array<Column<NetworkRow>>({
      {"scenario", &NetworkRow::scenario},
      {"level", &NetworkRow::level},
      {"crossing", &NetworkRow::crossing},
      {"kind", &NetworkRow::kind},
      {"replications", &NetworkRow::replications},
      {"arrived_per_day", &NetworkRow::arrived_per_day},
      {"served_per_day", &NetworkRow::served_per_day},
      {"served_per_day_ci95", &NetworkRow::served_per_day_ci95},
      {"wait_hours_per_day", &NetworkRow::wait_hours_per_day},
      {"wait_hours_per_day_ci95", &NetworkRow::wait_hours_per_day_ci95},
      {"wait_cost_usd_per_day", &NetworkRow::wait_cost_usd_per_day},
      {"wait_cost_usd_per_day_ci95", &NetworkRow::wait_cost_usd_per_day_ci95},
      {"idle_fuel_l_per_day", &NetworkRow::idle_fuel_l_per_day},
      {"idle_fuel_l_per_day_ci95", &NetworkRow::idle_fuel_l_per_day_ci95},
      {"idle_co2_kg_per_day", &NetworkRow::idle_co2_kg_per_day},
      {"idle_co2_kg_per_day_ci95", &NetworkRow::idle_co2_kg_per_day_ci95},
  });
};

/// wait_by_hour.csv: a flow's waits by the hour of the day its vehicles arrived ("when is the best time to cross").
struct WaitByHourRow {
  std::string scenario, crossing, direction, vehicle_class, kind;
  std::int64_t arrival_hour = 0, measured = 0;
  std::optional<double> wait_mean_min, wait_mean_min_ci95, wait_p95_min;

  static constexpr auto columns = std::to_array<Column<WaitByHourRow>>({
      {"scenario", &WaitByHourRow::scenario},
      {"crossing", &WaitByHourRow::crossing},
      {"direction", &WaitByHourRow::direction},
      {"class", &WaitByHourRow::vehicle_class},
      {"kind", &WaitByHourRow::kind},
      {"arrival_hour", &WaitByHourRow::arrival_hour},
      {"measured", &WaitByHourRow::measured},
      {"wait_mean_min", &WaitByHourRow::wait_mean_min},
      {"wait_mean_min_ci95", &WaitByHourRow::wait_mean_min_ci95},
      {"wait_p95_min", &WaitByHourRow::wait_p95_min},
  });
};

struct TimeseriesRow {
  std::string scenario;
  std::int64_t replication = 0;
  double time_h = 0;
  std::string crossing, direction, stage;
  std::int64_t queue_len = 0;
  double queue_km = 0, road_queue_km = 0;
  std::int64_t busy_lanes = 0, blocked_lanes = 0, open_lanes = 0, arrivals = 0, departures = 0;

  static constexpr auto columns = std::to_array<Column<TimeseriesRow>>({
      {"scenario", &TimeseriesRow::scenario},
      {"replication", &TimeseriesRow::replication},
      {"time_h", &TimeseriesRow::time_h},
      {"crossing", &TimeseriesRow::crossing},
      {"direction", &TimeseriesRow::direction},
      {"stage", &TimeseriesRow::stage},
      {"queue_len", &TimeseriesRow::queue_len},
      {"queue_km", &TimeseriesRow::queue_km},
      {"road_queue_km", &TimeseriesRow::road_queue_km},
      {"busy_lanes", &TimeseriesRow::busy_lanes},
      {"blocked_lanes", &TimeseriesRow::blocked_lanes},
      {"open_lanes", &TimeseriesRow::open_lanes},
      {"arrivals", &TimeseriesRow::arrivals},
      {"departures", &TimeseriesRow::departures},
  });
};

/// One row per replication x crossing x direction x (class or stage): `level` says which.
struct ReplicationRow {
  std::string scenario;
  std::int64_t replication = 0;
  std::string level, crossing, direction, vehicle_class, stage;
  std::optional<double> arrived, served, in_system_at_warmup, in_system_at_end, diverted_out, diverted_in;
  std::optional<double> wait_mean_min, system_time_mean_min, queue_mean, utilization;
  std::optional<double> abandoned, diverted_impatient, balked, suppressed;
  std::optional<double> booked, no_shows, arrived_booked, awaiting_slot_at_warmup, awaiting_slot_at_end;

  static constexpr auto columns = std::to_array<Column<ReplicationRow>>({
      {"scenario", &ReplicationRow::scenario},
      {"replication", &ReplicationRow::replication},
      {"level", &ReplicationRow::level},
      {"crossing", &ReplicationRow::crossing},
      {"direction", &ReplicationRow::direction},
      {"class", &ReplicationRow::vehicle_class},
      {"stage", &ReplicationRow::stage},
      {"arrived", &ReplicationRow::arrived},
      {"served", &ReplicationRow::served},
      {"in_system_at_warmup", &ReplicationRow::in_system_at_warmup},
      {"in_system_at_end", &ReplicationRow::in_system_at_end},
      {"diverted_out", &ReplicationRow::diverted_out},
      {"diverted_in", &ReplicationRow::diverted_in},
      {"wait_mean_min", &ReplicationRow::wait_mean_min},
      {"system_time_mean_min", &ReplicationRow::system_time_mean_min},
      {"queue_mean", &ReplicationRow::queue_mean},
      {"utilization", &ReplicationRow::utilization},
      {"abandoned", &ReplicationRow::abandoned},
      {"diverted_impatient", &ReplicationRow::diverted_impatient},
      {"balked", &ReplicationRow::balked},
      {"suppressed", &ReplicationRow::suppressed},
      {"booked", &ReplicationRow::booked},
      {"no_shows", &ReplicationRow::no_shows},
      {"arrived_booked", &ReplicationRow::arrived_booked},
      {"awaiting_slot_at_warmup", &ReplicationRow::awaiting_slot_at_warmup},
      {"awaiting_slot_at_end", &ReplicationRow::awaiting_slot_at_end},
  });
};

/// comparison.csv: one row per crossing x direction x class x metric x scenario.
struct ComparisonRow {
  std::string crossing, direction, vehicle_class, stage, kind, metric, unit, scenario;
  std::optional<double> value, value_ci95, difference, difference_ci95;
  std::string significant; // yes, no, or empty for the reference scenario

  static constexpr auto columns = std::to_array<Column<ComparisonRow>>({
      {"crossing", &ComparisonRow::crossing},
      {"direction", &ComparisonRow::direction},
      {"class", &ComparisonRow::vehicle_class},
      {"stage", &ComparisonRow::stage},
      {"kind", &ComparisonRow::kind},
      {"metric", &ComparisonRow::metric},
      {"unit", &ComparisonRow::unit},
      {"scenario", &ComparisonRow::scenario},
      {"value", &ComparisonRow::value},
      {"value_ci95", &ComparisonRow::value_ci95},
      {"difference", &ComparisonRow::difference},
      {"difference_ci95", &ComparisonRow::difference_ci95},
      {"significant", &ComparisonRow::significant},
  });
};

/// design.csv: one row per design point and varied key: the value the point gives the key.
struct DesignRow {
  std::int64_t point = 0;
  std::optional<double> trajectory; // morris: the trajectory the point belongs to
  std::string key, value;

  static constexpr auto columns = std::to_array<Column<DesignRow>>({
      {"point", &DesignRow::point},
      {"trajectory", &DesignRow::trajectory},
      {"key", &DesignRow::key},
      {"value", &DesignRow::value},
  });
};

/// sweep.csv: one row per design point and key metric (as comparison.csv names them).
struct SweepRow {
  std::int64_t point = 0;
  std::string crossing, direction, vehicle_class, stage, kind, metric, unit;
  std::optional<double> mean, ci95;
  std::int64_t replications = 0;

  static constexpr auto columns = std::to_array<Column<SweepRow>>({
      {"point", &SweepRow::point},
      {"crossing", &SweepRow::crossing},
      {"direction", &SweepRow::direction},
      {"class", &SweepRow::vehicle_class},
      {"stage", &SweepRow::stage},
      {"kind", &SweepRow::kind},
      {"metric", &SweepRow::metric},
      {"unit", &SweepRow::unit},
      {"mean", &SweepRow::mean},
      {"ci95", &SweepRow::ci95},
      {"replications", &SweepRow::replications},
  });
};

/// calibration.csv: one row per observation target, at the calibrated point.
struct CalibrationRow {
  std::string target, use, crossing, direction, vehicle_class, stage, metric, unit, window, scenario;
  std::optional<double> observed, observed_low, observed_high;
  double uncertainty = 0, discrepancy = 0;
  std::optional<double> simulated, simulated_ci95, standardized_error, implausibility, ruled_out_share;
  std::optional<double> scenario_simulated, scenario_simulated_ci95, scenario_implausibility; // the scenario as it is
  std::string source;

  static constexpr auto columns = std::to_array<Column<CalibrationRow>>({
      {"target", &CalibrationRow::target},
      {"use", &CalibrationRow::use},
      {"crossing", &CalibrationRow::crossing},
      {"direction", &CalibrationRow::direction},
      {"class", &CalibrationRow::vehicle_class},
      {"stage", &CalibrationRow::stage},
      {"metric", &CalibrationRow::metric},
      {"unit", &CalibrationRow::unit},
      {"window", &CalibrationRow::window},
      {"scenario", &CalibrationRow::scenario},
      {"observed", &CalibrationRow::observed},
      {"observed_low", &CalibrationRow::observed_low},
      {"observed_high", &CalibrationRow::observed_high},
      {"uncertainty", &CalibrationRow::uncertainty},
      {"discrepancy", &CalibrationRow::discrepancy},
      {"simulated", &CalibrationRow::simulated},
      {"simulated_ci95", &CalibrationRow::simulated_ci95},
      {"standardized_error", &CalibrationRow::standardized_error},
      {"implausibility", &CalibrationRow::implausibility},
      {"ruled_out_share", &CalibrationRow::ruled_out_share},
      {"scenario_simulated", &CalibrationRow::scenario_simulated},
      {"scenario_simulated_ci95", &CalibrationRow::scenario_simulated_ci95},
      {"scenario_implausibility", &CalibrationRow::scenario_implausibility},
      {"source", &CalibrationRow::source},
  });
};

/// parameters.csv: one row per calibrated input.
struct ParameterRow {
  std::string key, scale, low, high, scenario_value;
  std::string plausible_low, plausible_high; // empty when no point is plausible
  std::string identified;                    // yes or no: whether the fitted targets pin it down
  std::string calibrated;
  std::string source;

  static constexpr auto columns = std::to_array<Column<ParameterRow>>({
      {"key", &ParameterRow::key},
      {"scale", &ParameterRow::scale},
      {"low", &ParameterRow::low},
      {"high", &ParameterRow::high},
      {"scenario_value", &ParameterRow::scenario_value},
      {"plausible_low", &ParameterRow::plausible_low},
      {"plausible_high", &ParameterRow::plausible_high},
      {"identified", &ParameterRow::identified},
      {"calibrated", &ParameterRow::calibrated},
      {"source", &ParameterRow::source},
  });
};

/// implausibility.csv: one row per screen point and observation target.
struct ImplausibilityRow {
  std::int64_t point = 0;
  std::string target, use;
  std::optional<double> simulated, simulated_ci95, implausibility;
  std::string plausible; // the point's verdict over the fitted targets: yes or no

  static constexpr auto columns = std::to_array<Column<ImplausibilityRow>>({
      {"point", &ImplausibilityRow::point},
      {"target", &ImplausibilityRow::target},
      {"use", &ImplausibilityRow::use},
      {"simulated", &ImplausibilityRow::simulated},
      {"simulated_ci95", &ImplausibilityRow::simulated_ci95},
      {"implausibility", &ImplausibilityRow::implausibility},
      {"plausible", &ImplausibilityRow::plausible},
  });
};

/// plausible.csv: one row per plausible screen point and parameter.
struct PlausibleRow {
  std::int64_t point = 0;
  std::string key, value;
  std::optional<double> max_implausibility;

  static constexpr auto columns = std::to_array<Column<PlausibleRow>>({
      {"point", &PlausibleRow::point},
      {"key", &PlausibleRow::key},
      {"value", &PlausibleRow::value},
      {"max_implausibility", &PlausibleRow::max_implausibility},
  });
};

/// refinement.csv: one row per evaluation of the local optimiser and parameter.
struct RefinementRow {
  std::int64_t evaluation = 0, start = 0;
  std::string key, value;
  std::optional<double> loss;

  static constexpr auto columns = std::to_array<Column<RefinementRow>>({
      {"evaluation", &RefinementRow::evaluation},
      {"start", &RefinementRow::start},
      {"key", &RefinementRow::key},
      {"value", &RefinementRow::value},
      {"loss", &RefinementRow::loss},
  });
};

/// sensitivity.csv: one row per varied key and key metric, for the oat and morris designs.
struct SensitivityRow {
  std::string design, key, crossing, direction, vehicle_class, stage, kind, metric, unit;
  std::optional<double> effect, mu, sigma;
  std::int64_t steps = 0, rank = 0;

  static constexpr auto columns = std::to_array<Column<SensitivityRow>>({
      {"design", &SensitivityRow::design},
      {"key", &SensitivityRow::key},
      {"crossing", &SensitivityRow::crossing},
      {"direction", &SensitivityRow::direction},
      {"class", &SensitivityRow::vehicle_class},
      {"stage", &SensitivityRow::stage},
      {"kind", &SensitivityRow::kind},
      {"metric", &SensitivityRow::metric},
      {"unit", &SensitivityRow::unit},
      {"effect", &SensitivityRow::effect},
      {"mu", &SensitivityRow::mu},
      {"sigma", &SensitivityRow::sigma},
      {"steps", &SensitivityRow::steps},
      {"rank", &SensitivityRow::rank},
  });
};

/// A baseline file: the run options (record "option") and the key metrics (record "metric").
struct BaselineRow {
  std::string record, crossing, direction, vehicle_class, stage, metric, value;
  std::optional<double> ci95;
  std::int64_t replications = 0;

  static constexpr auto columns = std::to_array<Column<BaselineRow>>({
      {"record", &BaselineRow::record},
      {"crossing", &BaselineRow::crossing},
      {"direction", &BaselineRow::direction},
      {"class", &BaselineRow::vehicle_class},
      {"stage", &BaselineRow::stage},
      {"metric", &BaselineRow::metric},
      {"value", &BaselineRow::value},
      {"ci95", &BaselineRow::ci95},
      {"replications", &BaselineRow::replications},
  });
};

/// provenance.csv: where each figure of the scenario comes from.
struct ProvenanceRow {
  std::string crossing, key_path, value, status, source, calibrated_to;

  static constexpr auto columns = std::to_array<Column<ProvenanceRow>>({
      {"crossing", &ProvenanceRow::crossing},
      {"key_path", &ProvenanceRow::key_path},
      {"value", &ProvenanceRow::value},
      {"status", &ProvenanceRow::status},
      {"source", &ProvenanceRow::source},
      {"calibrated_to", &ProvenanceRow::calibrated_to},
  });
};

struct VehicleRow {
  std::int64_t replication = 0, vehicle = 0;
  std::string vehicle_class, priority, crossing, direction, stage;
  double arrive_h = 0, start_h = 0, end_h = 0, leave_h = 0;

  static constexpr auto columns = std::to_array<Column<VehicleRow>>({
      {"replication", &VehicleRow::replication},
      {"vehicle", &VehicleRow::vehicle},
      {"class", &VehicleRow::vehicle_class},
      {"priority", &VehicleRow::priority},
      {"crossing", &VehicleRow::crossing},
      {"direction", &VehicleRow::direction},
      {"stage", &VehicleRow::stage},
      {"arrive_h", &VehicleRow::arrive_h},
      {"start_h", &VehicleRow::start_h},
      {"end_h", &VehicleRow::end_h},
      {"leave_h", &VehicleRow::leave_h},
  });
};

} // namespace bordersim
