// The report as a reader gets it: opened in headless Chromium, offline, with its built-in self-test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "viz_support.hpp"

namespace fs = std::filesystem;
using namespace bordersim::viztest;

namespace {

/// Flags from the issue: no sandbox (containers), no GPU, and no background traffic of the browser's own.
std::vector<std::string> chromium_command(const std::string& chromium, const std::string& profile)
{
  return {chromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-quic",
          "--user-data-dir=" + profile,
          // Every host name fails to resolve: a report that needs the network cannot pass.
          "--host-resolver-rules=MAP * ~NOTFOUND",
          "--hide-scrollbars",
          "--virtual-time-budget=10000"};
}

std::string unescape_html(std::string s)
{
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  }
  return s;
}

/// The JSON verdict the page writes into <pre id="selftest"> when opened with #selftest.
std::string selftest_verdict(const std::string& dom)
{
  const auto start = dom.find("<pre id=\"selftest\"");
  if (start == std::string::npos) return {};
  const auto open_end = dom.find('>', start);
  const auto close = dom.find("</pre>", open_end);
  if (open_end == std::string::npos || close == std::string::npos) return {};
  return unescape_html(dom.substr(open_end + 1, close - open_end - 1));
}

std::size_t count(const std::string& text, const std::string& what)
{
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

/// Nothing in the file may point outside it.
void check_self_contained(const std::string& html)
{
  const std::regex external(R"re((src|href|action|data)\s*=\s*["']?\s*(https?:|//|ftp:)|url\(\s*["']?\s*(https?:|//)|@import)re",
                            std::regex::icase);
  std::smatch m;
  const bool found = std::regex_search(html, m, external);
  INFO("external reference: " << (found ? m.str() : std::string()));
  CHECK_FALSE(found);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  CHECK(count(html, "<script") == count(html, "</script>"));
  CHECK(html.find("<script src") == std::string::npos);
}

/// Opens `html` with #selftest and checks the verdict; saves a screenshot as `screenshot_name`. False when the
/// browser cannot start at all (the caller then skips).
bool check_in_browser(const std::string& html, const std::string& screenshot_name, std::size_t min_charts, int page_height_px)
{
  const std::string chromium = find_or_install({"chromium", "chromium-browser", "google-chrome"}, "chromium");
  if (chromium.empty()) {
    WARN("SKIPPED: Chromium is not installed and could not be installed (apt-get install chromium)");
    return false;
  }
  ScratchDir profile("chromium");
  auto dump = chromium_command(chromium, profile.path());
  dump.push_back("--dump-dom");
  dump.push_back("file://" + html + "#selftest");
  const Outcome opened = run_program(dump, 90);
  if (opened.exit_code != 0 && opened.out.find("<html") == std::string::npos) {
    WARN("SKIPPED: Chromium could not start (exit " << opened.exit_code << "):\n" << opened.err.substr(0, 2000));
    return false;
  }
  const std::string verdict = selftest_verdict(opened.out);
  INFO("self-test verdict: " << verdict);
  REQUIRE_FALSE(verdict.empty());
  CHECK(verdict.find("\"errors\":[]") != std::string::npos);       // no JavaScript error, nothing blocked
  CHECK(verdict.find("\"resources\":[]") != std::string::npos);    // no request left the page
  CHECK(verdict.find("\"failures\":[]") != std::string::npos);     // every chart drew pixels, the slider redraws
  CHECK(verdict.find("\"changed\":true") != std::string::npos);    // the replay slider changes what is drawn
  CHECK(verdict.find("\"drawn_pixels\":0,") == std::string::npos); // (also in failures; said twice for a clear message)
  CHECK(count(verdict, "\"drawn_pixels\":") >= min_charts);
  CHECK(verdict.find("\"ok\":true") != std::string::npos);

  // A picture for people: look at it to judge titles, legends, axes and grey printing.
  const std::string shot = artefact_dir() + "/" + screenshot_name;
  fs::remove(shot);
  ScratchDir profile2("chromium");
  auto capture = chromium_command(chromium, profile2.path());
  capture.push_back("--window-size=1400," + std::to_string(page_height_px)); // the whole page, in one picture
  capture.push_back("--screenshot=" + shot);
  capture.push_back("file://" + html);
  const Outcome captured = run_program(capture, 90);
  INFO(captured.err.substr(0, 2000));
  CHECK(fs::exists(shot));
  if (fs::exists(shot)) CHECK(fs::file_size(shot) > 20000);
  return true;
}

} // namespace

TEST_CASE("the report of a run opens offline in Chromium with no error, every chart drawn and a working replay", "[browser]")
{
  ScratchDir tmp("report");
  const std::string run = tmp / "run";
  short_run(run);
  REQUIRE(fs::exists(run + "/report.html")); // `run` writes it unless --no-report

  // With the assumptions list, written again by `bordersim report`.
  write_provenance(run);
  const Outcome report = run_bordersim({"report", run});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  const std::string html = run + "/report.html";
  const std::string text = read_file(html);
  check_self_contained(text);
  CHECK(text.size() < 1500000);
  for (const char* part : {"Chart.js v3", "id=\"report-data\"", "karasu-today", "provenance.csv", "kz_xray"})
    CHECK(text.find(part) != std::string::npos);

  // 2 queue charts, the waits, the replay.
  if (!check_in_browser(html, "report-screenshot.png", 4, 4000)) return;
  INFO("screenshot: " << artefact_dir() << "/report-screenshot.png");
}

TEST_CASE("the report of a comparison draws bars with intervals for every metric and states the differences", "[browser]")
{
  ScratchDir tmp("compare");
  const std::string folder = tmp / "comparison";
  short_comparison(folder);
  REQUIRE(fs::exists(folder + "/report.html")); // `compare` writes it unless --no-report

  // With one scenario's assumptions, written again by `bordersim report`.
  write_provenance(folder + "/karasu-today");
  const std::string html = tmp / "comparison-report.html";
  const Outcome report = run_bordersim({"report", folder, "-o", html});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  const std::string text = read_file(html);
  check_self_contained(text);
  CHECK(text.find("bordersim comparison: karasu-today vs five-windows") != std::string::npos);
  CHECK(text.find("\"comparison\":{\"columns\"") != std::string::npos);

  // One chart per metric + for each scenario 2 queue charts, the waits and the replay.
  if (!check_in_browser(html, "report-comparison-screenshot.png", 12, 8400)) return;
}
