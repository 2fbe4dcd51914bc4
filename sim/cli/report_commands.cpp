// `omnisim facts` and `omnisim explain`: the default scenario against the
// published facts (MODEL.md §10), and where the omnichannel-vs-multichannel
// difference comes from, mechanism by mechanism (MODEL.md §0).

#include <iostream>
#include <sstream>

#include "analysis/explain.hpp"
#include "analysis/facts.hpp"
#include "analysis/report_file.hpp"
#include "analysis/table.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
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
             "Runs the strategies the stylised facts of MODEL.md §10 are about and prints, for\n"
             "each fact, the target, the simulated mean ± confidence half-width, the\n"
             "tolerance and pass/fail, with the conflicts between facts that cannot all hold.")) {
    return 0;
  }
  scenario_options.read(values);
  execution.read(values);
  const Model model = build_model(scenario_options.load());
  execution.check(model);

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
  std::vector<FactCheck> checks;
  const ExperimentResults results =
      execute({model, strategies, execution, "facts", scenario_options.source_name(),
               [&](ResultsFile& file, const ExperimentResults& run) {
                 write_facts(file.root(), check_facts(model, run, confidence));
               }});
  checks = check_facts(model, results, confidence);
  print_header(model, results, confidence);
  print_facts(std::cout, results, checks);
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
       "mechanisms and bridges to switch off one at a time (default: every one that is on)");
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
  execution.check(model);
  if (baseline.empty()) baseline = scenario.analysis.baseline;
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
  AblationRequest request{target, baseline, split_list(mechanism_list), execution.threads, {}};
  Scenario probe = scenario;
  for (const auto& name : request.mechanisms)
    switch_of(probe, name);  // unknown names fail here

  CommandRun run(execution, model, "explain", false);
  ResultsFile* file = run.file();
  if (!execution.quiet) {
    std::cerr << "omnisim explain: " << scenario_options.source_name() << ", " << target << " vs "
              << baseline << ", " << scenario.simulation.customers << " customers x "
              << scenario.simulation.replications << " replications per variant\n";
  }
  ProgressLine progress(!execution.quiet);
  request.progress = [&](double fraction, const std::string& current) {
    progress.update(fraction, current);
  };
  const AblationResults ablation = run_ablation(scenario, request);
  progress.finish();
  const double confidence = scenario.analysis.confidence;
  const std::vector<Waterfall> waterfalls = explain(ablation, kpis, confidence);
  if (file) {
    file->write_results(ablation.all_on);
    write_explain(file->root(), waterfalls, target, baseline);
    file->commit();
    if (!execution.quiet) std::cerr << "results written to " << execution.out << '\n';
  }
  std::cout << "Where " << target << " - " << baseline << " comes from (same customers, "
            << scenario.simulation.replications << " replications of "
            << scenario.simulation.customers << " customers; mean ± " << confidence * 100.0
            << " % half-width, * = excludes 0).\n"
            << "A mechanism's part is what switching it off alone removes; the structural\n"
            << "part is the difference with every listed mechanism off.\n\n";
  print_waterfalls(std::cout, waterfalls);
  return 0;
}

}  // namespace omnisim::cli
