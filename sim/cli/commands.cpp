#include "sim/cli/commands.hpp"

#include <iostream>
#include <optional>
#include <sstream>

#include <boost/program_options.hpp>
#include <tbb/info.h>

#include "analysis/comparison.hpp"
#include "analysis/table.hpp"
#include "sim/cli/progress.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/engine/experiment.hpp"
#include "sim/io/results_file.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::cli {
namespace po = boost::program_options;
namespace {

// ------------------------------------------------------------------ options
struct ScenarioOptions {
  std::string scenario_path;  // empty: the built-in scenario
  std::vector<std::string> sets;
  std::optional<std::int64_t> seed, customers, replications;

  void add_to(po::options_description& options) {
    options.add_options()("scenario,s", po::value(&scenario_path)->value_name("FILE"),
                          "scenario file (TOML); default: the built-in retail scenario")(
        "set", po::value(&sets)->composing()->value_name("KEY=VALUE"),
        "override a scenario key, e.g. --set mechanisms.habit.enabled=false (repeatable)")(
        "seed", po::value<std::int64_t>()->value_name("N"), "same as --set simulation.seed=N")(
        "customers", po::value<std::int64_t>()->value_name("N"),
        "same as --set simulation.customers=N")("replications",
                                                po::value<std::int64_t>()->value_name("N"),
                                                "same as --set simulation.replications=N");
  }

  void read(const po::variables_map& values) {
    if (values.count("seed")) seed = values["seed"].as<std::int64_t>();
    if (values.count("customers")) customers = values["customers"].as<std::int64_t>();
    if (values.count("replications")) replications = values["replications"].as<std::int64_t>();
  }

  Scenario load() const {
    std::vector<std::string> overrides = sets;
    if (seed) overrides.push_back("simulation.seed=" + std::to_string(*seed));
    if (customers) overrides.push_back("simulation.customers=" + std::to_string(*customers));
    if (replications) {
      overrides.push_back("simulation.replications=" + std::to_string(*replications));
    }
    return load_scenario_file(scenario_path, overrides);
  }

  std::string source_name() const {
    return scenario_path.empty() ? std::string(kBuiltinScenarioName) : scenario_path;
  }
};

struct ExecutionOptions {
  int threads = 0;
  std::string out;
  bool force = false;
  bool no_out = false;
  bool customers_table = false;
  bool quiet = false;
  std::optional<std::uint64_t> trace_customer;

  void add_to(po::options_description& options, const std::string& default_out) {
    out = default_out;
    options.add_options()("threads,j", po::value(&threads)->value_name("N"),
                          "worker threads (0: every core)")(
        "out,o", po::value(&out)->value_name("FILE"),
        ("HDF5 results file; default " + default_out).c_str())(
        "force", po::bool_switch(&force), "overwrite the results file if it exists")(
        "no-out", po::bool_switch(&no_out), "write no results file")(
        "customers-table", po::bool_switch(&customers_table),
        "add a /customers table (one row per customer, strategy and replication)")(
        "quiet,q", po::bool_switch(&quiet), "no progress line and no notes on stderr")(
        "trace-customer", po::value<std::uint64_t>()->value_name("ID"),
        "narrate customer ID's journeys, event by event (first replication)");
  }

  void read(const po::variables_map& values) {
    if (values.count("trace-customer"))
      trace_customer = values["trace-customer"].as<std::uint64_t>();
  }

  void check(const Model& model) const {
    if (threads < 0) throw InputError("--threads: expected 0 (every core) or a positive count");
    const auto customers = static_cast<std::uint64_t>(model.scenario.simulation.customers);
    if (trace_customer && *trace_customer >= customers) {
      throw InputError("--trace-customer: no customer " + std::to_string(*trace_customer) +
                       " (ids are 0.." + std::to_string(customers - 1) + ")");
    }
    if (customers_table && no_out) {
      throw InputError("--customers-table needs a results file; drop --no-out");
    }
    if (!no_out) check_output_path(out, force);
  }

