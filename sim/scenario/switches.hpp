#pragma once
// Every on/off switch of the model by name ("habit", "click_and_collect",
// ...), for commands that turn mechanisms off one at a time.

#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace omnisim {

// Mechanisms first, then bridges, in the order the scenario lists them.
const std::vector<std::string>& switch_names();

// The `enabled` flag of a mechanism or bridge; throws InputError if unknown.
bool& switch_of(Scenario& scenario, const std::string& name);

}  // namespace omnisim
