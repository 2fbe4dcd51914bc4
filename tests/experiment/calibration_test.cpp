// Calibration (sim/experiment/calibration.hpp): targets the simulator
// produced at known parameters are reproduced within their tolerance, at
// parameters near the known ones.

#include "sim/experiment/calibration.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::calibration_test {
namespace {

const std::vector<std::string> kSmall{"simulation.customers=3000", "simulation.replications=2",
                                      "simulation.horizon_days=730", "acquisition.window_days=730"};

double kpi_mean(const ExperimentResults& results, const std::string& name) {
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    if (results.kpis[k].name != name) continue;
    double sum = 0.0;
    for (const double value : results.kpi_column(0, k))
      sum += value;
    return sum / results.replications;
  }
  ADD_FAILURE() << "no KPI " << name;
  return 0.0;
}

TEST(Calibration, RecoversTargetsProducedAtKnownParameters) {
  const std::vector<FreeParameter> free{{"mechanisms.habit.utility", 0.5, 3.0},
                                        {"mechanisms.satisfaction.effort_weight", 0.2, 1.2}};
  const std::vector<double> known{2.1, 0.9};
  std::vector<std::string> at_known = kSmall;
  for (auto& assignment : free_overrides(free, known))
    at_known.push_back(assignment);
  const ExperimentResults truth = run_scenario(
      load_scenario(builtin_scenario_text(), "built-in", at_known), {"omnichannel"}, 0);

  CalibrationRequest request;
  request.scenario_text = std::string(builtin_scenario_text());
  request.scenario_name = "built-in";
  request.overrides = kSmall;
  request.strategy = "omnichannel";
  request.free = free;
  // Tolerances of a few per cent of what the parameters move the KPIs by.
  request.targets = {{"channels_per_shopper", kpi_mean(truth, "channels_per_shopper"), 0.01},
                     {"nps", kpi_mean(truth, "nps"), 0.5}};
  const CalibrationResult result = calibrate(request);
  EXPECT_TRUE(result.within_tolerance) << result.stopped_because;
  for (std::size_t t = 0; t < request.targets.size(); ++t) {
    EXPECT_NEAR(result.simulated[t], request.targets[t].value, request.targets[t].tolerance)
        << request.targets[t].kpi;
  }
  // The fit is the known point's, not another that happens to match: the
  // start (the ranges' centres, 1.75 and 0.7) is far from it.
  EXPECT_NEAR(result.values[0], known[0], 0.25);
  EXPECT_NEAR(result.values[1], known[1], 0.05);
  EXPECT_LE(result.evaluations, 200);
  // The uncertainty: a standard error per parameter from the objective's
  // curvature, small against the range and covering the known value.
  ASSERT_EQ(result.standard_errors.size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    const double error = result.standard_errors[i];
    ASSERT_TRUE(std::isfinite(error) && error > 0.0) << free[i].key;
    EXPECT_LT(error, 0.2 * (free[i].high - free[i].low)) << free[i].key;
    EXPECT_NEAR(result.values[i], known[i], 3.0 * error) << free[i].key;
  }
}

// compare prints shares as percents: a target of 75 for a share is refused
// with the value meant, not fitted to a residual of -98.8.
TEST(Calibration, ATargetInPercentForAShareIsRefusedWithTheShareMeant) {
  CalibrationRequest request;
  request.scenario_text = std::string(builtin_scenario_text());
  request.scenario_name = "built-in";
  request.overrides = {"simulation.customers=500", "simulation.replications=1"};
  request.strategy = "omnichannel";
  request.free = {{"mechanisms.habit.utility", 0.5, 3.0}};
  request.targets = {{"retention_12m", 75.0, 1.0}};
  try {
    calibrate(request);
    FAIL() << "a share's target of 75 was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("retention_12m is a share, from 0 to 1"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("did you mean 0.75?"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace omnisim::calibration_test
