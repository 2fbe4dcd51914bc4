#pragma once
// Calibration (README "Calibration"): the values of free scenario
// parameters that make a strategy's simulated KPIs reproduce observed
// targets. Each evaluation runs the scenario with the same seed (common
// random numbers), so the objective changes only because the parameters
// do, and a derivative-free optimiser (NLopt's BOBYQA, in the free
// parameters' unit box) can follow it. The objective is the sum of the
// squared residuals in tolerances, ((simulated - target) / tolerance)^2.

#include <functional>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace omnisim {

struct CalibrationTarget {
  std::string kpi;
  double value = 0.0;
  double tolerance = 0.0;  // > 0, in the KPI's unit
};

struct FreeParameter {
  std::string key;  // scenario key path
  double low = 0.0, high = 1.0;
};

struct CalibrationRequest {
  std::string scenario_text;  // the base scenario's TOML
  std::string scenario_name;
  std::vector<std::string> overrides;  // --set, before the free parameters
  std::string strategy;
  std::vector<CalibrationTarget> targets;
  std::vector<FreeParameter> free;
  int threads = 0;
  int max_evaluations = 200;
  // After each evaluation: its number and the best objective so far.
  std::function<void(int evaluation, double best_objective)> progress;
};

struct CalibrationResult {
  std::vector<double> values;  // of the free parameters, best found
  // Each value's standard error from the objective's curvature there
  // (calibration.cpp); NaN where the targets do not identify it.
  std::vector<double> standard_errors;
  std::vector<double> simulated;  // each target's KPI there (mean over replications)
  double objective = 0.0;
  int evaluations = 0;
  bool within_tolerance = false;  // every target within its tolerance
  std::string stopped_because;
  Scenario scenario;  // the calibrated scenario
};

// The free parameters' --set overrides at `values`.
std::vector<std::string> free_overrides(const std::vector<FreeParameter>& free,
                                        const std::vector<double>& values);

// InputError for an unknown KPI, strategy or key (found by a first
// evaluation at the box's centre) or an empty or inverted range.
CalibrationResult calibrate(const CalibrationRequest& request);

}  // namespace omnisim