  int effective_threads() const { return threads > 0 ? threads : tbb::info::default_concurrency(); }
};

// Parses `args` against `options`; returns false (after printing help) on --help.
bool parse(const std::vector<std::string>& args, po::options_description& options,
           po::variables_map& values, const std::string& usage,
           const po::positional_options_description* positional = nullptr) {
  options.add_options()("help,h", "show this help");
  po::command_line_parser parser(args);
  parser.options(options);
  if (positional != nullptr) parser.positional(*positional);
  po::store(parser.run(), values);
  if (values.count("help")) {
    std::cout << usage << "\n\n" << options << '\n';
    return false;
  }
  po::notify(values);
  return true;
}

int strategy_slot_by_name(const Model& model, const std::vector<int>& strategies,
                          const std::string& name, const std::string& option) {
  for (std::size_t slot = 0; slot < strategies.size(); ++slot) {
    if (model.strategies[strategies[slot]].name == name) return static_cast<int>(slot);
  }
  std::string known;
  for (int s : strategies)
    known += (known.empty() ? "" : ", ") + model.strategies[s].name;
  throw InputError(option + ": unknown strategy \"" + name + "\" (available: " + known + ")");
}

// ------------------------------------------------------------------ execution
struct Experiment {
  const Model& model;
  std::vector<int> strategies;
  const ExecutionOptions& execution;
  std::string command;
  std::string source_name;
};

ExperimentResults execute(const Experiment& experiment) {
  const Model& model = experiment.model;
  const auto& simulation = model.scenario.simulation;
  const ExecutionOptions& execution = experiment.execution;
  if (!execution.quiet) {
    std::cerr << "omnisim " << experiment.command << ": " << experiment.source_name << ", "
              << simulation.customers << " customers x " << experiment.strategies.size()
              << " strateg" << (experiment.strategies.size() == 1 ? "y" : "ies") << " x "
              << simulation.replications << " replication"
              << (simulation.replications == 1 ? "" : "s") << ", seed " << simulation.seed << ", "
              << execution.effective_threads() << " thread"
              << (execution.effective_threads() == 1 ? "" : "s") << '\n';
  }
  std::optional<ResultsFile> file;
  if (!execution.no_out) {
    file.emplace(execution.out, execution.force, model,
                 OutputMetadata{experiment.command, execution.effective_threads()},
                 execution.customers_table);
  }
  ProgressLine progress(!execution.quiet);
  ExperimentRequest request;
  request.strategies = experiment.strategies;
  request.threads = execution.threads;
  request.trace_customer = execution.trace_customer;
  request.trace_out = execution.trace_customer ? &std::cout : nullptr;
  request.customer_rows = file ? &*file : nullptr;
  request.progress = [&](double fraction, const std::string& current) {
    progress.update(fraction, current);
  };
  ExperimentResults results = run_experiment(model, request);
  progress.finish();
  if (file) {
    file->write_results(results);
    file->commit();
    if (!execution.quiet) std::cerr << "results written to " << execution.out << '\n';
  }
  return results;
}

void print_header(const Model& model, const ExperimentResults& results, double confidence) {
  std::cout << "Mean over " << results.replications << " replication"
            << (results.replications == 1 ? "" : "s") << " of "
            << model.scenario.simulation.customers << " customers, ± " << confidence * 100.0
            << " % confidence half-width"
            << (results.replications < 2 ? " (needs 2+ replications)" : "") << "\n\n";
}

const char* kRunUsage =
    "Usage: omnisim run [options]\n"
    "Simulates one strategy of the scenario and prints its KPIs.";
const char* kCompareUsage =
    "Usage: omnisim compare [options]\n"
    "Simulates every strategy on the same customers (common random numbers) and\n"
    "prints each KPI's mean ± confidence half-width, then each strategy's paired\n"
    "difference to the baseline (* marks an interval that excludes zero).";

}  // namespace

std::string program_usage() {
  return std::string("omnisim ") + kVersion +
         " - agent-based simulator of omnichannel customer journeys\n\n"
         "Usage: omnisim <command> [options]\n\n"
         "Commands:\n"
         "  compare            every strategy on the same customers, with paired differences\n"
         "  run                one strategy\n"
         "  validate FILE      check a scenario file and report every problem\n"
         "  scenario show      print the effective scenario (defaults filled in) as TOML\n\n"
         "Each command takes --help. Exit codes: 0 ok, 2 usage or input error, 1 runtime error.\n";
}

int run_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  ExecutionOptions execution;
  std::string strategy_name;
  bool per_channel = false;
  po::options_description options("Options");
  scenario_options.add_to(options);
  execution.add_to(options, "omnisim-run.h5");
  options.add_options()("strategy", po::value(&strategy_name)->value_name("NAME"),
                        "strategy to simulate; default: the scenario's analysis.baseline")(
      "all-kpis", po::bool_switch(&per_channel), "also print the per-channel KPIs");
  po::variables_map values;
  if (!parse(args, options, values, kRunUsage)) return 0;
  scenario_options.read(values);
  execution.read(values);

  const Model model = build_model(scenario_options.load());
  execution.check(model);
  std::vector<int> all;
  for (std::size_t s = 0; s < model.strategies.size(); ++s)
    all.push_back(static_cast<int>(s));
  if (strategy_name.empty()) strategy_name = model.scenario.analysis.baseline;
  const int slot = strategy_slot_by_name(model, all, strategy_name, "--strategy");

  const ExperimentResults results =
      execute({model, {all[slot]}, execution, "run", scenario_options.source_name()});
  const double confidence = model.scenario.analysis.confidence;
  const Comparison comparison = compare_strategies(results, 0, confidence);
  print_header(model, results, confidence);
  print_levels(std::cout, model, results, comparison, TableOptions{per_channel});
  return 0;
}

