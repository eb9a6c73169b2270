// JSON text: run_info.json (indented, one member a line) and the report's data island (compact, safe to place
// inside an HTML <script> element).
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bordersim {

enum class JsonEscaping {
  minimal,  // only what JSON requires: quote, backslash, control characters
  for_html, // also <, > and &, so that no "</script>" or "<!--" can appear in the text
};

struct JsonStyle {
  JsonEscaping escaping = JsonEscaping::for_html;
  /// Spaces per level, each object member on its own line and ": " after keys; arrays stay on one line with
  /// ", " between elements. 0: everything on one line without spaces.
  int indent = 0;
};

/// Appends JSON tokens in order; commas, line breaks and indentation are placed automatically.
class JsonWriter {
public:
  explicit JsonWriter(JsonStyle style = {}) : style_(style) {}

  JsonWriter& begin_object() { return open('{', true); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('[', false); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  /// A number with up to `digits` significant digits, in the shortest of fixed and exponent notation; NaN and
  /// infinities become null.
  JsonWriter& value(double number, int digits = 7);
  JsonWriter& value(std::optional<double> number, int digits = 7);
  template <std::integral Integer>
    requires(!std::same_as<Integer, bool>)
  JsonWriter& value(Integer number)
  {
    return token(std::to_string(number));
  }
  JsonWriter& value(bool flag) { return token(flag ? "true" : "false"); }
  JsonWriter& null() { return token("null"); }
  /// A number as format_number writes it (fixed notation, never an exponent); NaN and infinities become null.
  JsonWriter& fixed(double number, int significant_digits);
  /// An array of numbers in one call (the series of a chart).
  JsonWriter& numbers(const std::vector<double>& series, int digits = 5);

  const std::string& text() const { return out_; }

private:
  struct Container {
    bool is_object;
    bool empty = true;
  };
  JsonWriter& open(char bracket, bool is_object);
  JsonWriter& close(char bracket);
  JsonWriter& token(std::string_view text);
  void separate();
  void new_line(std::size_t depth);
  JsonStyle style_;
  std::string out_;
  std::vector<Container> open_;
  bool after_key_ = false;
};

/// `text` as a JSON string literal.
std::string json_quote(std::string_view text, JsonEscaping escaping = JsonEscaping::for_html);

} // namespace bordersim
