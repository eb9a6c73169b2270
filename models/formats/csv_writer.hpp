// The text of one CSV field as every output file writes it (RFC 4180, '.' decimal mark); the row-driven
// CsvWriter is sim/output/csv_writer.hpp.
#pragma once

#include <string>
#include <string_view>

namespace bordersim {

/// The field as is, or in double quotes (inner quotes doubled) when it holds a comma, quote or line break.
/// Text that a spreadsheet would run as a formula also gets a leading ' (neutralise_formula) and the quotes.
std::string csv_quote(std::string_view field);

/// Up to 10 significant digits, no exponent for ordinary magnitudes (format_number); "" for NaN.
std::string csv_number(double value);

/// True when a spreadsheet would take `text` for a formula: it begins with =, +, -, @, tab or carriage return
/// (OWASP's list for CSV injection) and is not simply a number such as -3.5.
bool starts_like_formula(std::string_view text);

/// `text` behind a leading ' when a spreadsheet would run it as a formula, OWASP's advice: the cell then shows
/// the text and runs nothing. Text that already begins with ' before such a character gets one more ', so that
/// strip_formula_guard gives back exactly what was written.
std::string neutralise_formula(std::string_view text);

/// A field as read back: the ' that neutralise_formula added taken off again.
std::string_view strip_formula_guard(std::string_view field);

} // namespace bordersim
