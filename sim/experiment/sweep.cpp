#include "sim/experiment/sweep.hpp"

#include <algorithm>

#include "sim/core/error.hpp"
#include "sim/experiment/experiment.hpp"

namespace omnisim {

PointValues evaluate_scenario(
    const Scenario& scenario, const std::vector<std::string>& strategies,
    const std::vector<std::string>& kpis, int threads,
    const std::function<void(double fraction_done, const std::string& current)>& progress) {
  const ExperimentResults results = run_scenario(scenario, strategies, threads, progress);
  std::vector<std::size_t> kept;
  for (const auto& name : kpis) {
    std::size_t k = 0;
    while (k < results.kpis.size() && results.kpis[k].name != name)
      ++k;
    if (k == results.kpis.size()) {
      throw InputError("kpis: unknown KPI \"" + name +
                       "\" (omnisim compare --all-kpis lists them)");
    }
    kept.push_back(k);
  }
  PointValues values;
  values.reserve(results.kpi_values.size() * static_cast<std::size_t>(results.replications) *
                 kept.size());
  for (const auto& strategy : results.kpi_values) {
    for (const auto& replication : strategy) {
      for (const std::size_t k : kept)
        values.push_back(replication[k]);
    }
  }
  return values;
}

PointEvaluator simulator_evaluator(const SweepSpec& spec, int threads) {
  return [&spec, threads](std::size_t, const std::vector<double>& unit,
                          const std::function<void(double, const std::string&)>& progress) {
    return evaluate_scenario(point_scenario(spec, unit), spec.strategies, spec.kpis, threads,
                             progress);
  };
}

std::size_t run_sweep_points(const std::vector<std::vector<double>>& unit_points,
                             const PointEvaluator& evaluate, const SweepRun& run) {
  const auto stopping = [&] {
    return run.stop_requested != nullptr && run.stop_requested->load(std::memory_order_relaxed);
  };
  const double total = static_cast<double>(run.points.size());
  std::size_t done = 0;
  for (const std::size_t point : run.points) {
    if (stopping()) return done;
    const std::string label =
        "point " + std::to_string(point + 1) + '/' + std::to_string(unit_points.size());
    const auto progress = [&](double fraction, const std::string& current) {
      // The engine reports between periods: a stop request ends the point there.
      if (stopping()) throw SweepStopped{};
      if (run.progress) {
        run.progress((static_cast<double>(done) + fraction) / total, label + ", " + current);
      }
    };
    PointValues values;
    try {
      values = evaluate(point, unit_points.at(point), progress);
    } catch (const SweepStopped&) {
      return done;
    } catch (const InputError& error) {
      if (run.failed_point != nullptr) *run.failed_point = point;
      // Named as the results file numbers points, from 0.
      std::vector<std::string> problems;
      for (const auto& problem : error.problems())
        problems.push_back("point " + std::to_string(point) + ": " + problem);
      throw InputError(std::move(problems));
    } catch (const Error& error) {
      if (run.failed_point != nullptr) *run.failed_point = point;
      throw ModelError("point " + std::to_string(point) + ": " + error.what());
    }
    run.finished(point, values);
    ++done;
  }
  return done;
}

std::vector<std::size_t> shard_points(std::size_t n_points, std::size_t shard, std::size_t shards,
                                      std::size_t group_size) {
  std::vector<std::size_t> points;
  for (std::size_t group = shard - 1; group * group_size < n_points; group += shards) {
    for (std::size_t p = group * group_size; p < std::min(n_points, (group + 1) * group_size); ++p)
      points.push_back(p);
  }
  return points;
}

std::size_t design_group_size(const SweepSpec& spec) {
  switch (spec.design) {
    case DesignKind::kSaltelli:
      return saltelli_group_size(spec.parameters.size(), spec.second_order);
    case DesignKind::kMorris:
      return spec.parameters.size() + 1;
    default:
      return 1;
  }
}

}  // namespace omnisim
