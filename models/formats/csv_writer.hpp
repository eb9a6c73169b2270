// The text of one CSV field as every output file writes it (RFC 4180, '.' decimal mark); the row-driven
// CsvWriter is sim/output/csv_writer.hpp.
#pragma once

#include <string>
#include <string_view>

namespace bordersim {

/// The field as is, or in double quotes (inner quotes doubled) when it holds a comma, quote or line break.
std::string csv_quote(std::string_view field);

/// Up to 10 significant digits, no exponent for ordinary magnitudes (format_number); "" for NaN.
std::string csv_number(double value);

} // namespace bordersim
