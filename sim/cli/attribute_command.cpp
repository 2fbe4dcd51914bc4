// `omnisim attribute`: each channel's credit by the attribution models of
// the simulated journeys, next to its true incremental conversions from
// counterfactual runs with the channel closed (analysis/clv/attribution_score.hpp).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include "analysis/clv/attribution_score.hpp"
#include "analysis/clv/score_file.hpp"
#include "analysis/table.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/session.hpp"
#include "sim/core/error.hpp"

namespace omnisim::cli {
namespace {

const char* kAttributeUsage =
    "Usage: omnisim attribute [options]\n"
    "Simulates every strategy of the scenario and credits each channel with the\n"
    "journeys' conversions as the attribution models do (first touch, last touch,\n"
    "linear, first-order Markov removal effect, on the paths of omnisim events\n"
    "--export paths), then reruns the same customers with each channel closed (out of\n"
    "the strategy's channels and campaigns): the conversions lost are the channel's\n"
    "true incremental value. Prints, per strategy and channel, each method's share of\n"
    "the conversions next to the true share, and each method's mean absolute error;\n"
    "the results file adds /attribution, which omnisim report shows.";

void print_attribution(const Model& model, const std::vector<StrategyAttribution>& scores) {
  std::printf(
      "\nAttribution against the truth: %% of the strategy's conversions credited to "
      "each channel, and lost with it closed (%d replication%s)\n",
      model.simulation.replications, model.simulation.replications == 1 ? "" : "s");
  const int width = strategy_column_width(model);
  std::printf("%-*s %-12s %8s %8s %8s %8s %8s\n", width, "strategy", "channel", "first", "last",
              "linear", "markov", "truth");
  for (const auto& score : scores) {
    const std::string& strategy = model.strategies[static_cast<std::size_t>(score.strategy)].name;
    if (score.conversions == 0.0) {
      std::printf("%-*s %-12s %8s %8s %8s %8s %8s\n", width, strategy.c_str(), "(none)", "n/a",
                  "n/a", "n/a", "n/a", "n/a");
      continue;  // no conversion to share out
    }
    double error[4] = {0.0, 0.0, 0.0, 0.0};
    for (const auto& c : score.channels) {
      const double share[5] = {c.first_touch, c.last_touch, c.linear, c.markov, c.true_incremental};
      std::printf("%-*s %-12s", width, strategy.c_str(), c.channel.c_str());
      for (int m = 0; m < 5; ++m) {
        std::printf(" %8.1f", 100.0 * share[m] / score.conversions);
        if (m < 4) error[m] += std::abs(share[m] - c.true_incremental) / score.conversions;
      }
      std::printf("\n");
    }
    std::printf("%-*s %-12s", width, strategy.c_str(), "(mean |err|)");
    for (const double e : error)
      std::printf(" %8.1f", 100.0 * e / static_cast<double>(score.channels.size()));
    std::printf("\n");
  }
  std::printf(
      "(truth: the conversions lost when the same customers live the run with the "
      "channel closed; credits add up to 100 %%, the truth need not%s)\n",
      std::any_of(scores.begin(), scores.end(),
                  [](const StrategyAttribution& s) { return s.conversions == 0.0; })
          ? "; (none): no journey converted"
          : "");
}

}  // namespace

int attribute_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  ExecutionOptions execution;
  po::options_description options("Options");
  scenario_options.add_to(options);
  execution.add_to(options, "omnisim-attribute.h5", false);
  po::variables_map values;
  if (!parse(args, options, values, kAttributeUsage)) return 0;
  scenario_options.read(values);
  execution.read(values);
  const Scenario scenario = scenario_options.load();
  const Model model = build_model(scenario);
  execution.check(model, model.strategies.size());
  std::vector<int> strategies;
  for (std::size_t s = 0; s < model.strategies.size(); ++s)
    strategies.push_back(static_cast<int>(s));

  AttributionPaths paths(model);
  std::optional<std::vector<StrategyAttribution>> scores;
  const auto score = [&]() -> const std::vector<StrategyAttribution>& {
    if (!scores) {
      announce(execution, "omnisim attribute: counterfactual runs, each channel closed");
      AttributionRequest request;
      request.threads = execution.threads;
      ProgressLine progress(!execution.quiet);
      request.progress = [&](double done, const std::string& current) {
        progress.update(done, current);
      };
      scores = score_attribution(scenario, model, strategies, paths, request);
      progress.finish();
    }
    return *scores;
  };
  Experiment experiment{model,
                        strategies,
                        execution,
                        "attribute",
                        scenario_options.source_name(),
                        [&](ResultsFile& file, const ExperimentResults&) {
                          write_attribution(file.root(), model, score());
                        },
                        &paths};
  execute(experiment);
  print_attribution(model, score());
  announce_outputs(execution);
  return 0;
}

}  // namespace omnisim::cli
