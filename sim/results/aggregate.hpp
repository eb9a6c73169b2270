// Across replications: means, Student-t 95% half-widths, pooled percentiles, in output-row form.
#pragma once

#include <optional>
#include <vector>

#include "models/run_layout.hpp"
#include "sim/output/output_rows.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

struct RunTables {
  std::vector<SummaryRow> summary;
  std::vector<StageRow> stages;
  std::vector<ReplicationRow> replications;
  std::vector<NetworkRow> network;
  std::vector<WaitByHourRow> wait_by_hour;
};

/// A flow is unstable when the vehicles in the system grow by more than this share of its arrivals a day.
/// Some growth over a finite window is chance (a stable M/M/1 at utilisation 0.8 ends a two-week window a few
/// vehicles up or down), and some is demand that rises through the window (today's Karasu, from mid-September
/// into the October peak, grows by 1.3% of its arrivals a day and then recovers); an overloaded stage adds a
/// fixed share of the arrivals every day (Karasu at 1.5 times today's demand: 24% into Kazakhstan).
inline constexpr double kUnstableGrowthShare = 0.05;

/// Unstable: the growth per day exceeds kUnstableGrowthShare of the arrivals per day, and its 95% interval
/// excludes zero (with one replication, no interval: the growth alone decides).
bool is_unstable(std::optional<double> growth_per_day, std::optional<double> growth_ci95, double arrived_per_day);

/// What one replication's cohort of flow `f` waited, in hours a day: the waits of those that left, of those still
/// inside at the horizon (followed through the drain) and of those that gave up, over the window's days.
double cohort_wait_hours_per_day(const ReplicationResult& r, std::size_t f);

/// The waits' cost (USD), idle fuel (L) and CO2 (kg) a day, per replication, of the flows given as (flow, class
/// index): their classes' rates times their hours. A vector is empty when none of the classes has its rate.
struct WaitCosts {
  std::vector<double> cost_usd, fuel_l, co2_kg;
};
WaitCosts wait_costs(const RunLayout& layout, const std::vector<ReplicationResult>& results,
                     const std::vector<std::pair<std::size_t, int>>& flows);
/// The same over every reported flow of the border.
WaitCosts border_wait_costs(const RunLayout& layout, const std::vector<ReplicationResult>& results);

/// summary.csv rows per reported flow, stages.csv rows per stage, replications.csv rows per replication of
/// each, in the layout's order; network.csv rows per crossing and kind, then the border's per kind; wait_by_hour.csv
/// rows per reported flow and hour of arrival. Percentiles are pooled over the replications (see FlowTally).
RunTables aggregate(const RunLayout& layout, const std::vector<ReplicationResult>& results);

} // namespace bordersim