int compare_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  ExecutionOptions execution;
  std::string baseline;
  std::vector<std::string> selected;
  bool per_channel = false;
  po::options_description options("Options");
  scenario_options.add_to(options);
  execution.add_to(options, "omnisim-compare.h5");
  options.add_options()(
      "baseline", po::value(&baseline)->value_name("NAME"),
      "strategy the others are compared with; default: the scenario's analysis.baseline")(
      "strategies", po::value(&selected)->multitoken()->value_name("NAME..."),
      "compare only these strategies (default: all of the scenario's)")(
      "all-kpis", po::bool_switch(&per_channel), "also print the per-channel KPIs");
  po::variables_map values;
  if (!parse(args, options, values, kCompareUsage)) return 0;
  scenario_options.read(values);
  execution.read(values);

  const Model model = build_model(scenario_options.load());
  execution.check(model);
  std::vector<int> all, strategies;
  for (std::size_t s = 0; s < model.strategies.size(); ++s)
    all.push_back(static_cast<int>(s));
  if (selected.empty()) {
    strategies = all;
  } else {
    for (const auto& name : selected) {
      strategies.push_back(all[strategy_slot_by_name(model, all, name, "--strategies")]);
    }
  }
  if (baseline.empty()) baseline = model.scenario.analysis.baseline;
  const auto baseline_slot =
      static_cast<std::size_t>(strategy_slot_by_name(model, strategies, baseline, "--baseline"));

  const ExperimentResults results =
      execute({model, strategies, execution, "compare", scenario_options.source_name()});
  const double confidence = model.scenario.analysis.confidence;
  const Comparison comparison = compare_strategies(results, baseline_slot, confidence);
  print_header(model, results, confidence);
  print_levels(std::cout, model, results, comparison, TableOptions{per_channel});
  std::cout << "\nDifference to " << model.strategies[strategies[baseline_slot]].name
            << " (paired over replications, same customers; * = interval excludes 0)\n\n";
  print_differences(std::cout, model, results, comparison, TableOptions{per_channel});
  return 0;
}

int validate_command(const std::vector<std::string>& args) {
  std::string path;
  std::vector<std::string> sets;
  po::options_description options("Options");
  options.add_options()("file", po::value(&path)->value_name("FILE"), "scenario file to check")(
      "set", po::value(&sets)->composing()->value_name("KEY=VALUE"), "override a key first");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse(args, options, values,
             "Usage: omnisim validate FILE [--set KEY=VALUE...]\n"
             "Checks a scenario and reports every problem with file:line:column and key.",
             &positional)) {
    return 0;
  }
  if (path.empty()) throw InputError("validate: expected a scenario FILE (see --help)");
  const Model model = build_model(load_scenario_file(path, sets));
  std::cout << path << ": valid (" << model.segments.size() << " segments, "
            << model.channels.size() << " channels, " << model.strategies.size()
            << " strategies)\n";
  return 0;
}

int scenario_command(const std::vector<std::string>& args) {
  const char* usage =
      "Usage: omnisim scenario show [--scenario FILE] [--set KEY=VALUE...]\n"
      "Prints the effective scenario as TOML, every default filled in.";
  if (args.empty() || (args[0] != "show" && args[0] != "--help" && args[0] != "-h")) {
    throw InputError("scenario: expected the subcommand \"show\" (see omnisim scenario --help)");
  }
  ScenarioOptions scenario_options;
  po::options_description options("Options");
  options.add_options()("scenario,s",
                        po::value(&scenario_options.scenario_path)->value_name("FILE"),
                        "scenario file; default: the built-in retail scenario")(
      "set", po::value(&scenario_options.sets)->composing()->value_name("KEY=VALUE"),
      "override a scenario key (repeatable)");
  po::variables_map values;
  const std::vector<std::string> rest(args.begin() + (args[0] == "show" ? 1 : 0), args.end());
  if (!parse(rest, options, values, usage)) return 0;
  std::cout << emit_scenario(scenario_options.load());
  return 0;
}

}  // namespace omnisim::cli
