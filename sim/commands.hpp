// What each command does, as short pipelines over the models and the run driver.
#pragma once

#include "sim/cli.hpp"

namespace bordersim {

int run_command(const CommandLine& cl);
int validate_command(const CommandLine& cl);
int schema_command();
int report_command(const CommandLine& cl);

} // namespace bordersim
