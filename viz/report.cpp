#include "viz/report.hpp"

namespace bordersim::viz {

// Placeholder until the report lands (issue 4): writes nothing.
void write_report(const std::string&, const std::string&, const ReportOptions&) {}

} // namespace bordersim::viz
