#include "viz/workbook.hpp"

#include <locale.h>
#include <wctype.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <vector>

#include "models/formats/csv_reader.hpp"
#include "models/formats/csv_writer.hpp"
#include "models/formats/output_files.hpp"
#include "models/formats/units.hpp"
#include "models/formats/utf8.hpp"
#include "viz/results_folder.hpp"
#include "viz/timeseries_digest.hpp"

namespace bordersim::viz {

namespace {

static_assert(WorkbookOptions{}.data_rows_per_sheet == LXW_ROW_MAX - 1, "Excel's row limit, less the header");
constexpr std::size_t kRowsForWidths = 2000;               // column widths are judged from the first rows
constexpr std::uintmax_t kConstantMemoryBytes = 64u << 20; // past this much CSV, stream cells to disk
constexpr std::size_t kSheetNameUnits = 31;                // Excel's limit, in UTF-16 code units

lxw_row_t row_at(std::size_t r) { return static_cast<lxw_row_t>(r); }
lxw_col_t col_at(std::size_t c) { return static_cast<lxw_col_t>(c); }

void check(lxw_error e, const std::string& what)
{
  if (e != LXW_NO_ERROR) throw std::runtime_error("results.xlsx: " + what + ": " + lxw_strerror(e));
}

/// Sheet names as Excel takes them: at most 31 characters as Excel counts them (UTF-16 code units), none of
/// []:*?/\ or control characters, not beginning or ending with ', unique whatever their case, and not
/// "History" (Excel keeps it for itself).
class SheetNames {
public:
  SheetNames() { taken_.insert(folded(U"History")); }

