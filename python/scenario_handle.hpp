#pragma once
// omnisim.Scenario: a scenario file (or the built-in one) and the overrides
// set on it, in order, always valid: an override that makes it invalid is
// refused with the loader's InputError and not kept. What the CLI's
// --scenario and --set make.

#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace omnisim::python {

class ScenarioHandle {
 public:
  // `path` empty: the built-in scenario.
  explicit ScenarioHandle(std::string path = {});

  // Adds "key=value" (value as TOML text) after the others; InputError, and
  // nothing changed, if the scenario would be invalid.
  void set(const std::string& key, const std::string& toml_value);

  const std::string& path() const { return path_; }
  const std::vector<std::string>& overrides() const { return overrides_; }
  const Scenario& scenario() const { return scenario_; }
  // How messages and results name it: the file, or the built-in's name.
  std::string source_name() const;

 private:
  std::string path_;
  std::vector<std::string> overrides_;
  Scenario scenario_;
};

}  // namespace omnisim::python
