#include "models/formats/json_reader.hpp"

#include <stdexcept>

#include "models/formats/units.hpp"
#include "models/formats/utf8.hpp"

namespace bordersim {

namespace {

// Nesting beyond this is refused rather than overflowing the stack: the parser recurses once per level, and
// the files read (run_info.json) nest three levels deep.
constexpr int kMaxDepth = 64;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

class JsonParser {
public:
  JsonParser(std::string_view text, const std::string& source) : s_(text), source_(source) {}

  JsonValue document()
  {
    JsonValue v = value(0);
    skip_space();
    if (i_ != s_.size()) fail("unexpected text after the JSON value");
    return v;
  }

private:
  [[noreturn]] void fail(const std::string& message) const { fail_at(i_, message); }

  [[noreturn]] void fail_at(std::size_t at, const std::string& message) const
  {
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t k = 0; k < at && k < s_.size(); ++k)
      if (s_[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
    throw std::runtime_error(source_ + ":" + std::to_string(line) + ":" + std::to_string(at - line_start + 1) + ": " + message);
  }

  void skip_space()
  {
    // Line ends occur only in white space (a string holds none), so counting them here locates every value.
    for (; i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t'); ++i_)
      if (s_[i_] == '\n') {
        ++line_;
        line_start_ = i_ + 1;
      }
  }

  /// The next character after white space; fails at the end of the text.
  char peek(const char* wanted)
  {
    skip_space();
    if (i_ == s_.size()) fail(std::string("the text ends where ") + wanted + " was expected");
    return s_[i_];
  }

  void expect(char c, const char* wanted)
  {
    if (peek(wanted) != c) fail(std::string("expected ") + wanted);
    ++i_;
  }

  /// At an opening bracket: reads comma-separated elements up to `closer`, none at all included.
  template <class ReadElement> void elements(char closer, const std::string& element, ReadElement read_element)
  {
    const std::string closing = std::string("'") + closer + "'";
    const std::string after_element = "',' or " + closing + " after " + element;
    ++i_;
    if (peek((element + " or " + closing).c_str()) == closer) {
      ++i_;
      return;
    }
    for (;;) {
      read_element();
      if (peek(after_element.c_str()) != ',') break;
      ++i_;
    }
    expect(closer, after_element.c_str());
  }

  JsonValue value(int depth)
  {
    if (depth > kMaxDepth) fail("values nested deeper than " + std::to_string(kMaxDepth) + " levels");
    const char c = peek("a value");
    JsonValue v;
    v.line = line_;
    v.column = static_cast<int>(i_ - line_start_ + 1);
    if (c == '{') {
      v.kind = JsonValue::Kind::object;
      elements('}', "a member", [&] {
        if (peek("a key") != '"') fail("expected a key in double quotes");
        std::string key = string();
        expect(':', "':' after a key");
        v.members.push_back(JsonMember{std::move(key), value(depth + 1)});
      });
      return v;
    }
    if (c == '[') {
      v.kind = JsonValue::Kind::array;
      elements(']', "an element", [&] { v.items.push_back(value(depth + 1)); });
      return v;
    }
    if (c == '"') {
      v.kind = JsonValue::Kind::string;
      v.text = string();
      return v;
    }
    if (c == '-' || is_digit(c)) {
      v.kind = JsonValue::Kind::number;
      v.text = number();
      return v;
    }
    for (const auto& [word, kind] : {std::pair{std::string_view("true"), JsonValue::Kind::boolean},
                                     std::pair{std::string_view("false"), JsonValue::Kind::boolean},
                                     std::pair{std::string_view("null"), JsonValue::Kind::null}}) {
      if (s_.substr(i_).starts_with(word)) {
        i_ += word.size();
        v.kind = kind;
        if (kind == JsonValue::Kind::boolean) v.text = word;
        return v;
      }
    }
    fail("expected a value (object, array, string, number, true, false or null)");
  }

  /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, returned as written.
  std::string number()
  {
    const std::size_t start = i_;
    const auto digits = [&] {
      const std::size_t first = i_;
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
      if (i_ == first) fail("a digit is missing in a number");
      return i_ - first;
    };
    if (s_[i_] == '-') ++i_;
    const bool leading_zero = i_ < s_.size() && s_[i_] == '0';
    if (digits() > 1 && leading_zero) fail_at(start, "a number cannot start with 0");
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      digits();
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      digits();
    }
    return std::string(s_.substr(start, i_ - start));
  }

  unsigned hex4()
  {
    if (s_.size() - i_ < 4) fail("\\u needs four hexadecimal digits");
    unsigned code = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[i_++];
      code <<= 4;
      if (is_digit(h)) code |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') code |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') code |= static_cast<unsigned>(h - 'A' + 10);
      else fail_at(i_ - 1, "\\u needs four hexadecimal digits");
    }
    return code;
  }

  /// At the opening quote; returns the characters with escapes resolved.
  std::string string()
  {
    const std::size_t start = i_;
    ++i_;
    std::string out;
    for (;;) {
      if (i_ == s_.size()) fail_at(start, "unterminated string");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail_at(i_ - 1, "a control character must be escaped in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ == s_.size()) fail_at(start, "unterminated string");
      const char e = s_[i_++];
      switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        const std::size_t escape_at = i_ - 2;
        unsigned code = hex4();
        if (code >= 0xDC00 && code <= 0xDFFF) fail_at(escape_at, "a low surrogate without a high one");
        if (code >= 0xD800 && code <= 0xDBFF) {
          // Outside the basic plane: a UTF-16 pair of escapes.
          if (s_.substr(i_, 2) != "\\u") fail_at(escape_at, "a high surrogate without a low one");
          i_ += 2;
          const unsigned low = hex4();
          if (low < 0xDC00 || low > 0xDFFF) fail_at(escape_at, "a high surrogate without a low one");
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, code);
        break;
      }
      default: fail_at(i_ - 2, std::string("unknown escape \\") + e);
      }
    }
  }

  std::string_view s_;
  const std::string& source_;
  std::size_t i_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
};

} // namespace

const JsonValue* JsonValue::find(std::string_view key) const
{
  const JsonValue* found = nullptr;
  for (const auto& [name, member] : members)
    if (name == key) found = &member;
  return found;
}

std::optional<double> JsonValue::number() const
{
  if (kind != Kind::number) return std::nullopt;
  return parse_number_exact(text);
}

JsonValue parse_json(std::string_view text, const std::string& source) { return JsonParser(text, source).document(); }

JsonValue read_json_file(const std::string& path, std::uint64_t max_bytes)
{
  return parse_json(read_input_file(path, max_bytes), path);
}

} // namespace bordersim
