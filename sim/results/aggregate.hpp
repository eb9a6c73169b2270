// Across replications: means, Student-t 95% half-widths, pooled percentiles, in output-row form.
#pragma once

#include <vector>

#include "models/run_layout.hpp"
#include "sim/output/output_rows.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

struct RunTables {
  std::vector<SummaryRow> summary;
  std::vector<StageRow> stages;
  std::vector<ReplicationRow> replications;
};

/// summary.csv rows per reported flow, stages.csv rows per stage, replications.csv rows per replication of
/// each, in the layout's order. Percentiles are pooled over the replications (see FlowTally).
RunTables aggregate(const RunLayout& layout, const std::vector<ReplicationResult>& results);

} // namespace bordersim
