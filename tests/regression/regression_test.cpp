// Regression tier: each folder of tests/regression holds a command (and
// optionally a scenario) whose results are pinned in `reference.txt` -- the
// mean of every KPI per strategy over the replications (and, for `explain`,
// every term of the waterfall) at 10 significant digits. A refactor must
// leave every reference unchanged; a change of behaviour rewrites them with
// scripts/update-regression.sh, so it is a reviewed diff.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/hdf5_read.hpp"
#include "tests/support/shell.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim {
namespace {

namespace fs = std::filesystem;

const fs::path kCasesDirectory = fs::path(OMNISIM_SOURCE_DIR) / "tests" / "regression";

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCasesDirectory)) {
    if (entry.is_directory() && fs::exists(entry.path() / "command")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The command file: one argument per line; blank lines and '#' comments
// skipped; "@every-mechanism-off" stands for a --set switching off each
// mechanism and bridge of the registry (sim/scenario/registry.hpp), so no
// case lists them by hand.
std::vector<std::string> read_arguments(const fs::path& path) {
  std::vector<std::string> arguments;
  std::istringstream lines(testing::read_text(path));
  for (std::string line; std::getline(lines, line);) {
    const auto begin = line.find_first_not_of(" \t");
    if (begin == std::string::npos || line[begin] == '#') continue;
    const auto end = line.find_last_not_of(" \t");
    const std::string argument = line.substr(begin, end - begin + 1);
    if (argument == "@every-mechanism-off") {
      for (const auto& setting : testing::every_mechanism_off())
        arguments.push_back("--set=" + setting);
      continue;
    }
    arguments.push_back(argument);
  }
  return arguments;
}

std::string significant(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

// Means over the replications, in a fixed order, one line per value.
std::string summarise(const fs::path& results) {
  std::ostringstream out;
  const auto strategies = testing::read_strings(results, "/kpi/strategy");
  const auto kpis = testing::read_strings(results, "/kpi/kpi");
  const auto values = testing::read_doubles(results, "/kpi/values");
  const std::size_t n_replications = values.shape.at(1);
  for (std::size_t s = 0; s < strategies.size(); ++s) {
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      double sum = 0.0;
      for (std::size_t r = 0; r < n_replications; ++r) {
        sum += values.values[(s * n_replications + r) * kpis.size() + k];
      }
      out << "kpi " << strategies[s] << ' ' << kpis[k] << ' '
          << significant(sum / static_cast<double>(n_replications)) << '\n';
    }
  }
  if (testing::has_object(results, "/explain")) {
    const auto explained = testing::read_strings(results, "/explain/kpi");
    const auto terms = testing::read_strings(results, "/explain/term");
    const auto means = testing::read_doubles(results, "/explain/mean");
    for (std::size_t k = 0; k < explained.size(); ++k) {
      for (std::size_t t = 0; t < terms.size(); ++t) {
        out << "explain " << explained[k] << ' ' << terms[t] << ' '
            << significant(means.values[k * terms.size() + t]) << '\n';
      }
    }
  }
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    lines.push_back(line);
  return lines;
}

constexpr const char* kHeader =
    "# omnisim regression reference (tests/regression/regression_test.cpp): the mean over\n"
    "# replications of every KPI per strategy, 10 significant digits. Rewrite it with\n"
    "# scripts/update-regression.sh only when a change of behaviour is intended.\n";

class Regression : public ::testing::TestWithParam<std::string> {};

TEST_P(Regression, ReproducesItsReference) {
  const fs::path case_directory = kCasesDirectory / GetParam();
  const fs::path work = fs::temp_directory_path() / ("omnisim-regression-" + GetParam());
  fs::remove_all(work);
  fs::create_directories(work);
  const fs::path results = work / "results.h5";

  std::string command = "cd " + testing::shell_quote(case_directory.string()) + " && " +
                        testing::shell_quote(OMNISIM_BINARY);
  for (const auto& argument : read_arguments(case_directory / "command"))
    command += ' ' + testing::shell_quote(argument);
  command += " --quiet --out " + testing::shell_quote(results.string()) + " > " +
             testing::shell_quote((work / "out").string()) + " 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_EQ(status, 0) << command << '\n' << testing::read_text(work / "out");

  const std::string actual = kHeader + summarise(results);
  const fs::path reference = case_directory / "reference.txt";
  if (std::getenv("OMNISIM_UPDATE_REGRESSION") != nullptr) {
    std::ofstream(reference) << actual;
    std::cout << "rewrote " << reference << '\n';
  } else {
    ASSERT_TRUE(fs::exists(reference))
        << reference << " is missing: run scripts/update-regression.sh";
    const std::string expected = testing::read_text(reference);
    if (actual != expected) {
      // Name the lines that moved, not just "differs".
      const auto want = lines_of(expected), got = lines_of(actual);
      std::string report;
      int shown = 0;
      for (std::size_t i = 0; i < std::max(want.size(), got.size()) && shown < 20; ++i) {
        const std::string a = i < want.size() ? want[i] : "(none)";
        const std::string b = i < got.size() ? got[i] : "(none)";
        if (a != b) {
          report += "  reference: " + a + "\n  now:       " + b + '\n';
          ++shown;
        }
      }
      std::ofstream(work / "actual.txt") << actual;
      FAIL() << GetParam() << ": results differ from " << reference << " (whole output in "
             << (work / "actual.txt") << ")\n"
             << report;
    }
  }
  if (!HasFailure()) fs::remove_all(work);
}

INSTANTIATE_TEST_SUITE_P(Cases, Regression, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

}  // namespace
}  // namespace omnisim