  /// A valid name not yet taken, made of `wanted` (cut to fit) and then `kept` whole, with " (2)", " (3)", ...
  /// at the end while the name is taken.
  std::string claim(std::string_view wanted, std::string_view kept = "")
  {
    std::u32string base = utf8_decode(wanted);
    for (auto& c : base)
      if (c < 0x20 || c == 0x7F || std::u32string_view(U"[]:*?/\\").find(c) != std::u32string_view::npos) c = U'_';
    const std::u32string tail = utf8_decode(kept);
    for (int n = 1;; ++n) {
      const std::u32string suffix = n == 1 ? U"" : utf8_decode(" (" + std::to_string(n) + ")");
      std::u32string name = cut(base, kSheetNameUnits - std::min(kSheetNameUnits, units(tail) + units(suffix))) + tail + suffix;
      if (name.empty()) name = U"sheet";
      name = cut(name, kSheetNameUnits); // when `kept` alone is too long
      if (name.front() == U'\'') name.front() = U'_';
      if (name.back() == U'\'') name.back() = U'_';
      if (taken_.insert(folded(name)).second) return utf8_encode(name);
    }
  }

private:
  static std::size_t units(std::u32string_view s)
  {
    std::size_t n = 0;
    for (const char32_t c : s) n += c > 0xFFFF ? 2 : 1;
    return n;
  }
  /// The longest start of `s` within `max_units`, never splitting a character.
  static std::u32string cut(const std::u32string& s, std::size_t max_units)
  {
    std::size_t n = 0, used = 0;
    while (n < s.size() && used + units(s.substr(n, 1)) <= max_units) used += units(s.substr(n++, 1));
    return s.substr(0, n);
  }
  /// Lower case by Unicode's rules (the C.UTF-8 locale's), as Excel compares names; ASCII only without it.
  static std::u32string folded(std::u32string s)
  {
    static const locale_t utf8 = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    for (auto& c : s) {
      if (utf8) c = static_cast<char32_t>(::towlower_l(static_cast<wint_t>(c), utf8));
      else if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
    }
    return s;
  }
  std::set<std::u32string> taken_;
};

/// Owns the libxlsxwriter workbook; closing writes the file.
class Workbook {
public:
  Workbook(const std::string& path, bool constant_memory)
  {
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    options.use_zip64 = LXW_TRUE; // long runs make large sheets
    wb_ = workbook_new_opt(path.c_str(), &options);
    if (!wb_) throw std::runtime_error("cannot create " + path);
    header_ = workbook_add_format(wb_);
    format_set_bold(header_);
    format_set_bottom(header_, LXW_BORDER_THIN);
    format_set_bg_color(header_, 0xEEEEF0);
    title_ = workbook_add_format(wb_);
    format_set_bold(title_);
  }
  ~Workbook()
  {
    if (wb_) workbook_close(wb_); // only after an exception: the file is incomplete anyway
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  void close()
  {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    errno = 0;
    const lxw_error e = workbook_close(wb);
    // The zip library's errors say little; the system's reason (a full disk, a file too large) says why.
    if (e != LXW_NO_ERROR && errno != 0)
      throw std::runtime_error(std::string("results.xlsx: writing the file: ") + std::strerror(errno) + " (" + lxw_strerror(e) +
                               ")");
    check(e, "writing the file");
  }

  /// A new sheet with a unique valid name made of `wanted` and then `kept` (SheetNames::claim).
  lxw_worksheet* add_sheet(const std::string& wanted, const std::string& kept = "", std::string* chosen = nullptr)
  {
    const std::string name = names_.claim(wanted, kept);
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    if (!ws) throw std::runtime_error("results.xlsx: cannot add sheet " + name);
    if (chosen) *chosen = name;
    return ws;
  }

  lxw_chart* add_chart(uint8_t type)
  {
    lxw_chart* chart = workbook_add_chart(wb_, type);
    if (!chart) throw std::runtime_error("results.xlsx: cannot add a chart");
    return chart;
  }
  lxw_format* header() const { return header_; }
  lxw_format* title() const { return title_; }

private:
  lxw_workbook* wb_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* title_ = nullptr;
  SheetNames names_;
};

/// Text for a cell, a chart's title or a series name: what a spreadsheet would run as a formula gets the leading
/// ' of the CSV files (and libxlsxwriter no longer takes a leading = for a cell reference).
std::string safe_text(const std::string& text) { return neutralise_formula(text); }

/// Writes one field: a number when the whole field is one, text otherwise (as the CSV file holds it), nothing
/// when empty.
lxw_error write_cell(lxw_worksheet* ws, std::size_t r, std::size_t c, const std::string& field, lxw_format* format = nullptr)
{
  if (field.empty()) return LXW_NO_ERROR;
  if (const auto x = parse_number_exact(field)) return worksheet_write_number(ws, row_at(r), col_at(c), *x, format);
  return worksheet_write_string(ws, row_at(r), col_at(c), safe_text(field).c_str(), format);
}

std::string cell_problem(lxw_error e)
{
  if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) return "a text longer than the 32767 characters an Excel cell holds";
  return lxw_strerror(e);
}

/// Widths in characters, from the header and the first rows.
std::vector<double> column_widths(const std::string& csv_path)
{
  CsvReader reader(csv_path); // the sheet's own pass reads the file strictly
  std::vector<double> width;
  for (const auto& h : reader.header()) width.push_back(static_cast<double>(h.size()));
  std::vector<std::string> f;
  for (std::size_t n = 0; n < kRowsForWidths && reader.next(f); ++n)
    for (std::size_t c = 0; c < f.size() && c < width.size(); ++c) width[c] = std::max(width[c], static_cast<double>(f[c].size()));
  for (auto& w : width) w = std::clamp(w + 2, 8.0, 48.0);
  return width;
}

lxw_worksheet* start_sheet(Workbook& wb, const std::string& prefix, const std::string& name,
                           const std::vector<std::string>& header, const std::vector<double>& widths)
{
  lxw_worksheet* ws = wb.add_sheet(prefix, name);
  for (std::size_t c = 0; c < header.size(); ++c) {
    check(worksheet_set_column(ws, col_at(c), col_at(c), widths[c], nullptr), "setting a column's width");
    check(worksheet_write_string(ws, 0, col_at(c), safe_text(header[c]).c_str(), wb.header()), "writing a header");
  }
  worksheet_freeze_panes(ws, 1, 0);
  return ws;
}

/// One CSV file as one sheet named `prefix` then `name`, the file read strictly as the report reads it. Past
/// `rows_per_sheet` it continues on "<name> cont. 2", "cont. 3", ...: a suffix of its own, so that a continuation
/// is never taken for a name clash (" (2)").
void csv_sheet(Workbook& wb, const std::string& prefix, const std::string& name, const std::string& csv_path,
               std::size_t rows_per_sheet)
{
  const auto widths = column_widths(csv_path);
  ResultsFileReader reader(csv_path);
  const auto& header = reader.csv().header();
  const auto last_col = col_at(header.empty() ? 0 : header.size() - 1);
  lxw_worksheet* ws = start_sheet(wb, prefix, name, header, widths);
  std::size_t r = 0, sheets = 1;
  std::vector<std::string> f;
  while (reader.next(f)) {
    if (r == std::max<std::size_t>(rows_per_sheet, 1)) {
      check(worksheet_autofilter(ws, 0, 0, row_at(r), last_col), "adding a filter");
      ws = start_sheet(wb, prefix, name + " cont. " + std::to_string(++sheets), header, widths);
      r = 0;
    }
    ++r;
    for (std::size_t c = 0; c < f.size(); ++c)
      if (const lxw_error e = write_cell(ws, r, c, f[c]); e != LXW_NO_ERROR)
        throw reader.csv().error_at(c, "results.xlsx cannot take this cell: " + cell_problem(e));
  }
  check(worksheet_autofilter(ws, 0, 0, row_at(std::max<std::size_t>(r, 1)), last_col), "adding a filter");
}

/// Cells gathered in any order and written row by row: constant-memory sheets accept rows only in order.
class CellBuffer {
public:
  void number(std::size_t r, std::size_t c, double x) { cells_[{r, c}] = {false, x, {}, nullptr}; }
  void text(std::size_t r, std::size_t c, const std::string& s, lxw_format* format = nullptr) { cells_[{r, c}] = {true, 0, s, format}; }
  void width(std::size_t c, double chars) { widths_[c] = chars; }
  void flush(lxw_worksheet* ws) const
  {
    for (const auto& [c, w] : widths_)
      check(worksheet_set_column(ws, col_at(c), col_at(c), w, nullptr), "setting a column's width");
    for (const auto& [at, cell] : cells_) {
      const lxw_error e = cell.is_text ? worksheet_write_string(ws, row_at(at.first), col_at(at.second),
                                                                safe_text(cell.text).c_str(), cell.format)
                                       : worksheet_write_number(ws, row_at(at.first), col_at(at.second), cell.number, nullptr);
      if (e != LXW_NO_ERROR) throw std::runtime_error("results.xlsx: chart_data: " + cell_problem(e));
    }
  }

private:
  struct Cell {
    bool is_text;
    double number;
    std::string text;
    lxw_format* format;
  };
  std::map<std::pair<std::size_t, std::size_t>, Cell> cells_;
  std::map<std::size_t, double> widths_;
};

lxw_chart_series* add_series(lxw_chart* chart)
{
  lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
  if (!series) throw std::runtime_error("results.xlsx: cannot add a chart series");
  return series;
}

void style_line(lxw_chart_series* s, lxw_color_t colour, float width, uint8_t dash)
{
  lxw_chart_line line{};
  line.color = colour;
  line.width = width;
  line.dash_type = dash;
  chart_series_set_line(s, &line);
  chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
}

std::string direction_label(const std::string& id)
{
  const auto to = id.find("_to_");
  if (to == std::string::npos) return id;
  std::string a = id.substr(0, to), b = id.substr(to + 4);
  for (auto& c : a) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (auto& c : b) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return a + " to " + b;
}

/// Places the charts in two columns on the charts sheet; a chart of many categories takes a row of its own, as
/// wide as its labels need.
class ChartGrid {
public:
  explicit ChartGrid(lxw_worksheet* ws) : ws_(ws) {}
  void place(lxw_chart* chart, std::size_t categories = 0)
  {
    constexpr double kChartPx = 480, kPxPerCategory = 60; // libxlsxwriter's default width; room for a label
    lxw_chart_options o{};
    o.x_scale = std::max(1.5, static_cast<double>(categories) * kPxPerCategory / kChartPx);
    o.y_scale = 1.4;
    const bool wide = o.x_scale > 1.5;
    if (wide && column_ != 0) next_row();
    check(worksheet_insert_chart_opt(ws_, row_, static_cast<lxw_col_t>(column_ * 12), chart, &o), "placing a chart");
    if (wide || ++column_ == 2) next_row();
    ++n_;
  }
  int count() const { return n_; }

private:
  void next_row()
  {
    row_ += 22;
    column_ = 0;
  }
  lxw_worksheet* ws_;
  lxw_row_t row_ = 3; // under the sheet's notes
  int column_ = 0;
  int n_ = 0;
};

/// "vehicles" or "people", for a kind.
std::string plural_of(const std::string& kind) { return kind == "person" ? "people" : "vehicles"; }

/// The queue over time of every crossing-direction, vehicles and people apart: data on chart_data, a scatter
/// chart on charts.
void queue_charts(Workbook& wb, const ResultsFolder& folder, CellBuffer& data, const std::string& data_name, std::size_t& next_col,
                  ChartGrid& grid)
{
  for (const auto& run : folder.runs) {
    if (!run.has_timeseries) continue;
    const TimeseriesDigest d = digest_run_timeseries(run);
    for (const auto& q : d.queues) {
      const std::size_t c0 = next_col;
      const std::string who = plural_of(q.kind);
      const std::string what = q.crossing + " " + direction_label(q.direction) + ", " + who +
                               (folder.runs.size() > 1 ? " (" + run.scenario + ")" : "");
      data.text(0, c0, "queue: " + what, wb.title());
      const std::string heads[] = {"time (days)", "mean waiting (" + who + ")", "min over replications (" + who + ")",
                                   "max over replications (" + who + ")"};
      for (std::size_t c = 0; c < 4; ++c) {
        data.text(1, c0 + c, heads[c], wb.header());
        data.width(c0 + c, 14);
      }
      for (std::size_t k = 0; k < q.time_h.size(); ++k) {
        data.number(k + 2, c0, q.time_h[k] / 24);
        data.number(k + 2, c0 + 1, q.mean_waiting[k]);
        data.number(k + 2, c0 + 2, q.min_waiting[k]);
        data.number(k + 2, c0 + 3, q.max_waiting[k]);
      }
      next_col += 5;
      if (q.time_h.empty()) continue;

      lxw_chart* chart = wb.add_chart(LXW_CHART_SCATTER_STRAIGHT);
      const lxw_row_t last = row_at(q.time_h.size() + 1);
      struct Line {
        std::size_t col;
        const char* name;
        lxw_color_t colour;
        float width;
        uint8_t dash;
      };
      // Lightness and dashes differ, so the lines stay apart in grey print.
      for (const Line& l : {Line{1, "mean waiting", 0x17285A, 2.25f, LXW_CHART_LINE_DASH_SOLID},
                            Line{3, "max over replications", 0x7FA7D9, 1.25f, LXW_CHART_LINE_DASH_DASH},
                            Line{2, "min over replications", 0x7FA7D9, 1.25f, LXW_CHART_LINE_DASH_ROUND_DOT}}) {
        lxw_chart_series* s = add_series(chart);
        chart_series_set_categories(s, data_name.c_str(), 2, col_at(c0), last, col_at(c0));
        chart_series_set_values(s, data_name.c_str(), 2, col_at(c0 + l.col), last, col_at(c0 + l.col));
        chart_series_set_name(s, l.name);
        style_line(s, l.colour, l.width, l.dash);
      }
      chart_title_set_name(chart, safe_text("Queue over time: " + what).c_str());
      chart_axis_set_name(chart->x_axis, "time since the start (days)");
      chart_axis_set_name(chart->y_axis, q.kind == "person" ? "people waiting (all stages for people)"
                                                            : "vehicles waiting (all vehicle stages)");
      chart_axis_set_min(chart->x_axis, 0);
      chart_axis_set_max(chart->x_axis, std::ceil(q.time_h.back() / 24)); // whole days, not the next round number
      chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
      grid.place(chart);
    }
  }
}

/// The unit of a comparison.csv row as its kind says it: files written before the kind column said
/// "vehicles/day" for pedestrians too.
std::string unit_of(const CsvTable& table, std::size_t r)
{
  std::string unit = table.cell(r, "unit");
  if (row_kind(table, r) == "person" && unit.rfind("vehicles", 0) == 0) unit.replace(0, 8, "people");
  return unit;
}

/// comparison.csv's metrics as clustered columns, one chart per metric and kind (vehicles and people never share
/// an axis), one series per scenario, every category labelled. A chart whose every value is 0 or missing is not
/// drawn (its numbers stay on chart_data); its title goes into `left_out`.
void comparison_charts(Workbook& wb, const CsvTable& table, CellBuffer& data, const std::string& data_name, std::size_t& next_col,
                       ChartGrid& grid, std::vector<std::string>& left_out)
{
  std::vector<std::string> scenarios;
  std::vector<std::pair<std::string, std::string>> charts; // metric and kind, in the file's order
  const auto add_unique = [](auto& v, const auto& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
  };
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    add_unique(charts, std::pair{table.cell(r, "metric"), row_kind(table, r)});
    add_unique(scenarios, table.cell(r, "scenario"));
  }
  static const lxw_color_t colours[] = {0x17285A, 0xD0542A, 0x7FA7D9, 0x3F3F3F, 0xE6B43C, 0x8A5AA8};
  static const uint8_t patterns[] = {LXW_CHART_PATTERN_NONE, LXW_CHART_PATTERN_WIDE_UPWARD_DIAGONAL, LXW_CHART_PATTERN_SMALL_CONFETTI,
                                     LXW_CHART_PATTERN_LARGE_GRID, LXW_CHART_PATTERN_DARK_HORIZONTAL, LXW_CHART_PATTERN_DIVOT};
  for (const auto& [metric, kind] : charts) {
    std::vector<std::string> flows; // crossing · direction · class or stage, in order
    std::map<std::pair<std::string, std::string>, std::pair<std::optional<double>, std::optional<double>>> cell; // (flow, scenario) → value, ci
    std::string unit;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      if (table.cell(r, "metric") != metric || row_kind(table, r) != kind) continue;
      std::string flow = table.cell(r, "crossing") + " " + direction_label(table.cell(r, "direction"));
      // A stage's metric (class "all") is named by its stage; older folders have no stage column.
      if (!table.cell(r, "stage").empty()) flow += " " + table.cell(r, "stage");
      else if (!table.cell(r, "class").empty()) flow += " " + table.cell(r, "class");
      add_unique(flows, flow);
      unit = unit_of(table, r);
      cell[{flow, table.cell(r, "scenario")}] = {table.number(r, "value"), table.number(r, "value_ci95")};
    }
    const std::size_t c0 = next_col;
    const std::string title = metric + ", " + plural_of(kind) + (unit.empty() ? "" : " (" + unit + ")");
    data.text(0, c0, "comparison: " + title, wb.title());
    data.text(1, c0, "crossing direction class or stage", wb.header());
    data.width(c0, 28);
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
      data.text(1, c0 + 1 + s, scenarios[s], wb.header());
      data.text(1, c0 + 1 + scenarios.size() + s, scenarios[s] + " ci95", wb.header());
      data.width(c0 + 1 + s, 14);
      data.width(c0 + 1 + scenarios.size() + s, 14);
    }
    for (std::size_t f = 0; f < flows.size(); ++f) {
      data.text(f + 2, c0, flows[f]);
      for (std::size_t s = 0; s < scenarios.size(); ++s) {
        const auto& [value, ci] = cell[{flows[f], scenarios[s]}];
        if (value) data.number(f + 2, c0 + 1 + s, *value);
        if (ci) data.number(f + 2, c0 + 1 + scenarios.size() + s, *ci);
      }
    }
    next_col += 2 * scenarios.size() + 2;
    if (flows.empty()) continue;
    if (std::all_of(cell.begin(), cell.end(), [](const auto& c) { return !c.second.first || *c.second.first == 0; })) {
      left_out.push_back(title);
      continue;
    }

