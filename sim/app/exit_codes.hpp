// The exit-code contract (README.md, "Exit codes"), and main's last line of defence: whatever a command throws
// becomes a code and one line on standard error, never std::terminate.
#pragma once

#include <csignal>
#include <cstdio>
#include <exception>

#include "sim/engine/replication_pool.hpp"

namespace bordersim {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1; // failure while running, with its cause (check: a metric moved)
inline constexpr int kExitUsage = 2;   // usage or input error, located

/// Says which signal stopped the command and returns 128 + the signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
inline int interrupted_exit(int signal, std::FILE* messages)
{
  const char* name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : signal == SIGHUP ? "SIGHUP" : "a signal";
  std::fprintf(messages, "bordersim: interrupted by %s\n", name);
  return 128 + signal;
}

/// Runs `command` and returns its exit code. Interrupted becomes 128 + its signal; any other exception, even
/// one that is no std::exception, exit 1 with one line on `messages` saying what it was.
template <class Command> int exit_code_of(Command&& command, std::FILE* messages)
{
  try {
    return command();
  } catch (const Interrupted& interrupted) {
    return interrupted_exit(interrupted.signal, messages);
  } catch (const std::exception& e) {
    std::fprintf(messages, "bordersim: %s\n", e.what());
  } catch (...) {
    std::fprintf(messages, "bordersim: failed for an unknown reason\n");
  }
  return kExitFailure;
}

} // namespace bordersim
