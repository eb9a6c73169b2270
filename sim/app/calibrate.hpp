// `bordersim calibrate`: a history-matching screen of the uncertain inputs (a Latin hypercube run as a sweep, so it
// shards), then a local refinement from the best plausible points. See docs/calibration.md.
#pragma once

#include <memory>

#include "sim/app/cli.hpp"
#include "sim/app/multi_run.hpp"
#include "sim/app/work_folder.hpp"

namespace bordersim {

int calibrate_command(const CommandLine& cl);

/// The calibration a work folder's manifest describes, for `bordersim merge`; nothing when refused (said).
std::unique_ptr<MultiRunPlan> calibration_plan(const WorkArgs& args, bool verbose);

} // namespace bordersim