    lxw_chart* chart = wb.add_chart(LXW_CHART_COLUMN);
    const lxw_row_t last = row_at(flows.size() + 1);
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
      lxw_chart_series* series = add_series(chart);
      chart_series_set_categories(series, data_name.c_str(), 2, col_at(c0), last, col_at(c0));
      chart_series_set_values(series, data_name.c_str(), 2, col_at(c0 + 1 + s), last, col_at(c0 + 1 + s));
      chart_series_set_name(series, safe_text(scenarios[s] + (s == 0 ? " (reference)" : "")).c_str());
      lxw_chart_pattern pattern{};
      pattern.fg_color = colours[s % 6];
      pattern.bg_color = 0xFFFFFF;
      pattern.type = patterns[s % 6];
      if (pattern.type == LXW_CHART_PATTERN_NONE) {
        lxw_chart_fill fill{};
        fill.color = colours[s % 6];
        chart_series_set_fill(series, &fill);
      } else {
        chart_series_set_pattern(series, &pattern);
      }
      lxw_chart_line border{};
      border.color = 0x1D1D1F;
      border.width = 0.75f;
      chart_series_set_line(series, &border);
    }
    chart_title_set_name(chart, safe_text(metric + ", " + plural_of(kind) + ", by scenario").c_str());
    chart_axis_set_name(chart->x_axis, "crossing, direction, class or stage");
    chart_axis_set_interval_unit(chart->x_axis, 1); // every label: Excel would skip some
    chart_axis_set_name(chart->y_axis, safe_text(title).c_str());
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    grid.place(chart, flows.size() * scenarios.size() > 12 ? flows.size() : 0);
  }
}

} // namespace

