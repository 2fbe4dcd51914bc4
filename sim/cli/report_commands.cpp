// `omnisim facts` and `omnisim explain`: the default scenario against the
// published facts (docs/model.md §10), and where the omnichannel-vs-
// multichannel difference comes from, mechanism by mechanism (§0).

#include <iostream>
#include <sstream>

#include "analysis/explain.hpp"
#include "analysis/facts.hpp"
#include "analysis/report_file.hpp"
#include "analysis/table.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/session.hpp"
#include "sim/core/error.hpp"
#include "sim/experiment/ablation.hpp"
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

// The registry's mechanisms and bridges, for the help text.
std::string switch_names() {
  std::string names;
  for (const auto& info : all_switches())
    names += (names.empty() ? "" : ", ") + std::string(info.name);
  return names;
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
             "Runs the strategies the stylised facts of docs/model.md §10 are about and prints,\n"
             "for each fact, the target, the simulated mean ± confidence half-width, the\n"
             "tolerance and pass/fail, with the conflicts between facts that cannot all hold.")) {
    return 0;
  }
  scenario_options.read(values);
  execution.read(values);
  const Model model = build_model(scenario_options.load());
  execution.check(model, model.strategies.size());

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
  const ExperimentResults results =
      execute({model, strategies, execution, "facts", scenario_options.source_name(),
               [&](ResultsFile& file, const ExperimentResults& run) {
                 write_facts(file.root(), check_facts(model, run, confidence));
               }});
  print_header(std::cout, model, results);
  print_facts(std::cout, results, check_facts(model, results, confidence));
  return 0;
}

int explain_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  ExecutionOptions execution;
  std::string target = "omnichannel", baseline,
              kpi_list = "clv_eur,retention_12m,cost_per_contact_eur", mechanism_list;
  po::options_description options("Options");
  scenario_options.add_to(options);
  execution.add_to(options, "omnisim-explain.h5", false);
  // clang-format off
  options.add_options()
      ("target", po::value(&target)->value_name("NAME"), "strategy to explain (default omnichannel)")
      ("baseline", po::value(&baseline)->value_name("NAME"),
       "strategy it is compared with; default: the scenario's analysis.baseline")
      ("kpis", po::value(&kpi_list)->value_name("A,B,..."),
       "KPIs to decompose (default clv_eur,retention_12m,cost_per_contact_eur)")
      ("mechanisms", po::value(&mechanism_list)->value_name("A,B,..."),
       ("mechanisms and bridges to switch off one at a time (default: every one that is on): " +
        switch_names()).c_str());
  // clang-format on
  po::variables_map values;
  if (!parse(args, options, values,
             "Usage: omnisim explain [options]\n"
             "Explains the difference between two strategies on the same customers: runs them\n"
             "with every mechanism on, with none, and with each switched off alone, and prints\n"
             "how much of the difference each mechanism carries. The structural part, the\n"
             "mechanisms' parts and the interaction residual add up to the total.")) {
    return 0;
  }
  scenario_options.read(values);
  execution.read(values);
  const Scenario scenario = scenario_options.load();
  const Model model = build_model(scenario);
  if (baseline.empty()) baseline = model.strategies[model.analysis.baseline_strategy].name;
  std::vector<int> all;
  for (std::size_t s = 0; s < model.strategies.size(); ++s)
    all.push_back(static_cast<int>(s));
  strategy_slot_by_name(model, all, target, "--target");
  strategy_slot_by_name(model, all, baseline, "--baseline");
  if (target == baseline) throw InputError("--target and --baseline name the same strategy");
  const std::vector<std::string> kpis = split_list(kpi_list);
  if (kpis.empty()) throw InputError("--kpis: expected at least one KPI name");
  const KpiCatalogue catalogue(model);
  for (const auto& kpi : kpis) {
    if (catalogue.index_of(kpi) < 0) throw InputError("--kpis: unknown KPI \"" + kpi + "\"");
  }
  AblationRequest request{target, baseline, {}, execution.threads, {}};
  request.mechanisms = naming_option(
      "--mechanisms", [&] { return ablated_switches(scenario, split_list(mechanism_list)); });
  // Both strategies with everything on, and with each mechanism off.
  execution.check(model, 2 * (1 + request.mechanisms.size()));

  const SimulationModel& simulation = model.simulation;
  announce(execution, "omnisim explain: " + scenario_options.source_name() + ", " + target +
                          " vs " + baseline + ", " + std::to_string(simulation.customers) +
                          " customers x " + std::to_string(simulation.replications) +
                          " replications per variant");
  CommandSession session(execution, model, "explain", false);
  request.progress = session.progress();
  const AblationResults ablation = run_ablation(scenario, request);
  const double confidence = model.analysis.confidence;
  const std::vector<Waterfall> waterfalls = explain(ablation, kpis, confidence);
  session.finish([&](ResultsFile& file) {
    file.write_results(ablation.all_on);
    write_explain(file.root(), waterfalls, target, baseline);
  });
  std::cout << "Where " << target << " - " << baseline << " comes from (same customers, "
            << simulation.replications << " replications of " << simulation.customers
            << " customers; mean ± " << confidence * 100.0 << " % half-width, * = excludes 0).\n"
            << "A mechanism's part is what switching it off alone removes; the structural\n"
            << "part is the difference with every listed mechanism off.\n\n";
  print_waterfalls(std::cout, waterfalls);
  return 0;
}

}  // namespace omnisim::cli
