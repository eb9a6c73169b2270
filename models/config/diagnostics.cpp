#include "models/config/diagnostics.hpp"

#include <cstdio>

namespace bordersim {
namespace {

// A message is read by a person: past this, the rest of a runaway value only floods the terminal.
constexpr std::size_t kMaxShownBytes = 1000;

std::string shown(std::string_view text)
{
  if (text.size() <= kMaxShownBytes) return escape_for_terminal(text);
  std::size_t cut = 0;
  while (cut < kMaxShownBytes) {
    const std::size_t bytes = next_code_point(text.substr(cut)).bytes;
    if (cut + bytes > kMaxShownBytes) break;
    cut += bytes;
  }
  return escape_for_terminal(text.substr(0, cut)) + " [... " + std::to_string(text.size() - cut) + " more bytes]";
}

} // namespace

CodePoint next_code_point(std::string_view text)
{
  if (text.empty()) return {std::nullopt, 0};
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80) return {static_cast<char32_t>(lead), 1};
  std::size_t length = 0;
  char32_t value = 0;
  char32_t smallest = 0; // below this the sequence is overlong
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1Fu;
    smallest = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0Fu;
    smallest = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07u;
    smallest = 0x10000;
  } else {
    return {};
  }
  if (text.size() < length) return {};
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next & 0xC0u) != 0x80u) return {};
    value = (value << 6) | (next & 0x3Fu);
  }
  if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

bool is_control_character(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

std::string escape_for_terminal(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const CodePoint c = next_code_point(text.substr(at));
    if (c.value && !is_control_character(*c.value)) {
      out.append(text.substr(at, c.bytes));
    } else {
      for (std::size_t i = 0; i < c.bytes; ++i) {
        char escaped[5];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(text[at + i]));
        out += escaped;
      }
    }
    at += c.bytes;
  }
  return out;
}

std::string Diagnostic::format() const
{
  // A file that cannot be read has no line to point at: "file: message".
  if (location.line == 0) return escape_for_terminal(location.file) + ": " + shown(message);
  std::string text = escape_for_terminal(location.file) + ":" + std::to_string(location.line) + ":" +
                     std::to_string(location.column) + ": " + (key_path.empty() ? std::string("(document)") : shown(key_path)) +
                     ": ";
  if (severity == Severity::Warning) text += "warning: ";
  return text + shown(message);
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
