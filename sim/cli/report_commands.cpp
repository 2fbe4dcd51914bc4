// `omnisim facts` and `omnisim explain`: the default scenario against the
// published facts (docs/model.md §10), and where the omnichannel-vs-
// multichannel difference comes from, mechanism by mechanism (§0).

#include <iostream>
#include <sstream>

#include "analysis/explain.hpp"
#include "analysis/facts.hpp"
#include "analysis/ranking.hpp"
#include "analysis/report_file.hpp"
#include "analysis/table.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/session.hpp"
#include "sim/core/error.hpp"
#include "sim/experiment/ablation.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/experiment/fact_variants.hpp"
#include "sim/scenario/registry.hpp"

namespace omnisim::cli {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

// The integration switches explain credits by default, for the help text.
std::vector<std::string> default_integration_players() {
  std::vector<std::string> names;
  for (const auto& info : all_switches()) {
    if (info.integration == Integration::kExplained) names.emplace_back(info.name);
  }
  return names;
}

// The registry's mechanisms and bridges, for the help text.
std::string switch_names() {
  std::string names;
  for (const auto& info : all_switches())
    names += (names.empty() ? "" : ", ") + std::string(info.name);
  return names;
}

std::string join(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names)
    joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

// Shapley runs 2^k variants of both strategies; without --customers, at most
// this many customers keep the default (k = 8: 512 runs per replication) to
// minutes.
constexpr std::int64_t kShapleyCustomerCap = 20000;

Attribution attribution_of(const std::string& name) {
  if (const auto method = attribution_named(name)) return *method;
  throw InputError("--method: expected shapley or one-at-a-time, got \"" + name + "\"");
}

}  // namespace

int facts_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  ExecutionOptions execution;
  po::options_description options("Options");
  scenario_options.add_to(options);
  execution.add_to(options, "omnisim-facts.h5");
  po::variables_map values;
  if (!parse(args, options, values,
             "Usage: omnisim facts [options]\n"
             "Runs the strategies the stylised facts of docs/model.md §10 are about, and the\n"
             "counterfactual variants some facts compare them with, and prints each fact's\n"
             "target, simulated mean ± confidence half-width, tolerance and verdict -- the\n"
             "facts the built-in scenario was calibrated to (in-sample), those no calibration\n"
             "touched (validation) and those that restate an input apart, each counted; then\n"
             "why the model misses the facts it fails, from the run's own figures, and the\n"
             "claims of the sources it does not model.")) {
    return 0;
  }
  scenario_options.read(values);
  execution.read(values);
  const Scenario scenario = scenario_options.load();
  const Model model = build_model(scenario);
  const std::vector<FactVariant> variants = fact_variants(model);
  execution.check(model, model.strategies.size() + variants.size());

  std::vector<int> strategies;
  for (const auto& fact : stylised_facts()) {
    const int index = model.strategy_index(fact.strategy);
    if (index >= 0 && std::find(strategies.begin(), strategies.end(), index) == strategies.end()) {
      strategies.push_back(index);
    }
  }
  if (strategies.empty()) {
    throw InputError("facts: the scenario has none of the strategies the facts are about");
  }
  const double confidence = model.analysis.confidence;
  // Each counterfactual variant, for the strategy of the facts that need it.
  std::vector<VariantRun> variant_runs;
  const auto run_variants = [&](const std::function<void(double, const std::string&)>& progress) {
    for (const FactVariant variant : variants) {
      std::string strategy;
      for (const auto& fact : stylised_facts()) {
        if (fact.variant == variant) strategy = fact.strategy;
      }
      const std::string label = std::string(fact_variant_name(variant)) + ", ";
      variant_runs.push_back(
          {variant,
           run_scenario(fact_variant_scenario(scenario, variant), {strategy}, execution.threads,
                        [&](double fraction, const std::string& current) {
                          progress(fraction, label + current);
                        })});
    }
  };
  Experiment experiment{model, strategies, execution, "facts", scenario_options.source_name()};
  experiment.more_runs = run_variants;
  experiment.extend_file = [&](ResultsFile& file, const ExperimentResults& run) {
    write_facts(file.root(), check_facts(model, run, variant_runs, confidence));
  };
  const ExperimentResults results = execute(experiment);
  print_header(std::cout, model, results);
  print_facts(std::cout, check_facts(model, results, variant_runs, confidence));
  announce_outputs(execution);
  return 0;
}

