// The architecture, checked on the sources: each layer includes only the
// layers below it (scenario -> model -> engine -> kpi -> experiment -> io /
// analysis -> cli), and the engine and the KPI code never see the scenario,
// not even through another header: the frozen Model is their only contract.

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace omnisim::layering_test {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = OMNISIM_SOURCE_DIR;

// The layer of a project path ("sim/engine/run.hpp" -> "sim/engine").
std::string layer_of(const std::string& path) {
  if (path.starts_with("analysis/")) return "analysis";
  const auto second = path.find('/', 4);
  return path.substr(0, second);
}

// What each layer may include directly, itself included.
const std::map<std::string, std::set<std::string>>& allowed() {
  static const std::map<std::string, std::set<std::string>> layers{
      {"sim/core", {"sim/core"}},
      // MPI as a Communicator (sim/core/communicator.hpp): the transport
      // only, beside core; the command makes it.
      {"sim/dist", {"sim/core", "sim/dist"}},
      {"sim/scenario", {"sim/core", "sim/scenario"}},
      {"sim/model", {"sim/core", "sim/scenario", "sim/model"}},
      {"sim/kpi", {"sim/core", "sim/model", "sim/kpi"}},
      {"sim/engine", {"sim/core", "sim/model", "sim/kpi", "sim/engine"}},
      {"sim/experiment",
       {"sim/core", "sim/scenario", "sim/model", "sim/kpi", "sim/engine", "sim/experiment"}},
      {"sim/io", {"sim/core", "sim/model", "sim/kpi", "sim/engine", "sim/io"}},
      {"analysis", {"sim/core", "sim/model", "sim/kpi", "sim/experiment", "sim/io", "analysis"}},
  };
  return layers;
}

// Project includes of a file, as paths from the source root.
std::vector<std::string> includes_of(const fs::path& file) {
  std::vector<std::string> found;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const auto hash = line.find_first_not_of(" \t");
    if (hash == std::string::npos || line.compare(hash, 10, "#include \"") != 0) continue;
    const auto begin = hash + 10;
    const std::string path = line.substr(begin, line.find('"', begin) - begin);
    if (path.starts_with("sim/") || path.starts_with("analysis/")) found.push_back(path);
  }
  return found;
}

std::vector<std::string> sources_in(const std::vector<std::string>& directories) {
  std::vector<std::string> files;
  for (const auto& directory : directories) {
    for (const auto& entry : fs::recursive_directory_iterator(kSource / directory)) {
      const auto extension = entry.path().extension();
      if (extension == ".hpp" || extension == ".cpp") {
        files.push_back(fs::relative(entry.path(), kSource).string());
      }
    }
  }
  return files;
}

TEST(Layering, EachLayerIncludesOnlyTheLayersBelowIt) {
  const auto files = sources_in({"sim", "analysis"});
  ASSERT_GT(files.size(), 40u);
  for (const auto& file : files) {
    const std::string layer = layer_of(file);
    if (layer == "sim/cli") continue;  // the command may use every layer
    const auto rules = allowed().find(layer);
    ASSERT_NE(rules, allowed().end()) << file << ": layer " << layer << " has no rule here";
    for (const auto& include : includes_of(kSource / file)) {
      // version.hpp is generated into the build tree, under sim/core.
      EXPECT_TRUE(rules->second.contains(layer_of(include)))
          << file << " includes " << include << " (" << layer << " may not use "
          << layer_of(include) << ")";
    }
  }
}

TEST(Layering, EngineAndKpiNeverSeeTheScenario) {
  for (const auto& file : sources_in({"sim/engine", "sim/kpi"})) {
    // Every project header reachable from the file.
    std::set<std::string> seen;
    std::vector<std::string> pending{file};
    while (!pending.empty()) {
      const std::string current = pending.back();
      pending.pop_back();
      if (!fs::exists(kSource / current)) continue;  // generated headers
      for (const auto& include : includes_of(kSource / current)) {
        if (seen.insert(include).second) pending.push_back(include);
      }
    }
    for (const auto& header : seen) {
      EXPECT_FALSE(header.starts_with("sim/scenario/") || header.starts_with("sim/cli/"))
          << file << " reaches " << header;
    }
  }
}

}  // namespace
}  // namespace omnisim::layering_test
