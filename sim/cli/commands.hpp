#pragma once
// The omnisim subcommands. Each parses its own options (with --help) and
// returns an exit code; errors are thrown and mapped by `main`.

#include <string>
#include <vector>

namespace omnisim::cli {

int run_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int scenario_command(const std::vector<std::string>& args);
int facts_command(const std::vector<std::string>& args);
int explain_command(const std::vector<std::string>& args);

// Usage of the whole program.
std::string program_usage();

}  // namespace omnisim::cli
