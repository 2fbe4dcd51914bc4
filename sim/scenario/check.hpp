#pragma once
// Problems found in a scenario, and the checks that span several keys
// (names that must refer to channels, shares that must add up, ...).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace omnisim {

class Diagnostics {
 public:
  void add(const std::string& location, const std::string& key_path, const std::string& message);
  bool empty() const { return problems_.empty(); }
  // Whether a problem was reported at `key_path` or a key inside it: a check
  // derived from that key would only repeat it (a share of "abc" does not
  // also make the shares add up wrong).
  bool reported(std::string_view key_path) const;
  template <class Predicate>
  bool any_reported(Predicate matches) const {
    for (const auto& path : key_paths_)
      if (matches(std::string_view(path))) return true;
    return false;
  }
  // Throws InputError with every problem, in the order found.
  void throw_if_any() const;

 private:
  std::vector<std::string> problems_;
  std::vector<std::string> key_paths_;
};

// Where each key path was written ("file:line:column" or "--set ...").
struct Locations {
  const std::map<std::string, std::string>& by_path;
  std::string fallback;
  // The location of `path`, or of its nearest parent that has one.
  std::string of(std::string path) const;
  // The location of the first of `paths` set by a --set, else of the first:
  // a check over several keys points at the one the user just changed.
  std::string of_changed(std::initializer_list<std::string> paths) const;
};

void check_references(const Scenario& scenario, const Locations& locations,
                      Diagnostics& diagnostics);

}  // namespace omnisim
