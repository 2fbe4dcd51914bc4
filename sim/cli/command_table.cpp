#include <algorithm>
#include <array>
#include <iomanip>
#include <sstream>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/core/version.hpp"

namespace omnisim::cli {
namespace {

// A command that runs as one process (main refuses it on several ranks).
template <int (*Run)(const std::vector<std::string>&)>
int one_process(const std::vector<std::string>& args, Communicator& /*world*/) {
  return Run(args);
}

constexpr std::array kCommands{
    Command{"compare", "compare", "every strategy on the same customers, with paired differences",
            compare_command, true},
    Command{"run", "run", "one strategy", run_command, true},
    Command{"facts", "facts", "the default scenario against the stylised facts (docs/model.md §10)",
            one_process<facts_command>},
    Command{"explain", "explain", "how much of a strategy difference each mechanism carries",
            one_process<explain_command>},
    Command{"events", "events", "every customer event as CSV, JSON lines or HDF5, in time order",
            events_command, true},
    Command{"sweep", "sweep FILE",
            "a sweep file's points x replications x strategies, resumable, to one HDF5 file",
            sweep_command, true},
    Command{"merge", "merge OUT SHARD...", "the shard files of one sweep as one file",
            one_process<merge_command>},
    Command{"summarize", "summarize RESULTS.h5",
            "a sweep: each point's intervals, who wins where, tidy CSV, SALib/EMA layouts",
            one_process<summarize_command>},
    Command{"sensitivity", "sensitivity RESULTS.h5",
            "Sobol' indices or Morris effects of a KPI (or a strategy difference)",
            one_process<sensitivity_command>},
    Command{"verdict", "verdict RESULTS.h5",
            "a sweep: where the target strategy's lead changes sign (break-even regions)",
            one_process<verdict_command>},
    Command{"calibrate", "calibrate", "free scenario parameters fitted to KPI targets (NLopt)",
            one_process<calibrate_command>},
    Command{"fit", "fit TRANSACTIONS",
            "BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma fitted to a transaction log",
            one_process<fit_command>},
    Command{"score-clv", "score-clv",
            "CLV models fitted to the simulated log and scored against its holdout",
            one_process<score_clv_command>},
    Command{"attribute", "attribute",
            "attribution models' channel credits next to counterfactual truth",
            one_process<attribute_command>},
    Command{"report", "report RESULTS.h5",
            "a results file as an HTML page with charts, self-contained",
            one_process<report_command>},
    Command{"validate", "validate FILE", "check a scenario file and report every problem",
            one_process<validate_command>},
    Command{"scenario", "scenario show",
            "print the effective scenario (defaults filled in) as TOML",
            one_process<scenario_command>},
};

}  // namespace

std::span<const Command> commands() {
  return kCommands;
}

const Command& find_command(std::string_view name) {
  for (const auto& command : kCommands) {
    if (command.name == name) return command;
  }
  std::vector<std::string> names;
  names.reserve(std::size(kCommands));
  for (const auto& command : kCommands)
    names.emplace_back(command.name);
  throw InputError(unknown_name("command", "commands", name, names) + "; see omnisim --help");
}

std::string program_version() {
  // A stream, not a chain of operator+: GCC 12 at -O1 (the TSan build)
  // warns falsely of array bounds in the chain.
  std::ostringstream text;
  text << "omnisim " << kVersion << " (git " << kGitSha << ", " << kBuildType << " build)\n";
  return text.str();
}

std::string program_usage() {
  std::ostringstream usage;
  usage << "omnisim " << kVersion
        << " - agent-based simulator of omnichannel customer journeys\n\n"
           "Usage: omnisim <command> [options]\n\n"
           "Commands:\n";
  std::size_t width = 0;
  for (const auto& command : kCommands)
    width = std::max(width, std::string_view(command.synopsis).size());
  for (const auto& command : kCommands) {
    usage << "  " << std::left << std::setw(static_cast<int>(width + 2)) << command.synopsis
          << command.summary << '\n';
  }
  usage << "\nomnisim --version prints the version, commit and build type.\n"
           "Each command takes --help. Exit codes: 0 ok, 2 usage or input error, 1 runtime "
           "error.\n";
  return usage.str();
}

}  // namespace omnisim::cli
