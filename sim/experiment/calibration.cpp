#include "sim/experiment/calibration.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <limits>

#include <nlopt.hpp>

#include "sim/core/error.hpp"
#include "sim/core/linear_algebra.hpp"
#include "sim/core/numbers.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim {
namespace {

struct Evaluation {
  std::vector<double> simulated;
  double objective = std::numeric_limits<double>::infinity();
};

class Calibrator {
 public:
  explicit Calibrator(const CalibrationRequest& request) : request_(request) {}

  std::vector<double> values_at(const std::vector<double>& unit) const {
    std::vector<double> values;
    for (std::size_t i = 0; i < unit.size(); ++i) {
      const FreeParameter& free = request_.free[i];
      values.push_back(free.low + std::clamp(unit[i], 0.0, 1.0) * (free.high - free.low));
    }
    return values;
  }

  Scenario scenario_at(const std::vector<double>& values) const {
    std::vector<std::string> overrides = request_.overrides;
    for (auto& assignment : free_overrides(request_.free, values))
      overrides.push_back(std::move(assignment));
    return load_scenario(request_.scenario_text, request_.scenario_name, overrides);
  }

  // One evaluation of the search: counted, the best kept, progress told.
  Evaluation evaluate(const std::vector<double>& values) {
    Evaluation evaluation = simulate(values);
    ++evaluations_;
    if (best_values_.empty() || evaluation.objective < best_.objective) {
      best_ = evaluation;
      best_values_ = values;
    }
    if (request_.progress) request_.progress(evaluations_, best_.objective);
    return evaluation;
  }

  // The targets' KPIs and the objective at `values`, outside the search.
  Evaluation simulate(const std::vector<double>& values) const {
    // The years after the horizon only for a lifetime KPI's target.
    const bool lifetime = std::any_of(request_.targets.begin(), request_.targets.end(),
                                      [](const CalibrationTarget& target) {
                                        return target.kpi.find("lifetime") != std::string::npos;
                                      });
    const ExperimentResults results =
        run_scenario(scenario_at(values), {request_.strategy}, request_.threads, {}, lifetime);
    Evaluation evaluation;
    evaluation.objective = 0.0;
    for (const auto& target : request_.targets) {
      std::size_t k = 0;
      while (k < results.kpis.size() && results.kpis[k].name != target.kpi)
        ++k;
      if (k == results.kpis.size()) {
        throw InputError("--target: unknown KPI \"" + target.kpi +
                         "\" (omnisim compare --all-kpis lists them)");
      }
      // compare prints shares as percents; the KPIs (and targets) are shares
      // from 0 to 1 -- but for rates of change (..._per_year), which may be
      // negative or above 1.
      const bool rate_of_change = target.kpi.ends_with("_per_year");
      if (results.kpis[k].unit == "share" && !rate_of_change &&
          (target.value < 0.0 || target.value > 1.0)) {
        throw InputError("--target " + target.kpi + "=" + shortest_text(target.value) + ": " +
                         target.kpi + " is a share, from 0 to 1 (compare prints it as a " +
                         "percent); did you mean " + shortest_text(target.value / 100.0) + "?");
      }
      double sum = 0.0;
      const std::vector<double> column = results.kpi_column(0, k);
      for (const double value : column)
        sum += value;
      const double simulated = sum / static_cast<double>(column.size());
      evaluation.simulated.push_back(simulated);
      const double residual = (simulated - target.value) / target.tolerance;
      // An undefined KPI (no orders at all), or one too far to square, is as
      // far as can be.
      const double square = residual * residual;
      evaluation.objective += std::isfinite(square) ? square : 1e300;
    }
    evaluation.objective = std::min(evaluation.objective, 1e300);
    return evaluation;
  }

  const Evaluation& best() const { return best_; }
  const std::vector<double>& best_values() const { return best_values_; }
  int evaluations() const { return evaluations_; }

 private:
  const CalibrationRequest& request_;
  Evaluation best_;
  std::vector<double> best_values_;
  int evaluations_ = 0;
};

// Each calibrated value's standard error from the objective's curvature at
// the optimum: with residuals r_t = (simulated_t - target_t) / tolerance_t
// and J = dr/dvalue by central differences (one-sided at the range's edge;
// common random numbers make the simulated KPIs smooth in the parameters),
// the covariance is (J'J)^-1 -- the quadratic approximation of the profile
// of the objective, whose 1-unit rise bounds a one-standard-error interval
// when the tolerances are the targets' standard errors. NaN for a
// parameter the targets do not identify (J'J singular, fewer targets than
// parameters) or where a neighbouring value cannot run. These runs are not
// the search's: not counted, no progress.
// A pivot this small against the matrix's largest diagonal entry is
// rounding residue: the matrix is singular.
constexpr double kSingular = 1e-12;

std::vector<double> curvature_standard_errors(const CalibrationRequest& request,
                                              const Calibrator& calibrator,
                                              const std::vector<double>& values) {
  constexpr double kStep = 0.02;  // of the parameter's range
  const std::size_t n = values.size(), m = request.targets.size();
  std::vector<double> errors(n, std::numeric_limits<double>::quiet_NaN());
  if (m < n) return errors;
  std::vector<std::vector<double>> jacobian(m, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    const FreeParameter& free = request.free[i];
    const double h = kStep * (free.high - free.low);
    std::vector<double> up = values, down = values;
    up[i] = std::min(free.high, values[i] + h);
    down[i] = std::max(free.low, values[i] - h);
    std::vector<double> above, below;
    try {
      above = calibrator.simulate(up).simulated;
      below = calibrator.simulate(down).simulated;
    } catch (const Error&) {
      return errors;  // a neighbour the model cannot run: no curvature
    }
    for (std::size_t t = 0; t < m; ++t) {
      jacobian[t][i] = (above[t] - below[t]) / (up[i] - down[i]) / request.targets[t].tolerance;
    }
  }
  std::vector<std::vector<double>> information(n, std::vector<double>(n, 0.0));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b)
      for (std::size_t t = 0; t < m; ++t)
        information[a][b] += jacobian[t][a] * jacobian[t][b];
  const auto covariance = inverse(information, kSingular);
  if (covariance.empty()) return errors;
  for (std::size_t i = 0; i < n; ++i) {
    if (covariance[i][i] > 0.0 && std::isfinite(covariance[i][i]))
      errors[i] = std::sqrt(covariance[i][i]);
  }
  return errors;
}

}  // namespace

