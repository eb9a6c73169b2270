// The files inlined into every report, embedded into the binary at build time (see viz/CMakeLists.txt).
#pragma once

#include <string_view>

namespace bordersim::viz::assets {

std::string_view chart_js();    // Chart.js 3.x from Debian's libjs-chart.js
std::string_view report_html(); // viz/report.html.in: the page, with @PLACEHOLDERS@
std::string_view report_css();  // viz/report.css
std::string_view report_js();   // viz/report.js: draws everything from the data island

} // namespace bordersim::viz::assets
