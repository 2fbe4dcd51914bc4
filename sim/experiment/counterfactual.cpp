#include "sim/experiment/counterfactual.hpp"

#include <algorithm>

#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/engine/run.hpp"

namespace omnisim {
namespace {

// Counts the journeys with a purchase (a journey buys once; its add-ons
// are not new conversions).
class ConvertingJourneys final : public EventSink {
 public:
  void write(int, int, std::span<const Event> events) override {
    for (const Event& event : events) {
      if (event.type != EventType::kPurchase || event.journey == kNoJourney) continue;
      if (event.customer_id == customer_ && event.journey == journey_) continue;
      customer_ = event.customer_id;
      journey_ = event.journey;
      count += 1.0;
    }
  }
  double count = 0.0;

 private:
  std::uint64_t customer_ = ~std::uint64_t{0};
  std::uint32_t journey_ = kNoJourney;
};

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
  throw InputError(unknown_name("strategy", "strategies", strategy, names_of(scenario.strategies)));
}

double converting_journeys(const Scenario& scenario, const std::string& strategy, int threads) {
  const auto spec = std::find_if(scenario.strategies.begin(), scenario.strategies.end(),
                                 [&](const StrategySpec& s) { return s.name == strategy; });
  if (spec == scenario.strategies.end()) {
    throw InputError(
        unknown_name("strategy", "strategies", strategy, names_of(scenario.strategies)));
  }
  if (spec->channels.empty()) return 0.0;
  const Model model = build_model(scenario);
  ConvertingJourneys journeys;
  for (int replication = 0; replication < model.simulation.replications; ++replication) {
    RunRequest run;
    run.strategy = model.strategy_index(strategy);
    run.replication = replication;
    run.threads = threads;
    run.events = &journeys;
    run.lifetime = false;  // conversions within the horizon only
    run_simulation(model, run);
  }
  return journeys.count;
}

}  // namespace omnisim
