#pragma once
// What the scenario tests share: a small valid scenario, and the problems
// the loader reports for a text.

#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::testing {

// A small valid scenario; tests append or override keys.
inline const std::string kMinimalScenario = R"([simulation]
customers = 10

[analysis]
baseline = "only"

[segments.all]
share = 1.0

[channels.web]
kind = "digital"
stage_fit = { consideration = 0.0, decision = 0.0, service = 0.0 }

[strategies.only]
channels = ["web"]
)";

// The loader's problems for `text` named `source_name`, or {} when it loads.
inline std::vector<std::string> scenario_problems(const std::string& text,
                                                  const std::vector<std::string>& overrides = {},
                                                  const std::string& source_name = "test.toml") {
  try {
    load_scenario(text, source_name, overrides);
  } catch (const InputError& error) {
    return error.problems();
  }
  return {};
}

}  // namespace omnisim::testing