std::vector<std::string> free_overrides(const std::vector<FreeParameter>& free,
                                        const std::vector<double>& values) {
  std::vector<std::string> overrides;
  for (std::size_t i = 0; i < free.size(); ++i)
    overrides.push_back(free[i].key + "=" + shortest_text(values[i]));
  return overrides;
}

CalibrationResult calibrate(const CalibrationRequest& request) {
  if (request.free.empty()) throw InputError("--free: name one parameter or more to calibrate");
  if (request.targets.empty()) throw InputError("--target: give one target or more");
  for (const auto& free : request.free) {
    if (!(free.low < free.high)) {
      throw InputError("--free " + free.key + ": expected a range [low, high] with low < high");
    }
  }
  for (const auto& target : request.targets) {
    if (!(target.tolerance > 0.0)) {
      throw InputError("--target " + target.kpi + ": expected a tolerance > 0");
    }
  }
  Calibrator calibrator(request);
  const std::size_t n = request.free.size();
  // The first evaluation, at the centre, checks every name before the
  // optimiser starts.
  std::vector<double> unit(n, 0.5);
  calibrator.evaluate(calibrator.values_at(unit));

  // BOBYQA needs two dimensions or more; Subplex (Nelder-Mead on one) does one.
  nlopt::opt optimiser(n >= 2 ? nlopt::LN_BOBYQA : nlopt::LN_SBPLX, static_cast<unsigned>(n));
  optimiser.set_lower_bounds(std::vector<double>(n, 0.0));
  optimiser.set_upper_bounds(std::vector<double>(n, 1.0));
  optimiser.set_initial_step(std::vector<double>(n, 0.25));
  optimiser.set_xtol_abs(1e-4);
  optimiser.set_maxeval(std::max(1, request.max_evaluations - 1));
  // Zero residuals (the targets met exactly) need no more search.
  optimiser.set_stopval(1e-12);
  // NLopt's C++ wrapper turns an exception in the objective into "nlopt
  // failure": the objective keeps it and stops the search, and it is
  // rethrown as it was.
  struct Search {
    Calibrator* calibrator;
    std::size_t dimensions;
    std::exception_ptr error;
  } search{&calibrator, n, nullptr};
  const auto objective = [](unsigned, const double* x, double*, void* data) {
    auto& s = *static_cast<Search*>(data);
    try {
      const std::vector<double> point(x, x + s.dimensions);
      return s.calibrator->evaluate(s.calibrator->values_at(point)).objective;
    } catch (...) {
      s.error = std::current_exception();
      throw nlopt::forced_stop();
    }
  };
  optimiser.set_min_objective(objective, &search);
  CalibrationResult result;
  double reached = 0.0;
  try {
    switch (optimiser.optimize(unit, reached)) {
      case nlopt::MAXEVAL_REACHED:
        result.stopped_because = "the most evaluations allowed";
        break;
      case nlopt::STOPVAL_REACHED:
        result.stopped_because = "the targets met exactly";
        break;
      default:
        result.stopped_because = "converged (parameters stable to 1e-4 of their range)";
        break;
    }
  } catch (const nlopt::roundoff_limited&) {
    result.stopped_because = "no further progress possible (round-off)";
  } catch (const nlopt::forced_stop&) {
    if (search.error) std::rethrow_exception(search.error);
    throw;
  }
  result.values = calibrator.best_values();
  result.simulated = calibrator.best().simulated;
  result.objective = calibrator.best().objective;
  result.evaluations = calibrator.evaluations();
  result.within_tolerance = true;
  for (std::size_t t = 0; t < request.targets.size(); ++t) {
    const auto& target = request.targets[t];
    result.within_tolerance =
        result.within_tolerance && std::abs(result.simulated[t] - target.value) <= target.tolerance;
  }
  result.scenario = calibrator.scenario_at(result.values);
  result.standard_errors = curvature_standard_errors(request, calibrator, result.values);
  return result;
}

}  // namespace omnisim