int explain_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  ExecutionOptions execution;
  std::string target = "omnichannel", baseline, kpi_list, mechanism_list, method_name = "shapley";
  po::options_description options("Options");
  scenario_options.add_to(options);
  execution.add_to(options, "omnisim-explain.h5", false);
  // clang-format off
  options.add_options()
      ("target", po::value(&target)->value_name("NAME"), "strategy to explain (default omnichannel)")
      ("baseline", po::value(&baseline)->value_name("NAME"),
       "strategy it is compared with; default: the scenario's analysis.baseline")
      ("kpis", po::value(&kpi_list)->value_name("A,B,..."),
       "KPIs to decompose (default: the scenario's analysis.objective, then clv_eur, "
       "clv_lifetime_eur, retention_12m, cost_per_contact_eur); the verdict's reasons come from "
       "the objective's")
      ("method", po::value(&method_name)->value_name("NAME"),
       (std::string("shapley (default): every subset of the mechanisms on, 2^k variants, each "
        "mechanism's Shapley value, no remainder; at most ") + std::to_string(kMaxCoalitionSwitches) +
        " mechanisms, and without --customers at most " + std::to_string(kShapleyCustomerCap) +
        " customers. one-at-a-time: all on, all off and each off alone, k + 2 variants, with an "
        "interaction remainder").c_str())
      ("mechanisms", po::value(&mechanism_list)->value_name("A,B,..."),
       (std::string("mechanisms, bridges and strategy levers to attribute the difference to. "
        "Default for shapley: what tells strategies that open the same channels apart "
        "(docs/model.md §0) -- the integration mechanisms and bridges that are on, less "
        "return_anywhere, the bridge with the least effect, which stays on: ") +
        join(default_integration_players()) + "; and the contact_policy lever if target and "
        "baseline differ in it (contact discipline, credited apart from integration). For "
        "one-at-a-time: every switch that is on, and the lever if they differ. Known: " +
        switch_names() + "; levers: " + join(strategy_levers())).c_str());
  // clang-format on
  po::variables_map values;
  const std::string usage =
      "Usage: omnisim explain [options]\n"
      "Explains the difference between two strategies on the same customers: runs them\n"
      "in variants of the scenario that differ only in which mechanisms are on, and\n"
      "prints how much of the difference each mechanism carries. The structural part is\n"
      "the difference with every listed mechanism off. With --method shapley (default)\n"
      "each mechanism's part is its Shapley value, its effect averaged over every order\n"
      "of switching the mechanisms on, and structural + parts = total. With\n"
      "--method one-at-a-time a part is what switching the mechanism off alone removes,\n"
      "and an interaction residual makes the terms add up to the total.\n"
      "Shapley runs 2^k variants of both strategies, so without --customers it caps\n"
      "simulation.customers at " +
      std::to_string(kShapleyCustomerCap) + ".";
  if (!parse(args, options, values, usage)) {
    return 0;
  }
  scenario_options.read(values);
  execution.read(values);
  const Attribution method = attribution_of(method_name);
  Scenario scenario = scenario_options.load();
  const bool capped = method == Attribution::kShapley && !scenario_options.customers &&
                      scenario.simulation.customers > kShapleyCustomerCap;
  if (capped) {  // as if --customers had been given, so validation sees it too
    scenario_options.customers = kShapleyCustomerCap;
    scenario = scenario_options.load();
  }
  const Model model = build_model(scenario);
  if (baseline.empty()) baseline = model.strategies[model.analysis.baseline_strategy].name;
  std::vector<int> all;
  for (std::size_t s = 0; s < model.strategies.size(); ++s)
    all.push_back(static_cast<int>(s));
  strategy_slot_by_name(model, all, target, "--target");
  strategy_slot_by_name(model, all, baseline, "--baseline");
  if (target == baseline) throw InputError("--target and --baseline name the same strategy");
  if (kpi_list.empty()) {
    kpi_list = model.analysis.objective;
    for (const char* kpi : {"clv_eur", "clv_lifetime_eur", "retention_12m", "cost_per_contact_eur"})
      if (model.analysis.objective != kpi) kpi_list += std::string(",") + kpi;
  }
  const std::vector<std::string> kpis = split_list(kpi_list);
  if (kpis.empty()) throw InputError("--kpis: expected at least one KPI name");
  const KpiCatalogue catalogue(model);
  for (const auto& kpi : kpis) {
    if (catalogue.index_of(kpi) < 0) throw InputError("--kpis: unknown KPI \"" + kpi + "\"");
  }
  AblationRequest request{target, baseline, {}, execution.threads, {}};
  request.mechanisms = naming_option("--mechanisms", [&] {
    AblationRequest asked = request;
    asked.mechanisms = split_list(mechanism_list);
    return method == Attribution::kShapley ? coalition_players(scenario, asked)
                                           : ablated_players(scenario, asked);
  });
  const std::size_t n_variants = attribution_variants(method, request.mechanisms.size());
  // Every variant's runs of both strategies are held until the end.
  execution.check(model, 2 * n_variants);

  const SimulationModel& simulation = model.simulation;
  announce(execution, "omnisim explain: " + scenario_options.source_name() + ", " + target +
                          " vs " + baseline + ", " + std::string(attribution_name(method)) +
                          " over " + std::to_string(request.mechanisms.size()) + " mechanisms (" +
                          std::to_string(n_variants) + " variants), " +
                          std::to_string(simulation.customers) + " customers" +
                          (capped ? " (shapley's cap; --customers N to choose)" : "") + " x " +
                          std::to_string(simulation.replications) + " replications per variant");
  CommandSession session(execution, model, "explain", false);
  request.progress = session.progress();
  const double confidence = model.analysis.confidence;
  std::vector<Waterfall> waterfalls;
  const ExperimentResults* all_on = nullptr;
  // Only one of these holds runs; the file keeps those with every mechanism on.
  AblationResults ablation;
  CoalitionResults coalitions;
  if (method == Attribution::kShapley) {
    coalitions = run_coalitions(scenario, request);
    waterfalls = explain_shapley(coalitions, kpis, confidence);
    all_on = &coalitions.coalitions.back();
  } else {
    ablation = run_ablation(scenario, request);
    waterfalls = explain(ablation, kpis, confidence);
    all_on = &ablation.all_on;
  }
  // The verdict on the objective between the two, with the reasons its
  // waterfall gives (when the objective is one of the KPIs decomposed).
  Ranking ranking = rank_strategies(model, *all_on, confidence);
  for (const Waterfall& waterfall : waterfalls) {
    if (waterfall.kpi == model.analysis.objective)
      explain_reasons(ranking, model, *all_on, target, baseline, waterfall);
  }
  session.finish([&](ResultsFile& file) {
    file.write_results(*all_on);
    write_explain(file.root(), waterfalls, target, baseline, method);
    write_ranking(file.root(), model, *all_on, ranking);
  });
  print_ranking(std::cout, model, *all_on, ranking);
  std::cout << '\n';
  std::cout << "Where " << target << " - " << baseline << " comes from (same customers, "
            << simulation.replications << " replications of " << simulation.customers
            << " customers; mean ± " << confidence * 100.0 << " % half-width, * = excludes 0).\n";
  if (method == Attribution::kShapley) {
    std::cout << "A mechanism's part is its Shapley value: what switching it on adds, averaged\n"
              << "over every order of switching the listed mechanisms on; the structural part\n"
              << "is the difference with all of them off. They add up to the total.\n\n";
  } else {
    std::cout << "A mechanism's part is what switching it off alone removes; the structural\n"
              << "part is the difference with every listed mechanism off.\n\n";
  }
  const bool lever = std::any_of(request.mechanisms.begin(), request.mechanisms.end(),
                                 [](const std::string& player) {
                                   return player_group(player) == PlayerGroup::kContactDiscipline;
                                 });
  if (lever) {
    std::cout << "contact_policy is a strategy lever, not a mechanism: \"off\", " << target
              << " takes " << baseline << "'s\ncontact policy; its part is contact discipline, "
              << "which needs no integration.\n\n";
  }
  print_waterfalls(std::cout, waterfalls);
  announce_outputs(execution);
  return 0;
}

}  // namespace omnisim::cli
