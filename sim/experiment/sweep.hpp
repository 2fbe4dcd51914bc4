#pragma once
// Running a sweep's points (README "Sweeps"): each point's scenario frozen
// into its own model, every strategy on the same customers in each
// replication (common random numbers across strategies, and across points:
// every point runs with the scenario's simulation.seed), points one after
// another in the design's order, the engine parallel within each run. A
// finished point is handed on at once (the command makes it durable) and
// nothing of it is kept: memory stays flat whatever the number of points.
// This is the layer a distributed run (MPI) hands points out from.

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/experiment/sweep_spec.hpp"

namespace omnisim {

// What a point gives: values[(strategy * replications + replication) * kpis + kpi],
// the spec's strategies and KPIs in its order.
using PointValues = std::vector<double>;

// Evaluates one point (index, unit coordinates); `progress` takes the
// point's fraction done. The simulator is one evaluator; tests plug in
// analytic functions (the Ishigami function) through the same run.
using PointEvaluator = std::function<PointValues(
    std::size_t point, const std::vector<double>& unit,
    const std::function<void(double fraction_done, const std::string& current)>& progress)>;

// A point's scenario run: `strategies` x its replications on the same
// customers, the `kpis` kept in that order (omnisim.sweep's executors call
// it with the point's scenario alone).
PointValues evaluate_scenario(
    const Scenario& scenario, const std::vector<std::string>& strategies,
    const std::vector<std::string>& kpis, int threads,
    const std::function<void(double fraction_done, const std::string& current)>& progress = {});

// The simulator as the evaluator of `spec`'s points.
PointEvaluator simulator_evaluator(const SweepSpec& spec, int threads);

// Thrown out of a run when stop_requested turns true (the in-flight point
// is abandoned; the finished ones are already handed on).
struct SweepStopped {};

struct SweepRun {
  std::vector<std::size_t> points;  // to run, in this order
  std::function<void(std::size_t point, std::span<const double> values)> finished;
  const std::atomic<bool>* stop_requested = nullptr;
  std::function<void(double fraction_done, const std::string& current)> progress;
  // If given, set to the point whose error ended the run.
  std::optional<std::size_t>* failed_point = nullptr;
};

// The points of `run` on `unit_points`; returns how many finished (fewer
// than asked only when stopped). A point that fails ends the run with its
// error, prefixed "point N: " (numbered from 0, as the results file does),
// the points before it handed on.
std::size_t run_sweep_points(const std::vector<std::vector<double>>& unit_points,
                             const PointEvaluator& evaluate, const SweepRun& run);

// The points of shard `shard` (1-based) of `shards`: every shards-th group
// of `group_size` consecutive points from the shard's own, so that each
// shard covers the whole space and keeps a design's groups whole (a
// Saltelli group, a Morris trajectory).
std::vector<std::size_t> shard_points(std::size_t n_points, std::size_t shard, std::size_t shards,
                                      std::size_t group_size = 1);

// The points a design's analysis uses together: k + 2 for saltelli, k + 1
// for morris, else 1.
std::size_t design_group_size(const SweepSpec& spec);

}  // namespace omnisim
