// `omnisim run`, `compare`, `validate` and `scenario show`.

#include "sim/cli/commands.hpp"

#include <algorithm>
#include <iostream>
#include <optional>
#include <sstream>

#include <boost/program_options.hpp>

#include "analysis/break_even.hpp"
#include "analysis/comparison.hpp"
#include "analysis/facts.hpp"
#include "analysis/ranking.hpp"
#include "analysis/report_file.hpp"
#include "analysis/table.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/session.hpp"
#include "sim/core/error.hpp"
#include "sim/io/results_file.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::cli {
namespace {

const char* kRunUsage =
    "Usage: omnisim run [options]\n"
    "Simulates one strategy of the scenario and prints its KPIs.";
const char* kCompareUsage =
    "Usage: omnisim compare [options]\n"
    "Simulates every strategy on the same customers (common random numbers) and\n"
    "prints the verdict first: the strategies ranked on analysis.objective (default\n"
    "the firm's net lifetime value per prospect), each one's paired difference to the\n"
    "best, the ties, and why in one sentence each. Then the headline KPIs' mean ±\n"
    "confidence half-width (every KPI with --all-kpis), each strategy's paired\n"
    "difference to the baseline (* marks an interval that excludes zero), the fixed\n"
    "cost per customer-year at which each strategy's net lifetime value per prospect\n"
    "would equal the baseline's (the fixed cost changes no behaviour, so one run\n"
    "tells), and last where the results (and the --report page) went.";

}  // namespace

int run_command(const std::vector<std::string>& args, Communicator& world) {
  ScenarioOptions scenario_options;
  ExecutionOptions execution;
  std::string strategy_name;
  bool all_kpis = false;
  po::options_description options("Options");
  scenario_options.add_to(options);
  execution.add_to(options, "omnisim-run.h5");
  options.add_options()("strategy", po::value(&strategy_name)->value_name("NAME"),
                        "strategy to simulate; default: the scenario's analysis.baseline")(
      "all-kpis", po::bool_switch(&all_kpis),
      "print every KPI of the catalogue (per channel too); default: the dozen headline KPIs");
  po::variables_map values;
  if (!parse(args, options, values, kRunUsage)) return 0;
  scenario_options.read(values);
  execution.read(values);
  execution.run_on(world);

  const Model model = build_model(scenario_options.load());
  execution.check(model, 1);
  std::vector<int> all;
  for (std::size_t s = 0; s < model.strategies.size(); ++s)
    all.push_back(static_cast<int>(s));
  if (strategy_name.empty())
    strategy_name = model.strategies[model.analysis.baseline_strategy].name;
  const int slot = strategy_slot_by_name(model, all, strategy_name, "--strategy");

  const ExperimentResults results =
      execute({model, {all[slot]}, execution, "run", scenario_options.source_name(), {}});
  const Comparison comparison = compare_strategies(results, 0, model.analysis.confidence);
  print_header(std::cout, model, results);
  print_levels(std::cout, model, results, comparison, TableOptions{all_kpis});
  announce_outputs(execution);
  return 0;
}

int compare_command(const std::vector<std::string>& args, Communicator& world) {
  ScenarioOptions scenario_options;
  ExecutionOptions execution;
  std::string baseline;
  std::vector<std::string> selected;
  bool all_kpis = false;
  po::options_description options("Options");
  scenario_options.add_to(options);
  execution.add_to(options, "omnisim-compare.h5");
  options.add_options()(
      "baseline", po::value(&baseline)->value_name("NAME"),
      "strategy the others are compared with; default: the scenario's analysis.baseline")(
      "strategies", po::value(&selected)->multitoken()->value_name("NAME..."),
      "compare only these strategies (default: all of the scenario's)")(
      "all-kpis", po::bool_switch(&all_kpis),
      "print every KPI of the catalogue (per channel too); default: the dozen headline KPIs");
  po::variables_map values;
  if (!parse(args, options, values, kCompareUsage)) return 0;
  scenario_options.read(values);
  execution.read(values);
  execution.run_on(world);

  const Model model = build_model(scenario_options.load());
  execution.check(model, model.strategies.size());
  check_objective(model);
  std::vector<int> all, strategies;
  for (std::size_t s = 0; s < model.strategies.size(); ++s)
    all.push_back(static_cast<int>(s));
  if (selected.empty()) {
    strategies = all;
  } else {
    for (const auto& name : selected) {
      const int strategy = all[strategy_slot_by_name(model, all, name, "--strategies")];
      if (std::find(strategies.begin(), strategies.end(), strategy) != strategies.end()) {
        throw InputError("--strategies: \"" + name + "\" is listed twice");
      }
      strategies.push_back(strategy);
    }
  }
  if (baseline.empty()) {
    baseline = model.strategies[model.analysis.baseline_strategy].name;
    const bool selected_baseline = std::any_of(strategies.begin(), strategies.end(), [&](int s) {
      return model.strategies[s].name == baseline;
    });
    if (!selected_baseline) {
      throw InputError("--strategies leaves out the baseline \"" + baseline +
                       "\" (analysis.baseline): add it, or choose one with --baseline");
    }
  }
  const auto baseline_slot =
      static_cast<std::size_t>(strategy_slot_by_name(model, strategies, baseline, "--baseline"));

  const ExperimentResults results =
      execute({model, strategies, execution, "compare", scenario_options.source_name(),
               [&](ResultsFile& file, const ExperimentResults& run) {
                 // The stylised facts, for the strategies they are about.
                 // The facts that need a counterfactual run are omnisim facts's.
                 const auto checks = check_facts(model, run, {}, model.analysis.confidence);
                 if (std::any_of(checks.begin(), checks.end(),
                                 [](const FactCheck& check) { return check.available; })) {
                   write_facts(file.root(), checks);
                 }
                 write_ranking(file.root(), model, run,
                               rank_strategies(model, run, model.analysis.confidence));
                 write_break_even(
                     file.root(), model, run,
                     break_even_fixed_costs(model, run, baseline_slot, model.analysis.confidence),
                     baseline_slot);
               }});
  const Comparison comparison =
      compare_strategies(results, baseline_slot, model.analysis.confidence);
  print_header(std::cout, model, results);
  print_ranking(std::cout, model, results,
                rank_strategies(model, results, model.analysis.confidence));
  std::cout << '\n';
  print_levels(std::cout, model, results, comparison, TableOptions{all_kpis});
  std::cout << "\nDifference to " << model.strategies[strategies[baseline_slot]].name
            << " (paired over replications, same customers; * = interval excludes 0)\n\n";
  print_differences(std::cout, model, results, comparison, TableOptions{all_kpis});
  std::cout << '\n';
  print_break_even(std::cout, model, results,
                   break_even_fixed_costs(model, results, baseline_slot, model.analysis.confidence),
                   baseline_slot);
  announce_outputs(execution);
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
