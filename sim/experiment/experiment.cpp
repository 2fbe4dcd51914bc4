#include "sim/experiment/experiment.hpp"

#include "sim/core/error.hpp"

namespace omnisim {

ExperimentResults run_experiment(const Model& model, const ExperimentRequest& request) {
  const KpiCatalogue catalogue(model);
  const auto n_strategies = request.strategies.size();
  const int replications = model.simulation.replications;

  ExperimentResults results;
  results.strategies = request.strategies;
  results.replications = replications;
  results.kpis = catalogue.definitions();
  results.kpi_values.assign(n_strategies, {});
  results.timeseries.assign(n_strategies, {});
  results.retention_curve.assign(n_strategies, {});

  const double total_runs = static_cast<double>(n_strategies) * replications;
  int runs_done = 0;
  for (int replication = 0; replication < replications; ++replication) {
    for (std::size_t slot = 0; slot < n_strategies; ++slot) {
      const int strategy = request.strategies[slot];
      RunRequest run;
      run.strategy = strategy;
      run.replication = replication;
      run.threads = request.threads;
      // One narration per strategy is enough: the first replication.
      if (replication == 0) run.trace_customer = request.trace_customer;
      run.trace_out = request.trace_out;
      run.customer_rows = request.customer_rows;
      run.events = request.events;
      run.lifetime = request.lifetime;
      run.world = request.world;
      if (request.progress) {
        const std::string current = model.strategies[strategy].name + ", replication " +
                                    std::to_string(replication + 1) + '/' +
                                    std::to_string(replications);
        run.progress = [&, current](double fraction) {
          request.progress((runs_done + fraction) / total_runs, current);
        };
      }
      RunResult result = run_simulation(model, run);
      if (request.exchange != nullptr) {
        request.exchange->bytes_sent += result.exchange.bytes_sent;
        request.exchange->exchanges += result.exchange.exchanges;
      }
      results.kpi_values[slot].push_back(catalogue.compute(result.totals, result.timeseries));
      results.retention_curve[slot].push_back(retention_curve(result.totals));
      results.timeseries[slot].push_back(std::move(result.timeseries));
      ++runs_done;
    }
  }
  return results;
}

ExperimentResults run_scenario(
    const Scenario& scenario, const std::vector<std::string>& strategies, int threads,
    const std::function<void(double fraction_done, const std::string& current)>& progress,
    bool lifetime) {
  const Model model = build_model(scenario);
  ExperimentRequest experiment;
  for (const auto& name : strategies) {
    experiment.strategies.push_back(model.require_strategy(name));
  }
  experiment.threads = threads;
  experiment.progress = progress;
  experiment.lifetime = lifetime;
  return run_experiment(model, experiment);
}

}  // namespace omnisim
