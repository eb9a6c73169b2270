// Compact JSON text for the data the report's script draws, safe to place inside an HTML <script> element.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bordersim::viz {

/// Appends JSON tokens in order; commas are placed automatically.
class JsonWriter {
public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  /// A number with up to `digits` significant digits; NaN and infinities become null.
  JsonWriter& value(double number, int digits = 7);
  JsonWriter& value(std::optional<double> number, int digits = 7);
  JsonWriter& value(int number);
  JsonWriter& value(std::size_t number);
  JsonWriter& value(bool flag);
  JsonWriter& null();
  /// An array of numbers in one call (the series of a chart).
  JsonWriter& numbers(const std::vector<double>& series, int digits = 5);

  const std::string& text() const { return out_; }

private:
  void separate();
  std::string out_;
  std::vector<bool> first_; // per open container: no element written yet
  bool after_key_ = false;
};

/// `text` as a JSON string literal, with <, > and & escaped so that no "</script>" can appear.
std::string json_quote(std::string_view text);

} // namespace bordersim::viz
