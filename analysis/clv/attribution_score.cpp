#include "analysis/clv/attribution_score.hpp"

#include <algorithm>

#include "analysis/clv/attribution.hpp"
#include "sim/core/error.hpp"
#include "sim/engine/run.hpp"

namespace omnisim {
namespace {

// The journeys' conversions of one run.
double conversions_of(const AttributionPaths& paths, int strategy) {
  double total = 0.0;
  for (const auto& [key, totals] : paths.paths())
    if (key.first == strategy) total += static_cast<double>(totals.conversions);
  return total;
}

}  // namespace

Scenario with_channel_closed(const Scenario& scenario, const std::string& strategy,
                             const std::string& channel) {
  Scenario closed = scenario;
  for (auto& spec : closed.strategies) {
    if (spec.name != strategy) continue;
    std::erase(spec.channels, channel);
    std::erase(spec.campaigns, channel);
    return closed;
  }
  throw InputError("unknown strategy \"" + strategy + "\"");
}

std::vector<StrategyAttribution> score_attribution(const Scenario& scenario, const Model& model,
                                                   const std::vector<int>& strategies,
                                                   const AttributionPaths& paths,
                                                   const AttributionRequest& request) {
  std::vector<StrategyAttribution> scores;
  std::vector<std::vector<std::string>> channel_names;
  for (const int strategy : strategies) {
    std::vector<CustomerPath> customer_paths;
    std::vector<std::string> names;
    for (const auto& [key, totals] : paths.paths()) {
      if (key.first != strategy) continue;
      customer_paths.push_back(path_from_text(key.second, static_cast<double>(totals.conversions),
                                              static_cast<double>(totals.nulls), names));
    }
    const AttributionCredit credit = attribute(customer_paths, names.size());
    StrategyAttribution score;
    score.strategy = strategy;
    score.conversions = conversions_of(paths, strategy);
    for (std::size_t c = 0; c < names.size(); ++c) {
      score.channels.push_back({names[c], credit.first_touch[c], credit.last_touch[c],
                                credit.linear[c], credit.markov[c], 0.0});
    }
    std::sort(score.channels.begin(), score.channels.end(),
              [](const ChannelCredit& a, const ChannelCredit& b) { return a.channel < b.channel; });
    scores.push_back(std::move(score));
  }

  std::size_t total_runs = 0, runs_done = 0;
  for (const auto& score : scores)
    total_runs += score.channels.size() * static_cast<std::size_t>(model.simulation.replications);
  for (auto& score : scores) {
    const std::string& strategy_name =
        model.strategies[static_cast<std::size_t>(score.strategy)].name;
    for (auto& channel : score.channels) {
      const Scenario closed = with_channel_closed(scenario, strategy_name, channel.channel);
      const auto& spec =
          *std::find_if(closed.strategies.begin(), closed.strategies.end(),
                        [&](const StrategySpec& s) { return s.name == strategy_name; });
      double remaining = 0.0;  // no channel left: no journey converts
      if (!spec.channels.empty()) {
        const Model closed_model = build_model(closed);
        AttributionPaths closed_paths(closed_model);
        for (int replication = 0; replication < model.simulation.replications; ++replication) {
          if (request.progress) {
            request.progress(static_cast<double>(runs_done) / static_cast<double>(total_runs),
                             strategy_name + " without " + channel.channel);
          }
          RunRequest run;
          run.strategy = closed_model.strategy_index(strategy_name);
          run.replication = replication;
          run.threads = request.threads;
          run.events = &closed_paths;
          run_simulation(closed_model, run);
          ++runs_done;
        }
        remaining = conversions_of(closed_paths, closed_model.strategy_index(strategy_name));
      } else {
        runs_done += static_cast<std::size_t>(model.simulation.replications);
      }
      channel.true_incremental = score.conversions - remaining;
    }
  }
  return scores;
}

}  // namespace omnisim
