#include "analysis/clv/attribution_score.hpp"

#include <algorithm>

#include "analysis/clv/attribution.hpp"
#include "sim/core/error.hpp"

namespace omnisim {
namespace {

// The paths' conversions: what the credits add up to.
double conversions_of(const AttributionPaths& paths, int strategy) {
  double total = 0.0;
  for (const auto& [key, totals] : paths.paths())
    if (key.first == strategy) total += static_cast<double>(totals.conversions);
  return total;
}

}  // namespace

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
    // Every channel the strategy opens or campaigns through, on a path or
    // not: one that only wears customers out is never on one.
    const StrategyModel& spec = model.strategies[static_cast<std::size_t>(strategy)];
    for (std::size_t c = 0; c < model.channels.size(); ++c) {
      const auto bit = static_cast<int>(c);
      if ((has_channel(spec.open, bit) || has_channel(spec.campaigns, bit)) &&
          std::find(names.begin(), names.end(), model.channels[c].name) == names.end()) {
        names.push_back(model.channels[c].name);
      }
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
    total_runs += score.channels.size() + 1;
  const auto progress = [&](const std::string& current) {
    if (request.progress) {
      request.progress(static_cast<double>(runs_done) / static_cast<double>(total_runs), current);
    }
    ++runs_done;
  };
  for (auto& score : scores) {
    const std::string& name = model.strategies[static_cast<std::size_t>(score.strategy)].name;
    progress(name);
    // Counted alike with and without each channel.
    const double converting = converting_journeys(scenario, name, request.threads);
    for (auto& channel : score.channels) {
      progress(name + " without " + channel.channel);
      channel.true_incremental =
          converting - converting_journeys(with_channel_closed(scenario, name, channel.channel),
                                           name, request.threads);
    }
  }
  return scores;
}

}  // namespace omnisim
