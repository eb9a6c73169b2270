// Across replications: means, Student-t 95% half-widths, pooled percentiles, in output-row form.
#pragma once

#include <vector>

#include "models/scenario.hpp"
#include "sim/output/output_rows.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

struct RunTables {
  std::vector<SummaryRow> summary;
  std::vector<StageRow> stages;
  std::vector<ReplicationRow> replications;
};

/// Flows and stages are laid out as CheckpointModel builds them: crossings, then directions, then
/// stages (flows: route x class).
RunTables aggregate(const Scenario& scenario, const std::vector<ReplicationResult>& results);

/// [route][class]: a class is reported on a route when it has demand there or may divert there.
std::vector<std::vector<bool>> reported_classes(const Scenario& scenario);

} // namespace bordersim
