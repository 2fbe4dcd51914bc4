// libFuzzer target over the scenario loader (scripts/fuzz.sh runs it).
//
// The input is TOML text, optionally followed by `--set` overrides: the bytes
// before the first NUL are the scenario, each NUL-separated piece after it is
// one "key.path=value". load_check.hpp says what counts as a finding.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/load_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t end_of_text = input.find('\0');
  const std::vector<std::string> overrides =
      end_of_text == std::string_view::npos
          ? std::vector<std::string>()
          : omnisim::fuzz::split_at_nul(input.substr(end_of_text + 1));
  omnisim::fuzz::check_load(input.substr(0, end_of_text), "fuzz.toml", overrides);
  return 0;
}
