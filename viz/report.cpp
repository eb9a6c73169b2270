#include "viz/report.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <map>
#include <stdexcept>
#include <system_error>

#include "models/formats/timestamp.hpp"
#include "viz/embedded_assets.hpp"
#include "viz/report_data.hpp"
#include "viz/results_folder.hpp"

namespace bordersim::viz {

namespace {

std::string html_escape(const std::string& text)
{
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

/// Replaces each @NAME@ of the template in one pass, so that inserted text is never scanned again.
std::string fill(std::string_view page, const std::map<std::string, std::string_view>& values)
{
  std::string out;
  out.reserve(page.size() + 300000);
  std::size_t i = 0;
  while (i < page.size()) {
    const std::size_t at = page.find('@', i);
    if (at == std::string_view::npos) break;
    const std::size_t end = page.find('@', at + 1);
    const auto it = end == std::string_view::npos ? values.end() : values.find(std::string(page.substr(at + 1, end - at - 1)));
    if (it == values.end()) {
      out.append(page.substr(i, at + 1 - i));
      i = at + 1;
      continue;
    }
    out.append(page.substr(i, at - i));
    out.append(it->second);
    i = end + 1;
  }
  out.append(page.substr(std::min(i, page.size())));
  return out;
}

/// Inline text must not end its own element early.
void check_inline(std::string_view text, std::string_view closing, const char* what)
{
  for (std::size_t at = text.find("</"); at != std::string_view::npos; at = text.find("</", at + 2)) {
    std::string tag(text.substr(at, closing.size()));
    for (auto& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (tag == closing) throw std::runtime_error(std::string(what) + " contains " + std::string(closing) + " and cannot be inlined");
  }
}

} // namespace

std::string report_html(const std::string& results_dir, const ReportOptions& options)
{
  const ResultsFolder folder = load_results_folder(results_dir);
  std::string title = "bordersim report";
  if (folder.comparison) {
    std::string names;
    for (const auto& run : folder.runs) names += (names.empty() ? "" : " vs ") + run.scenario;
    title = "bordersim comparison: " + names;
  } else if (folder.sweep) {
    title = "bordersim sweep: " + folder.sweep->scenario;
  } else if (folder.calibration) {
    title = "bordersim calibration: " + folder.calibration->scenario;
  } else if (!folder.runs.empty()) {
    title += ": " + folder.runs.front().scenario;
  }
  const std::string data = report_data_json(folder, options, utc_timestamp_now());
  check_inline(assets::chart_js(), "</script", "Chart.js");
  check_inline(assets::report_js(), "</script", "report.js");
  check_inline(assets::report_css(), "</style", "report.css");
  const std::string escaped_title = html_escape(title);
  return fill(assets::report_html(), {{"TITLE", escaped_title},
                                       {"REPORT_CSS", assets::report_css()},
                                       {"DATA_JSON", data},
                                       {"CHART_JS", assets::chart_js()},
                                       {"REPORT_JS", assets::report_js()}});
}

void write_report(const std::string& results_dir, const std::string& html_path, const ReportOptions& options)
{
  const std::string page = report_html(results_dir, options);
  std::ofstream out(html_path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::system_error(errno, std::generic_category(), "cannot write " + html_path);
  out << page;
  out.close();
  if (!out) throw std::system_error(errno, std::generic_category(), "cannot write " + html_path); // errno: the failed write's
}

} // namespace bordersim::viz
