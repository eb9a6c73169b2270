// main's guard: whatever a command throws becomes an exit code and one line, never std::terminate. (Each
// command's codes, as a user meets them, are tested in tests/system/test_exit_codes.cpp.)
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "sim/app/exit_codes.hpp"

using namespace bordersim;

namespace {

/// The exit code of `command` under the guard, and what it wrote for the user.
template <class Command> std::pair<int, std::string> guarded(Command command)
{
  std::FILE* messages = std::tmpfile();
  REQUIRE(messages);
  const int code = exit_code_of(command, messages);
  std::rewind(messages);
  std::string text;
  for (int c; (c = std::fgetc(messages)) != EOF;) text += static_cast<char>(c);
  std::fclose(messages);
  return {code, text};
}

} // namespace

TEST_CASE("main's guard: a command's own code passes through, silently", "[exit-codes]")
{
  for (const int code : {kExitSuccess, kExitFailure, kExitUsage}) CHECK(guarded([&] { return code; }) == std::pair{code, std::string()});
}

TEST_CASE("main's guard: an exception that escaped every command becomes exit 1 with its message", "[exit-codes]")
{
  CHECK(guarded([]() -> int { throw std::runtime_error("disk on fire"); }) ==
        std::pair{kExitFailure, std::string("bordersim: disk on fire\n")});
  CHECK(guarded([]() -> int { throw std::bad_alloc(); }) == std::pair{kExitFailure, std::string("bordersim: std::bad_alloc\n")});
  // Not even a std::exception: still one line and exit 1, no std::terminate.
  CHECK(guarded([]() -> int { throw 42; }) == std::pair{kExitFailure, std::string("bordersim: failed for an unknown reason\n")});
}

TEST_CASE("main's guard: an interruption becomes 128 + the signal, named once", "[exit-codes]")
{
  CHECK(guarded([]() -> int { throw Interrupted{SIGINT}; }) == std::pair{130, std::string("bordersim: interrupted by SIGINT\n")});
  CHECK(guarded([]() -> int { throw Interrupted{SIGTERM}; }) == std::pair{143, std::string("bordersim: interrupted by SIGTERM\n")});
  CHECK(guarded([]() -> int { throw Interrupted{SIGHUP}; }) == std::pair{129, std::string("bordersim: interrupted by SIGHUP\n")});
}
