#include "viz/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace bordersim::viz {

void JsonWriter::separate()
{
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::begin_object()
{
  separate();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object()
{
  out_ += '}';
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::begin_array()
{
  separate();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array()
{
  out_ += ']';
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name)
{
  separate();
  out_ += json_quote(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text)
{
  separate();
  out_ += json_quote(text);
  return *this;
}

JsonWriter& JsonWriter::value(double number, int digits)
{
  separate();
  if (!std::isfinite(number)) {
    out_ += "null";
    return *this;
  }
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number, std::chars_format::general, digits);
  std::string_view text(buf, ec == std::errc() ? static_cast<std::size_t>(end - buf) : 0);
  if (text == "-0") text = "0";
  out_ += text.empty() ? std::string_view("null") : text;
  return *this;
}

JsonWriter& JsonWriter::value(std::optional<double> number, int digits)
{
  return number ? value(*number, digits) : null();
}

JsonWriter& JsonWriter::value(int number)
{
  separate();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(std::size_t number)
{
  separate();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
  separate();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null()
{
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::numbers(const std::vector<double>& series, int digits)
{
  begin_array();
  for (double x : series) value(x, digits);
  return end_array();
}

std::string json_quote(std::string_view text)
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
      // <, > and & as escapes: the JSON sits inside a <script> element.
      if (c < 0x20 || c == '<' || c == '>' || c == '&') {
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

} // namespace bordersim::viz
