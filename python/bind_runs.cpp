// run, compare and explain: experiments on a scenario, without the GIL and
// stoppable by Ctrl-C (python/interruptible.hpp). They return arrays and
// plain values; python/omnisim/_frames.py makes the DataFrames.

#include <algorithm>

#include "python/bindings.hpp"
#include "python/interruptible.hpp"
#include "python/numpy_owned.hpp"
#include "python/scenario_handle.hpp"
#include <pybind11/stl.h>

#include "analysis/explain.hpp"
#include "analysis/ranking.hpp"
#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/experiment/ablation.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/kpi/catalogue.hpp"
#include "sim/model/model.hpp"

namespace py = pybind11;

namespace omnisim::python {
namespace {

std::vector<std::string> strategy_names(const Model& model) {
  std::vector<std::string> names;
  for (const auto& strategy : model.strategies)
    names.push_back(strategy.name);
  return names;
}

// Model indices of `names` (every strategy if none), in that order.
std::vector<int> strategy_indices(const Model& model, const std::vector<std::string>& names) {
  const std::vector<std::string> known = strategy_names(model);
  std::vector<int> indices;
  if (names.empty()) {
    for (std::size_t s = 0; s < known.size(); ++s)
      indices.push_back(static_cast<int>(s));
    return indices;
  }
  for (const std::string& name : names) {
    const auto found = std::find(known.begin(), known.end(), name);
    if (found == known.end()) throw InputError(unknown_name("strategy", "strategies", name, known));
    const auto index = static_cast<int>(found - known.begin());
    if (std::find(indices.begin(), indices.end(), index) != indices.end())
      throw InputError("strategies: \"" + name + "\" is listed twice");
    indices.push_back(index);
  }
  return indices;
}

py::dict interval(const Interval& value) {
  py::dict out;
  out["mean"] = value.mean;
  out["half_width"] = value.half_width;
  return out;
}

py::dict ranking_dict(const Model& model, const ExperimentResults& results,
                      const Ranking& ranking) {
  py::list rows;
  for (const RankedStrategy& ranked : ranking.ranked) {
    py::dict row;
    row["strategy"] = model.strategies[results.strategies[ranked.slot]].name;
    row["value"] = ranked.value.mean;
    row["value_half_width"] = ranked.value.half_width;
    row["to_best"] = ranked.to_best.mean;
    row["to_best_half_width"] = ranked.to_best.half_width;
    row["tied"] = ranked.tied_with_best;
    row["reason"] = ranked.reason;
    rows.append(row);
  }
  py::dict out;
  out["rows"] = rows;
  out["objective"] = ranking.objective;
  out["unit"] = ranking.unit;
  out["goal"] = ranking.goal == ObjectiveGoal::kMaximise ? "maximise" : "minimise";
  return out;
}

// Everything an experiment measured, as arrays [strategy, replication, ...].
py::dict results_dict(const Model& model, ExperimentResults&& results) {
  const auto n_strategies = static_cast<py::ssize_t>(results.strategies.size());
  const auto n_replications = static_cast<py::ssize_t>(results.replications);
  const auto n_kpis = static_cast<py::ssize_t>(results.kpis.size());
  const auto n_periods = static_cast<py::ssize_t>(model.time.n_periods);
  py::dict out;
  py::list strategies, kpis, units, groups, better;
  for (const int s : results.strategies)
    strategies.append(model.strategies[s].name);
  for (const KpiDefinition& kpi : results.kpis) {
    kpis.append(kpi.name);
    units.append(kpi.unit);
    groups.append(kpi.group);
    better.append(to_string(kpi.better));
  }
  out["strategies"] = strategies;
  out["kpis"] = kpis;
  out["units"] = units;
  out["groups"] = groups;
  out["better"] = better;
  out["replications"] = results.replications;

  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(n_strategies * n_replications * n_kpis));
  for (const auto& strategy : results.kpi_values)
    for (const auto& replication : strategy)
      values.insert(values.end(), replication.begin(), replication.end());
  out["values"] = numpy_owned(std::move(values), {n_strategies, n_replications, n_kpis});

  constexpr auto kSeries = static_cast<py::ssize_t>(TimeSeriesRow::kNames.size());
  std::vector<double> series;
  series.reserve(static_cast<std::size_t>(n_strategies * n_replications * n_periods * kSeries));
  for (const auto& strategy : results.timeseries)
    for (const auto& replication : strategy)
      for (const TimeSeriesRow& row : replication) {
        const auto fields = row.values();
        series.insert(series.end(), fields.begin(), fields.end());
      }
  py::list series_names;
  for (const auto name : TimeSeriesRow::kNames)
    series_names.append(std::string(name));
  out["series_names"] = series_names;
  out["timeseries"] =
      numpy_owned(std::move(series), {n_strategies, n_replications, n_periods, kSeries});
  std::vector<double> starts, ends;
  for (py::ssize_t p = 0; p < n_periods; ++p) {
    starts.push_back(static_cast<double>(p) * model.time.period_days);
    ends.push_back(
        std::min(model.time.horizon_days, static_cast<double>(p + 1) * model.time.period_days));
  }
  out["period_start_day"] = numpy_owned(std::move(starts));
  out["period_end_day"] = numpy_owned(std::move(ends));

