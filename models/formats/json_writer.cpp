#include "models/formats/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "models/formats/units.hpp"

namespace bordersim {

void JsonWriter::new_line(std::size_t depth)
{
  out_ += '\n';
  out_.append(depth * static_cast<std::size_t>(style_.indent), ' ');
}

void JsonWriter::separate()
{
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (open_.empty()) return;
  Container& container = open_.back();
  if (!container.empty) out_ += ',';
  if (style_.indent > 0) {
    if (container.is_object) new_line(open_.size());
    else if (!container.empty) out_ += ' ';
  }
  container.empty = false;
}

JsonWriter& JsonWriter::token(std::string_view text)
{
  separate();
  out_ += text;
  return *this;
}

JsonWriter& JsonWriter::open(char bracket, bool is_object)
{
  separate();
  out_ += bracket;
  open_.push_back({is_object});
  return *this;
}

JsonWriter& JsonWriter::close(char bracket)
{
  // An object's members stand one a line: its closing brace goes on a line of its own.
  if (style_.indent > 0 && open_.back().is_object && !open_.back().empty) new_line(open_.size() - 1);
  out_ += bracket;
  open_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name)
{
  separate();
  out_ += json_quote(name, style_.escaping);
  out_ += style_.indent > 0 ? ": " : ":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) { return token(json_quote(text, style_.escaping)); }

JsonWriter& JsonWriter::value(double number, int digits)
{
  if (!std::isfinite(number)) return null();
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number, std::chars_format::general, digits);
  std::string_view text(buf, ec == std::errc() ? static_cast<std::size_t>(end - buf) : 0);
  if (text == "-0") text = "0";
  return token(text.empty() ? std::string_view("null") : text);
}

JsonWriter& JsonWriter::value(std::optional<double> number, int digits)
{
  return number ? value(*number, digits) : null();
}

JsonWriter& JsonWriter::fixed(double number, int significant_digits)
{
  if (!std::isfinite(number)) return null();
  return token(format_number(number, significant_digits));
}

JsonWriter& JsonWriter::numbers(const std::vector<double>& series, int digits)
{
  begin_array();
  for (double x : series) value(x, digits);
  return end_array();
}

std::string json_quote(std::string_view text, JsonEscaping escaping)
{
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20 || (escaping == JsonEscaping::for_html && (c == '<' || c == '>' || c == '&'))) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        out += buf;
      } else {
        out += ch;
      }
    }
  }
  out += '"';
  return out;
}

} // namespace bordersim
