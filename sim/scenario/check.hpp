#pragma once
// Problems found in a scenario, and the checks that span several keys
// (names that must refer to channels, shares that must add up, ...).

#include <map>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace omnisim {

class Diagnostics {
 public:
  void add(const std::string& location, const std::string& key_path, const std::string& message);
  bool empty() const { return problems_.empty(); }
  // Throws InputError with every problem, in the order found.
  void throw_if_any() const;

 private:
  std::vector<std::string> problems_;
};

// Where each key path was written ("file:line:column" or "--set ...").
struct Locations {
  const std::map<std::string, std::string>& by_path;
  std::string fallback;
  // The location of `path`, or of its nearest parent that has one.
  std::string of(std::string path) const;
};

void check_references(const Scenario& scenario, const Locations& locations,
                      Diagnostics& diagnostics);

}  // namespace omnisim
