#include "models/formats/csv_writer.hpp"

#include "models/formats/units.hpp"

namespace bordersim {

namespace {

constexpr std::string_view kFormulaStarts = "=+-@\t\r";

/// Whether the text after any leading ' begins like a formula: what neutralise_formula and its undoing look at.
bool formula_after_quotes(std::string_view text)
{
  const auto first = text.find_first_not_of('\'');
  return first != std::string_view::npos && kFormulaStarts.find(text[first]) != std::string_view::npos;
}

bool needs_guard(std::string_view text)
{
  return text.starts_with('\'') ? formula_after_quotes(text) : starts_like_formula(text);
}

} // namespace

bool starts_like_formula(std::string_view text)
{
  return !text.empty() && kFormulaStarts.find(text.front()) != std::string_view::npos && !parse_number_exact(text);
}

std::string neutralise_formula(std::string_view text) { return needs_guard(text) ? "'" + std::string(text) : std::string(text); }

std::string_view strip_formula_guard(std::string_view field)
{
  if (field.starts_with('\'') && formula_after_quotes(field)) field.remove_prefix(1);
  return field;
}

std::string csv_quote(std::string_view field)
{
  const bool guard = needs_guard(field);
  if (!guard && field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  // A neutralised field is always quoted, as OWASP advises, so that the ' is plainly part of the text.
  std::string out = guard ? "\"'" : "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_number(double value) { return format_number(value, 10); }

} // namespace bordersim
