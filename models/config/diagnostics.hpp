// Located scenario errors and warnings, collected in one pass and reported together.
#pragma once

#include <string>
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

  /// "file:line:col: key.path: message" (warnings say "warning:" before the message).
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

} // namespace bordersim
