#include "models/config/diagnostics.hpp"

namespace bordersim {

std::string Diagnostic::format() const
{
  std::string text = location.file + ":" + std::to_string(location.line) + ":" + std::to_string(location.column) + ": " +
                     (key_path.empty() ? std::string("(document)") : key_path) + ": ";
  if (severity == Severity::Warning) text += "warning: ";
  return text + message;
}

void Diagnostics::error(const SourceLocation& where, std::string key_path, std::string message)
{
  items_.push_back({where, std::move(key_path), std::move(message), Severity::Error});
}

void Diagnostics::warning(const SourceLocation& where, std::string key_path, std::string message)
{
  items_.push_back({where, std::move(key_path), std::move(message), Severity::Warning});
}

bool Diagnostics::has_errors() const
{
  for (const auto& d : items_)
    if (d.severity == Severity::Error) return true;
  return false;
}

} // namespace bordersim
