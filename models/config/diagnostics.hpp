// Located scenario errors and warnings, collected in one pass and reported together.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bordersim {

struct SourceLocation {
  std::string file;
  int line = 0;   // 1-based
  int column = 0; // 1-based
};

enum class Severity { Error, Warning };

struct Diagnostic {
  SourceLocation location;
  std::string key_path;
  std::string message;
  Severity severity = Severity::Error;

  /// "file:line:col: key.path: message" (warnings say "warning:" before the message), safe to print on a
  /// terminal: see escape_for_terminal. A key path or message longer than 1000 bytes is cut there.
  std::string format() const;
};

class Diagnostics {
public:
  void error(const SourceLocation& where, std::string key_path, std::string message);
  void warning(const SourceLocation& where, std::string key_path, std::string message);
  bool has_errors() const;
  const std::vector<Diagnostic>& all() const { return items_; }

private:
  std::vector<Diagnostic> items_;
};

/// One UTF-8 character at the start of `text`: its code point and length in bytes. `value` is empty (and
/// `bytes` 1) where the bytes are not UTF-8: a stray byte, a truncated or overlong sequence, a UTF-16 surrogate.
struct CodePoint {
  std::optional<char32_t> value;
  std::size_t bytes = 1;
};
CodePoint next_code_point(std::string_view text);

/// C0 and C1 controls and DEL: what a terminal may act on (ESC starts colour and cursor codes).
bool is_control_character(char32_t c);

/// `text` with every control character and every byte that is not UTF-8 written as \xNN, one per byte, so that
/// what a scenario holds is shown and never acted on. Other scripts (Cyrillic, ...) are kept as they are.
std::string escape_for_terminal(std::string_view text);

} // namespace bordersim
