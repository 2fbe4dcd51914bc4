#pragma once
// Runs strategies x replications of one model on the same customers (common
// random numbers: the strategy is not part of any stream's identity) and
// computes each run's KPIs. Orchestration above the engine, which the
// ablation of `explain` builds on.

#include <functional>
#include <optional>
#include <ostream>
#include <vector>

#include "sim/engine/run.hpp"
#include "sim/kpi/results.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim {

struct ExperimentRequest {
  std::vector<int> strategies;  // model strategy indices
  int threads = 0;
  std::optional<std::uint64_t> trace_customer;
  std::ostream* trace_out = nullptr;
  CustomerRowSink* customer_rows = nullptr;
  EventSink* events = nullptr;        // every run's event log, replication by replication
  bool lifetime = true;               // simulate the years after the horizon (RunRequest)
  Communicator* world = nullptr;      // the ranks every run is split between (RunRequest)
  ExchangeStats* exchange = nullptr;  // if given, adds up what this rank sent
  // Fraction of the whole experiment done, and a short description of the current run.
  std::function<void(double fraction_done, const std::string& current)> progress;
};

ExperimentResults run_experiment(const Model& model, const ExperimentRequest& request);

// Freezes `scenario` into its own model and runs the named strategies, in
// that order, on the same customers: the step that explain's ablation takes
// for each variant and a sweep for each point. InputError for an unknown name.
ExperimentResults run_scenario(
    const Scenario& scenario, const std::vector<std::string>& strategies, int threads,
    const std::function<void(double fraction_done, const std::string& current)>& progress = {},
    bool lifetime = true);

}  // namespace omnisim
