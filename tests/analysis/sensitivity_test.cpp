// Global sensitivity (analysis/sensitivity.hpp) through the sweep machinery
// with an analytic function as the evaluator instead of the simulator: the
// Ishigami function's Sobol' indices are known in closed form (Ishigami &
// Homma 1990; Sobol' & Levitan 1999), and Morris effects of a linear
// function are its slopes.

#include "analysis/sensitivity.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <numbers>

#include <boost/math/distributions/normal.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include "analysis/sweep_analysis.hpp"
#include "sim/experiment/design.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/io/sweep_file.hpp"

namespace omnisim::sensitivity_test {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kA = 7.0, kB = 0.1;

double ishigami(const std::vector<double>& unit) {
  // Each parameter uniform on [-pi, pi].
  const double x1 = -kPi + 2 * kPi * unit[0], x2 = -kPi + 2 * kPi * unit[1],
               x3 = -kPi + 2 * kPi * unit[2];
  return std::sin(x1) + kA * std::sin(x2) * std::sin(x2) + kB * std::pow(x3, 4) * std::sin(x1);
}

// Runs `design` through run_sweep_points with `f` as the evaluator, writes
// the sweep file and reads it back, as `omnisim sweep` and `omnisim
// sensitivity` do.
SweepData sweep_of(const std::string& design, const std::vector<std::vector<double>>& points,
                   double (*f)(const std::vector<double>&), std::int64_t morris_levels = 0) {
  const std::size_t k = points.front().size();
  SweepLayout layout;
  layout.sweep_text = "analytic test target";
  layout.design = design;
  layout.morris_levels = morris_levels;
  layout.strategies = {"analytic"};
  layout.kpis = {"y"};
  layout.kpi_units = {""};
  layout.points = points.size();
  for (std::size_t i = 0; i < k; ++i) {
    std::string name = "x";
    name += std::to_string(i + 1);  // (GCC 12 warns falsely of "x" + string)
    layout.parameters.push_back(name);
  }
  for (const auto& point : points) {
    layout.unit.insert(layout.unit.end(), point.begin(), point.end());
    layout.value.insert(layout.value.end(), point.begin(), point.end());
  }
  std::map<std::size_t, std::vector<double>> finished;
  SweepRun run;
  for (std::size_t p = 0; p < points.size(); ++p)
    run.points.push_back(p);
  run.finished = [&](std::size_t point, std::span<const double> values) {
    finished[point].assign(values.begin(), values.end());
  };
  const PointEvaluator evaluate = [f](std::size_t, const std::vector<double>& unit, const auto&) {
    return PointValues{f(unit)};
  };
  EXPECT_EQ(run_sweep_points(points, evaluate, run), points.size());
  std::string name = "omnisim-sensitivity-";
  name += std::to_string(::getpid());
  name += "-" + design + ".h5";
  const auto path = std::filesystem::temp_directory_path() / name;
  std::vector<std::size_t> done;
  done.reserve(finished.size());
  for (const auto& [point, values] : finished)
    done.push_back(point);
  write_sweep_file(path, true, layout, done, [&](std::size_t point) { return finished.at(point); });
  SweepData data = read_sweep_file(path);
  std::filesystem::remove(path);
  return data;
}

TEST(Sensitivity, SobolIndicesOfIshigamiContainTheAnalyticValues) {
  const double v1 = 0.5 * std::pow(1 + kB * std::pow(kPi, 4) / 5, 2);
  const double v2 = kA * kA / 8;
  const double v13 = kB * kB * std::pow(kPi, 8) * (1.0 / 18 - 1.0 / 50);
  const double variance = v1 + v2 + v13;
  const double first[3] = {v1 / variance, v2 / variance, 0.0};
  const double total[3] = {(v1 + v13) / variance, v2 / variance, v13 / variance};

  const SweepData data = sweep_of("saltelli", saltelli_design(3, 4096), ishigami);
  // Six intervals at once: each at 1 - 0.05 / 6 (Bonferroni), so that all
  // six hold together with 95 % probability.
  const SweepSensitivity result =
      sweep_sensitivity(data, {"y", "analytic", ""}, {1.0 - 0.05 / 6, 1000, 1});
  ASSERT_TRUE(result.sobol);
  EXPECT_EQ(result.indices.base_points, 4096U);
  for (int i = 0; i < 3; ++i) {
    const IndexEstimate& s = result.indices.first[i];
    const IndexEstimate& t = result.indices.total[i];
    EXPECT_NEAR(s.estimate, first[i], s.half_width) << "S" << i + 1;
    EXPECT_NEAR(t.estimate, total[i], t.half_width) << "ST" << i + 1;
    // The intervals are informative, not wide enough to hold anything.
    EXPECT_LT(s.half_width, 0.1) << "S" << i + 1;
    EXPECT_LT(t.half_width, 0.1) << "ST" << i + 1;
  }
}

TEST(Sensitivity, MorrisEffectsOfALinearFunctionAreItsSlopesWithNoSpread) {
  const auto f = [](const std::vector<double>& x) { return 2.0 * x[0] - 3.0 * x[1]; };
  const SweepData data = sweep_of("morris", morris_design(3, 20, 4, 5), +f, 4);
  const SweepSensitivity result = sweep_sensitivity(data, {"y", "analytic", ""}, {});
  ASSERT_FALSE(result.sobol);
  EXPECT_EQ(result.effects.trajectories, 20U);
  const double slopes[3] = {2.0, -3.0, 0.0};
  for (int d = 0; d < 3; ++d) {
    EXPECT_NEAR(result.effects.mu[d], slopes[d], 1e-9) << d;
    EXPECT_NEAR(result.effects.mu_star[d].estimate, std::abs(slopes[d]), 1e-9) << d;
    EXPECT_NEAR(result.effects.sigma[d], 0.0, 1e-9) << d;
  }
}

TEST(Sensitivity, MorrisSigmaShowsInteractionsAndNonlinearity) {
  // x1 acts alone and linearly; x2 and x3 only through their product.
  const auto f = [](const std::vector<double>& x) { return x[0] + 4.0 * x[1] * x[2]; };
  const SweepData data = sweep_of("morris", morris_design(3, 30, 4, 9), +f, 4);
  const MorrisEffects effects = sweep_sensitivity(data, {"y", "analytic", ""}, {}).effects;
  EXPECT_NEAR(effects.sigma[0], 0.0, 1e-9);
  EXPECT_GT(effects.sigma[1], 0.5);
  EXPECT_GT(effects.sigma[2], 0.5);
}

TEST(Sensitivity, SobolIndicesDoNotDependOnTheOutputsMean) {
  // A KPI difference of a few hundredths over a level near 1 (a retention
  // rate) must not drown the first-order estimator in its mean.
  std::vector<double> y, shifted;
  for (const auto& point : saltelli_design(3, 256)) {
    y.push_back(ishigami(point));
    shifted.push_back(ishigami(point) + 1000.0);
  }
  const SobolIndices plain = sobol_indices(y, 3, {0.95, 100, 1});
  const SobolIndices offset = sobol_indices(shifted, 3, {0.95, 100, 1});
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(offset.first[i].estimate, plain.first[i].estimate, 1e-9) << i;
    EXPECT_NEAR(offset.first[i].half_width, plain.first[i].half_width, 1e-9) << i;
    EXPECT_NEAR(offset.total[i].estimate, plain.total[i].estimate, 1e-9) << i;
  }
}

TEST(Sensitivity, EstimatorsUseOnlyWholeGroupsOfAPartialRun) {
  std::vector<double> y;
  for (const auto& point : saltelli_design(3, 64))
    y.push_back(ishigami(point));
  std::vector<double> partial = y;
  partial[5 * 5 + 2] = std::nan("");  // one output of group 5 missing
  const SobolIndices all = sobol_indices(y, 3, {0.95, 10, 1});
  const SobolIndices missing = sobol_indices(partial, 3, {0.95, 10, 1});
  EXPECT_EQ(all.base_points, 64U);
  EXPECT_EQ(missing.base_points, 63U);
  EXPECT_TRUE(std::isfinite(missing.first[0].estimate));
}

}  // namespace
}  // namespace omnisim::sensitivity_test
