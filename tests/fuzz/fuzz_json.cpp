// The JSON reader on any text: a value or a located error, never a crash or a stack overflow.
#include <stdexcept>

#include "models/formats/json_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  try {
    (void)bordersim::parse_json(bordersim::fuzz::as_text(data, size), "input.json");
  } catch (const std::runtime_error&) {
  }
  return 0;
}
