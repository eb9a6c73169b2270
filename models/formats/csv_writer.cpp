#include "models/formats/csv_writer.hpp"

#include "models/formats/units.hpp"

namespace bordersim {

std::string csv_quote(std::string_view field)
{
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_number(double value) { return format_number(value, 10); }

} // namespace bordersim
