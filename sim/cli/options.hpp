#pragma once
// Options shared by the omnisim commands: the scenario options (--scenario,
// --set and shorthands) and the execution options (--threads, --out,
// --trace-customer, ...), and their parsing.

#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/core/communicator.hpp"
#include "sim/core/error.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim::cli {

namespace po = boost::program_options;

struct ScenarioOptions {
  std::string scenario_path;  // empty: the built-in scenario
  std::vector<std::string> sets;
  std::optional<std::int64_t> seed, customers, replications;

  void add_to(po::options_description& options);
  void read(const po::variables_map& values);
  Scenario load() const;
  std::string source_name() const;
};

struct ExecutionOptions {
  int threads = 0;
  std::string out;
  std::string report;  // HTML report of the results file, if asked
  bool force = false;
  bool no_out = false;
  bool customers_table = false;
  bool quiet = false;
  std::optional<std::uint64_t> trace_customer;
  // The ranks of an MPI job the runs are split between (null: this process
  // alone); only rank 0 writes files.
  Communicator* world = nullptr;

  // Without `per_customer_outputs`, no --customers-table and --trace-customer.
  void add_to(po::options_description& options, const std::string& default_out,
              bool per_customer_outputs = true);
  void read(const po::variables_map& values);
  // Checks the options against the model, and that `n_strategies` runs of
  // each replication fit in memory.
  void check(const Model& model, std::size_t n_strategies) const;
  int effective_threads() const;
  bool writes() const { return world == nullptr || world->rank() == 0; }
  // Runs on `ranks`; without --threads, the ranks on one machine share its cores.
  void run_on(Communicator& ranks);
};

// The most worker threads any command starts: more would only exhaust the
// process's threads (a sweep once started 14,334 and aborted).
inline constexpr int kMaxThreads = 1024;

// InputError unless `threads` is 0 (every core) or 1..kMaxThreads.
void check_threads(int threads);

// `threads`, or without --threads (0) on several ranks of one machine, their
// share of its cores.
int threads_on(const Communicator& world, int threads);

// Parses `args` against `options` (adding --help); false after printing
// help when --help was given.
bool parse(const std::vector<std::string>& args, po::options_description& options,
           po::variables_map& values, const std::string& usage,
           const po::positional_options_description* positional = nullptr);

// Slot of the strategy called `name` among `strategies`; InputError naming
// `option` if there is none.
int strategy_slot_by_name(const Model& model, const std::vector<int>& strategies,
                          const std::string& name, const std::string& option);

// Runs `step`; an InputError it throws comes back with `option` ("--kpis")
// in front of each problem, so a library message that names keys and values
// also names the flag the user typed.
template <class Step>
auto naming_option(const std::string& option, Step&& step) -> decltype(step()) {
  try {
    return step();
  } catch (const InputError& error) {
    std::vector<std::string> problems;
    for (const auto& problem : error.problems())
      problems.push_back(option + ": " + problem);
    throw InputError(std::move(problems));
  }
}

}  // namespace omnisim::cli
