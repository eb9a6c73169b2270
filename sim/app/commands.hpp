// What each command does, as short pipelines over the models and the run driver.
#pragma once

#include "sim/app/cli.hpp"

namespace bordersim {

int run_command(const CommandLine& cl);
int validate_command(const CommandLine& cl);
int compare_command(const CommandLine& cl);
int baseline_command(const CommandLine& cl);
int check_command(const CommandLine& cl);
int capacity_command(const CommandLine& cl);
int sweep_command(const CommandLine& cl);
int merge_command(const CommandLine& cl);
int report_command(const CommandLine& cl);
int schema_command();

} // namespace bordersim