  const auto n_months =
      static_cast<py::ssize_t>(results.retention_curve.empty() || results.retention_curve[0].empty()
                                   ? 0
                                   : results.retention_curve[0][0].size());
  std::vector<double> retention;
  for (const auto& strategy : results.retention_curve)
    for (const auto& replication : strategy)
      retention.insert(retention.end(), replication.begin(), replication.end());
  out["retention"] = numpy_owned(std::move(retention), {n_strategies, n_replications, n_months});
  return out;
}

py::dict experiment(const ScenarioHandle& scenario, const std::vector<std::string>& strategies,
                    int threads) {
  const Model model = build_model(scenario.scenario());
  check_objective(model);
  ExperimentRequest request;
  request.strategies = strategy_indices(model, strategies);
  request.threads = threads;
  ExperimentResults results;
  run_interruptibly([&](const std::atomic<bool>& stop) {
    request.progress = [&stop](double, const std::string&) { check_stop(stop); };
    results = run_experiment(model, request);
  });
  py::dict out;
  out["ranking"] =
      ranking_dict(model, results, rank_strategies(model, results, model.analysis.confidence));
  out["baseline"] = model.strategies[model.analysis.baseline_strategy].name;
  out["confidence"] = model.analysis.confidence;
  py::dict measured = results_dict(model, std::move(results));
  for (const auto item : measured)
    out[item.first] = item.second;
  return out;
}

py::dict explain_runs(const ScenarioHandle& scenario, const std::string& target,
                      std::string baseline, const std::vector<std::string>& kpis,
                      const std::vector<std::string>& mechanisms, const std::string& method,
                      int threads) {
  const Model model = build_model(scenario.scenario());
  if (baseline.empty()) baseline = model.strategies[model.analysis.baseline_strategy].name;
  strategy_indices(model, {target, baseline});  // both exist, and differ
  const auto named = attribution_named(method);
  if (!named) throw InputError("method: expected shapley or one-at-a-time, got \"" + method + "\"");
  const Attribution attribution = *named;
  const KpiCatalogue catalogue(model);
  std::vector<std::string> decomposed = kpis;
  if (decomposed.empty()) decomposed.push_back(model.analysis.objective);
  for (const std::string& kpi : decomposed) {
    if (catalogue.index_of(kpi) < 0) throw InputError("kpis: unknown KPI \"" + kpi + "\"");
  }
  AblationRequest request{target, baseline, mechanisms, threads, {}};
  request.mechanisms = attribution == Attribution::kShapley
                           ? coalition_players(scenario.scenario(), request)
                           : ablated_players(scenario.scenario(), request);
  std::vector<Waterfall> waterfalls;
  // The worker's own copy: another Python thread may set() the handle.
  const Scenario base = scenario.scenario();  // NOLINT(performance-unnecessary-copy-initialization)
  run_interruptibly([&](const std::atomic<bool>& stop) {
    request.progress = [&stop](double, const std::string&) { check_stop(stop); };
    const double confidence = model.analysis.confidence;
    if (attribution == Attribution::kShapley) {
      waterfalls = explain_shapley(run_coalitions(base, request), decomposed, confidence);
    } else {
      waterfalls = explain(run_ablation(base, request), decomposed, confidence);
    }
  });
  py::list rows;
  const auto add = [&](const Waterfall& waterfall, const std::string& term,
                       const std::string& group, const Interval& value) {
    py::dict row = interval(value);
    row["kpi"] = waterfall.kpi;
    row["unit"] = waterfall.unit;
    row["term"] = term;
    row["group"] = group;
    rows.append(row);
  };
  for (const Waterfall& waterfall : waterfalls) {
    add(waterfall, "total", "", waterfall.total);
    add(waterfall, "structural", "", waterfall.structural);
    for (const auto& [player, value] : waterfall.parts)
      add(waterfall, player, std::string(player_group_name(player_group(player))), value);
    if (waterfall.interaction) add(waterfall, "interaction", "", *waterfall.interaction);
  }
  py::dict out;
  out["rows"] = rows;
  out["target"] = target;
  out["baseline"] = baseline;
  out["method"] = std::string(attribution_name(attribution));
  out["mechanisms"] = request.mechanisms;
  return out;
}

}  // namespace

void bind_runs(py::module_& m) {
  m.def("experiment", &experiment, py::arg("scenario"), py::arg("strategies"),
        py::arg("threads") = 0,
        "Runs the strategies (all if empty) x replications on the same customers.");
  m.def("explain", &explain_runs, py::arg("scenario"), py::arg("target"), py::arg("baseline"),
        py::arg("kpis"), py::arg("mechanisms"), py::arg("method"), py::arg("threads") = 0,
        "Decomposes target - baseline by mechanism (Shapley or one at a time).");
}

}  // namespace omnisim::python
