#pragma once
// The omnisim subcommands, listed once: main dispatches through this table
// and the program's usage is written from it. Each command parses its own
// options (with --help) and returns an exit code; errors are thrown and
// mapped by `main`.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/communicator.hpp"

namespace omnisim::cli {

struct Command {
  std::string_view name;
  std::string_view synopsis;  // how the usage shows it, e.g. "validate FILE"
  std::string_view summary;
  // `world`: the ranks of an MPI job, or this process alone.
  int (*run)(const std::vector<std::string>& args, Communicator& world);
  bool on_ranks = false;  // runs under mpirun on several ranks
};

// Every subcommand, in the order the usage lists them.
std::span<const Command> commands();

// The command called `name`; InputError naming every command if none.
const Command& find_command(std::string_view name);

// Usage of the whole program.
std::string program_usage();
// `omnisim 0.x.y (git abc123def456, Release build)`: what --version prints.
std::string program_version();

int run_command(const std::vector<std::string>& args, Communicator& world);
int compare_command(const std::vector<std::string>& args, Communicator& world);
int validate_command(const std::vector<std::string>& args);
int scenario_command(const std::vector<std::string>& args);
int facts_command(const std::vector<std::string>& args);
int explain_command(const std::vector<std::string>& args);
int events_command(const std::vector<std::string>& args, Communicator& world);
int report_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args, Communicator& world);
int merge_command(const std::vector<std::string>& args);
int summarize_command(const std::vector<std::string>& args);
int sensitivity_command(const std::vector<std::string>& args);
int verdict_command(const std::vector<std::string>& args);
int calibrate_command(const std::vector<std::string>& args);
int fit_command(const std::vector<std::string>& args);
int score_clv_command(const std::vector<std::string>& args);
int attribute_command(const std::vector<std::string>& args);

}  // namespace omnisim::cli
