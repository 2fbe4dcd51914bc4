// Global sensitivity (analysis/sensitivity.hpp) through the sweep machinery
// with an analytic function as the evaluator instead of the simulator: the
// Ishigami function's Sobol' indices are known in closed form (Ishigami &
// Homma 1990; Sobol' & Levitan 1999), Morris effects of a linear function
// are its slopes, and its standardised regression coefficients are its
// slopes scaled by the parameters' spread.

#include "analysis/sensitivity.hpp"

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <numbers>
#include <sstream>

#include <boost/math/distributions/normal.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "analysis/sensitivity_table.hpp"
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
                   double (*f)(const std::vector<double>&), std::int64_t morris_levels = 0,
                   bool second_order = false) {
  const std::size_t k = points.front().size();
  SweepLayout layout;
  layout.sweep_text = "analytic test target";
  layout.design = design;
  layout.morris_levels = morris_levels;
  layout.second_order = second_order ? 1 : 0;
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
  ASSERT_EQ(result.method, SweepSensitivity::Method::kSobol);
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
  ASSERT_EQ(result.method, SweepSensitivity::Method::kMorris);
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

// Saltelli's 2002 second-order estimator on Ishigami: x1 and x3 interact
// (S13 = 0.2437), the other pairs not; the design written to a sweep file
// with second_order and read back as `omnisim sensitivity` does.
TEST(Sensitivity, SecondOrderIndicesOfIshigamiContainTheAnalyticValues) {
  const double v1 = 0.5 * std::pow(1 + kB * std::pow(kPi, 4) / 5, 2);
  const double v2 = kA * kA / 8;
  const double v13 = kB * kB * std::pow(kPi, 8) * (1.0 / 18 - 1.0 / 50);
  const double s13 = v13 / (v1 + v2 + v13);
  ASSERT_NEAR(s13, 0.2437, 1e-4);
  const SweepData data = sweep_of("saltelli", saltelli_design(3, 4096, true), ishigami, 0, true);
  // Nine intervals at once, each at 1 - 0.05 / 9 (Bonferroni).
  const SweepSensitivity result =
      sweep_sensitivity(data, {"y", "analytic", ""}, {1.0 - 0.05 / 9, 1000, 1});
  ASSERT_EQ(result.indices.second.size(), 3U);
  const double exact[3] = {0.0, s13, 0.0};  // (1, 2), (1, 3), (2, 3)
  for (int p = 0; p < 3; ++p) {
    const SecondOrderIndex& pair = result.indices.second[p];
    EXPECT_NEAR(pair.estimate.estimate, exact[p], pair.estimate.half_width)
        << "S" << pair.i + 1 << pair.j + 1;
    EXPECT_LT(pair.estimate.half_width, 0.1);
  }
  EXPECT_TRUE(sobol_warnings(result.indices, data.layout.parameters).empty());
}

// The design skips the Sobol' sequence's first points (its corner and its
// centre, where A = B): no group is one point repeated.
TEST(Sensitivity, SaltelliGroupsAreNeverOnePointRepeated) {
  const std::size_t k = 3, group = saltelli_group_size(k);
  const auto points = saltelli_design(k, 32);
  for (std::size_t g = 0; g < 32; ++g)
    EXPECT_NE(points[g * group], points[g * group + group - 1]) << "group " << g;
}

double linear(const std::vector<double>& x) {
  return 2.0 * x[0] - x[1];
}

TEST(Sensitivity, RegressionIndicesOfALinearFunctionAreItsScaledSlopes) {
  const SweepData data =
      sweep_of("lhs", unit_design(DesignKind::kLatinHypercube, 3, 400, 7), linear);
  const SweepSensitivity result = sweep_sensitivity(data, {"y", "analytic", ""}, {0.95, 200, 1});
  ASSERT_EQ(result.method, SweepSensitivity::Method::kRegression);
  const RegressionIndices& indices = result.regression;
  EXPECT_NEAR(indices.r_squared, 1.0, 1e-12);
  // An exact fit: SRC_i = slope_i sd(x_i) / sd(y), in the sample.
  const auto sd = [&](const std::function<double(std::size_t)>& value) {
    const std::size_t n = data.layout.points;
    double mean = 0.0, squares = 0.0;
    for (std::size_t p = 0; p < n; ++p)
      mean += value(p) / static_cast<double>(n);
    for (std::size_t p = 0; p < n; ++p)
      squares += (value(p) - mean) * (value(p) - mean);
    return std::sqrt(squares / static_cast<double>(n - 1));
  };
  const auto column = [&](std::size_t c) {
    return [&data, c](std::size_t p) { return data.layout.value[p * 3 + c]; };
  };
  const double sd_y = sd([&](std::size_t p) {
    return linear({data.layout.value[p * 3], data.layout.value[p * 3 + 1], 0.0});
  });
  EXPECT_NEAR(indices.src[0].estimate, 2.0 * sd(column(0)) / sd_y, 1e-9);
  EXPECT_NEAR(indices.src[1].estimate, -1.0 * sd(column(1)) / sd_y, 1e-9);
  EXPECT_NEAR(indices.src[2].estimate, 0.0, 1e-9);
  // An exact linear output: its ranks are nearly linear in the parameters'.
  EXPECT_GT(indices.prcc[0].estimate, 0.9);
  EXPECT_LT(indices.prcc[1].estimate, -0.7);
  EXPECT_NEAR(indices.prcc[2].estimate, 0.0, 3 * indices.prcc[2].half_width);
}

double steep_monotone(const std::vector<double>& x) {
  return std::exp(12.0 * x[0]) + x[1];
}

TEST(Sensitivity, PartialRankCorrelationSeesAMonotoneEffectALinearFitMisses) {
  const SweepData data =
      sweep_of("lhs", unit_design(DesignKind::kLatinHypercube, 2, 300, 3), steep_monotone);
  const SweepSensitivity result = sweep_sensitivity(data, {"y", "analytic", ""}, {0.95, 200, 1});
  EXPECT_LT(result.regression.r_squared, 0.7);
  EXPECT_GT(result.regression.prcc[0].estimate, 0.99);
  const SensitivityTable table =
      sensitivity_table(result, data.layout.parameters, "y", "lhs", {0.95, 200, 1});
  ASSERT_EQ(table.warnings.size(), 1U);
  EXPECT_THAT(table.warnings[0], ::testing::HasSubstr("PRCC"));
}

// An output whose ranks follow one parameter's exactly (a fixed cost under
// common random numbers does this): PRCC is 1 there, not undefined, and
// undefined (NaN) for the other, which has nothing left to explain.
double ranked_by_first(const std::vector<double>& x) {
  return std::exp(3.0 * x[0]);
}

TEST(Sensitivity, AnOutputRankedByOneParameterHasPartialRankCorrelationOne) {
  const SweepData data =
      sweep_of("lhs", unit_design(DesignKind::kLatinHypercube, 2, 50, 5), ranked_by_first);
  const SweepSensitivity result = sweep_sensitivity(data, {"y", "analytic", ""}, {0.95, 100, 1});
  EXPECT_NEAR(result.regression.prcc[0].estimate, 1.0, 1e-9);
  EXPECT_TRUE(std::isnan(result.regression.prcc[1].estimate));
}

TEST(Sensitivity, AConstantOutputAndTooFewPointsAreSaid) {
  std::vector<double> constant(std::size_t{64} * 5, 2.5);
  const SobolIndices flat = sobol_indices(constant, 3, {0.95, 50, 1});
  EXPECT_TRUE(std::isnan(flat.first[0].estimate));
  const std::vector<std::string> names{"a", "b", "c"};
  const auto flat_warnings = sobol_warnings(flat, names);
  ASSERT_EQ(flat_warnings.size(), 1U);
  EXPECT_THAT(flat_warnings[0], ::testing::HasSubstr("constant"));
  std::vector<double> y;
  for (const auto& point : saltelli_design(3, 8))
    y.push_back(ishigami(point));
  const auto few = sobol_warnings(sobol_indices(y, 3, {0.95, 200, 1}), names);
  EXPECT_THAT(few, ::testing::Contains(::testing::HasSubstr("base points is small")));
}

TEST(Sensitivity, TheTableIsWrittenAsCsvAndJson) {
  std::vector<double> y;
  for (const auto& point : saltelli_design(3, 256, true))
    y.push_back(ishigami(point));
  SweepSensitivity result;
  result.indices = sobol_indices(y, 3, {0.95, 100, 1}, true);
  const SensitivityTable table =
      sensitivity_table(result, {"x1", "x2", "x3"}, "y", "saltelli", {0.95, 100, 1});
  ASSERT_EQ(table.rows.size(), 9U);  // S1, ST per parameter; three pairs
  std::ostringstream csv, json;
  write_sensitivity_csv(csv, table);
  write_sensitivity_json(json, table);
  EXPECT_THAT(csv.str(),
              ::testing::StartsWith("index,parameter,other,estimate,half_width\nS1,x1,,"));
  EXPECT_THAT(csv.str(), ::testing::HasSubstr("\nS2,x1,x3,"));
  EXPECT_THAT(json.str(), ::testing::HasSubstr("\"method\": \"sobol\""));
  EXPECT_THAT(json.str(), ::testing::HasSubstr("\"other\": \"x3\""));
}

}  // namespace
}  // namespace omnisim::sensitivity_test