void write_workbook(const std::string& results_dir, const std::string& xlsx_path, const WorkbookOptions& options)
{
  const ResultsFolder folder = load_results_folder(results_dir);
  std::uintmax_t csv_bytes = 0;
  // A sweep's or a calibration's folder has its own files at the top and no run.
  std::vector<std::string> top_files;
  if (folder.sweep)
    for (const char* f : {output_file::design, output_file::sweep, output_file::sensitivity})
      if (std::filesystem::exists(folder.dir + "/" + f)) top_files.emplace_back(f);
  if (folder.calibration)
    for (const char* f : {output_file::calibration, output_file::parameters, output_file::design, output_file::implausibility,
                          output_file::plausible, output_file::refinement})
      if (std::filesystem::exists(folder.dir + "/" + f)) top_files.emplace_back(f);
  std::vector<std::string> all_files;
  for (const auto& f : top_files) all_files.push_back(folder.dir + "/" + f);
  for (const auto& run : folder.runs)
    for (const auto& f : csv_files_of(run)) all_files.push_back(run.file(f));
  for (const auto& path : all_files) {
    std::error_code ec; // a file that is not a regular one is refused, with its place, when its sheet is read
    const auto bytes = std::filesystem::file_size(path, ec);
    if (!ec) csv_bytes += bytes;
  }
  Workbook wb(xlsx_path, csv_bytes > kConstantMemoryBytes);

  // A comparison's own table comes first; then each run's files, prefixed by scenario when there are several.
  const std::size_t rows = options.data_rows_per_sheet;
  if (folder.comparison) csv_sheet(wb, "", "comparison", folder.dir + "/" + output_file::comparison, rows);
  for (const auto& f : top_files) csv_sheet(wb, "", f.substr(0, f.size() - 4), folder.dir + "/" + f, rows);
  for (const auto& run : folder.runs) {
    // The scenario's part of a sheet name is cut to fit; the file's part is kept whole.
    const bool several = folder.runs.size() > 1;
    for (const auto& f : csv_files_of(run))
      csv_sheet(wb, several ? run.scenario : "", (several ? " " : "") + f.substr(0, f.size() - 4), run.file(f), rows);
  }

  std::string charts_name, data_name;
  lxw_worksheet* charts = wb.add_sheet("charts", "", &charts_name);
  lxw_worksheet* data = wb.add_sheet("chart_data", "", &data_name);
  check(worksheet_write_string(charts, 0, 0,
                               "Native charts drawn from the sheet chart_data (the queue is downsampled as in the HTML report).",
                               wb.title()),
        "writing the charts sheet");
  ChartGrid grid(charts);
  CellBuffer chart_data;
  std::size_t next_col = 0;
  std::vector<std::string> left_out;
  if (folder.comparison) comparison_charts(wb, *folder.comparison, chart_data, data_name, next_col, grid, left_out);
  if (!left_out.empty()) {
    std::string names;
    for (const auto& t : left_out) names += (names.empty() ? "" : "; ") + t;
    check(worksheet_write_string(charts, 1, 0,
                                 safe_text("Not drawn, every value being 0 or missing in every scenario (see chart_data): " + names).c_str(),
                                 nullptr),
          "writing the charts sheet");
  }
  queue_charts(wb, folder, chart_data, data_name, next_col, grid);
  chart_data.flush(data);
  if (grid.count() == 0 && left_out.empty())
    check(worksheet_write_string(charts, 1, 0,
                                 folder.sweep         ? "No chart: a sweep's charts are in its report.html (bordersim report FOLDER)."
                                 : folder.calibration ? "No chart: a calibration's charts are in its report.html (bordersim report FOLDER)."
                                                      : "No chart: this folder has neither comparison.csv nor timeseries.csv.",
                                 nullptr),
          "writing the charts sheet");
  wb.close();
}

} // namespace bordersim::viz
