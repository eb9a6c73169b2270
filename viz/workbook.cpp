#include "viz/workbook.hpp"

namespace bordersim::viz {

// Placeholder until the workbook lands (issue 4): writes nothing.
void write_workbook(const std::string&, const std::string&) {}

} // namespace bordersim::viz
