#pragma once
// Options and steps shared by the omnisim commands: the scenario options
// (--scenario, --set and shorthands), the execution options (--threads,
// --out, --trace-customer, ...), and running an experiment with its
// progress line and results file.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <tbb/global_control.h>

#include "sim/cli/interrupt.hpp"
#include "sim/io/results_file.hpp"
#include "sim/kpi/results.hpp"
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
  bool force = false;
  bool no_out = false;
  bool customers_table = false;
  bool quiet = false;
  std::optional<std::uint64_t> trace_customer;

  // Without `per_customer_outputs`, no --customers-table and --trace-customer.
  void add_to(po::options_description& options, const std::string& default_out,
              bool per_customer_outputs = true);
  void read(const po::variables_map& values);
  void check(const Model& model) const;
  int effective_threads() const;
};

// Parses `args` against `options` (adding --help); false after printing
// help when --help was given.
bool parse(const std::vector<std::string>& args, po::options_description& options,
           po::variables_map& values, const std::string& usage,
           const po::positional_options_description* positional = nullptr);

// Slot of the strategy called `name` among `strategies`; InputError naming
// `option` if there is none.
int strategy_slot_by_name(const Model& model, const std::vector<int>& strategies,
                          const std::string& name, const std::string& option);

// What a simulating command holds while it runs, in construction order: the
// TBB thread allowance (process-wide, so the command's business, not the
// library's), the guard that removes the results file's temporary on Ctrl-C
// (armed before the file exists, released after it is gone), and the
// results file itself unless --no-out.
class CommandRun {
 public:
  CommandRun(const ExecutionOptions& execution, const Model& model, const std::string& command,
             bool customers_table);
  ResultsFile* file() { return file_ ? &*file_ : nullptr; }

 private:
  std::optional<tbb::global_control> thread_allowance_;
  std::optional<RemoveOnInterrupt> interrupt_guard_;
  std::optional<ResultsFile> file_;
};

struct Experiment {
  const Model& model;
  std::vector<int> strategies;
  const ExecutionOptions& execution;
  std::string command;
  std::string source_name;
  // Adds command-specific groups to the results file before it is committed.
  std::function<void(ResultsFile&, const ExperimentResults&)> extend_file;
};

// Runs the experiment with a progress line, writes the results file (unless
// --no-out) and returns the results.
ExperimentResults execute(const Experiment& experiment);

void print_header(const Model& model, const ExperimentResults& results, double confidence);

}  // namespace omnisim::cli
