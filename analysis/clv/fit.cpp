#include "analysis/clv/fit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <span>
#include <tuple>

#include <nlopt.hpp>

#include "analysis/clv/likelihood_sums.hpp"
#include "sim/core/error.hpp"
#include "sim/core/linear_algebra.hpp"
#include "sim/core/numbers.hpp"

namespace omnisim {
namespace {

// The log-likelihood of the parameters, and its gradient in the log
// parameters when `gradient` is not empty (a model without one leaves it).
using Objective =
    std::function<double(const std::vector<double>& parameters, std::span<double> gradient)>;

// The search box in log space: e^-12 to e^12 (6e-6 to 1.6e5), far beyond
// any identified parameter; one that ends near it was not identified.
constexpr double kLogBound = 12.0;

// Customers with the same summary share one log-likelihood term: sorted,
// then runs of equal summaries merged (in the summaries' order, so the
// sums do not depend on the customers' order).
std::vector<SummaryGroup> grouped(const std::vector<CustomerSummary>& customers, bool spend_only) {
  std::vector<SummaryGroup> groups;
  groups.reserve(customers.size());
  for (const auto& c : customers) {
    if (spend_only && !gamma_gamma_uses(c)) continue;
    groups.push_back({c.x, spend_only ? 0.0 : c.t_x, spend_only ? 0.0 : c.T,
                      spend_only ? c.mean_repeat_spend : 0.0, 1.0});
  }
  const auto key = [](const SummaryGroup& g) { return std::tie(g.x, g.t_x, g.T, g.m_x); };
  std::sort(groups.begin(), groups.end(),
            [&](const SummaryGroup& a, const SummaryGroup& b) { return key(a) < key(b); });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (kept > 0 && key(groups[kept - 1]) == key(groups[i])) {
      groups[kept - 1].count += 1.0;
    } else {
      groups[kept++] = groups[i];
    }
  }
  groups.resize(kept);
  groups.shrink_to_fit();
  return groups;
}

// The parameters of log parameters.
std::vector<double> exponentials(const double* log_parameters, std::size_t n) {
  std::vector<double> parameters(n);
  for (std::size_t i = 0; i < n; ++i)
    parameters[i] = std::exp(log_parameters[i]);
  return parameters;
}

struct Search {
  const Objective* objective = nullptr;
  int evaluations = 0;
  // The best point seen: where a search that fails (L-BFGS's line search
  // can) leaves off, for the next to go on from.
  double best = -std::numeric_limits<double>::infinity();
  std::vector<double> best_log_parameters;
};

double search_objective(unsigned size, const double* log_parameters, double* gradient, void* data) {
  auto& search = *static_cast<Search*>(data);
  ++search.evaluations;
  const std::vector<double> parameters = exponentials(log_parameters, size);
  const double value = (*search.objective)(
      parameters, gradient != nullptr ? std::span<double>(gradient, size) : std::span<double>());
  if (std::isfinite(value) && value > search.best) {
    search.best = value;
    search.best_log_parameters.assign(log_parameters, log_parameters + size);
  }
  if (std::isfinite(value)) return value;
  if (gradient != nullptr) std::fill(gradient, gradient + size, 0.0);
  return -std::numeric_limits<double>::max();
}

// One NLopt search from `log_parameters`, which it updates to the best point
// seen; false if the search failed short of its tolerance.
bool run_search(nlopt::algorithm algorithm, Search& search, std::vector<double>& log_parameters) {
  const auto n = static_cast<unsigned>(log_parameters.size());
  nlopt::opt optimiser(algorithm, n);
  optimiser.set_lower_bounds(std::vector<double>(n, -kLogBound));
  optimiser.set_upper_bounds(std::vector<double>(n, kLogBound));
  optimiser.set_initial_step(std::vector<double>(n, 0.5));
  optimiser.set_xtol_rel(1e-10);
  optimiser.set_ftol_abs(1e-12);
  optimiser.set_maxeval(5000);
  optimiser.set_max_objective(search_objective, &search);
  double best = 0.0;
  bool completed = true;
  try {
    optimiser.optimize(log_parameters, best);
  } catch (const nlopt::roundoff_limited&) {
    // The optimum is as precise as the log-likelihood's rounding allows.
  } catch (const std::runtime_error&) {
    completed = false;
  }
  if (!search.best_log_parameters.empty()) log_parameters = search.best_log_parameters;
  return completed && std::isfinite(search.best);
}

// The observed information in log parameters: minus the Hessian, by
// central differences of the gradient (or of the log-likelihood).
std::vector<std::vector<double>> observed_information(const Objective& objective,
                                                      const std::vector<double>& log_estimate,
                                                      bool has_gradient) {
  const std::size_t n = log_estimate.size();
  const double h = 1e-4;
  std::vector<std::vector<double>> information(n, std::vector<double>(n, 0.0));
  const auto at = [&](std::vector<double> point, std::span<double> gradient) {
    return objective(exponentials(point.data(), n), gradient);
  };
  if (has_gradient) {
    std::vector<double> up(n), down(n);
    for (std::size_t j = 0; j < n; ++j) {
      std::vector<double> point = log_estimate;
      point[j] += h;
      at(point, up);
      point[j] -= 2.0 * h;
      at(point, down);
      for (std::size_t i = 0; i < n; ++i)
        information[i][j] = -(up[i] - down[i]) / (2.0 * h);
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j)
        information[i][j] = information[j][i] = 0.5 * (information[i][j] + information[j][i]);
    return information;
  }
  const auto shifted = [&](std::size_t i, double di, std::size_t j, double dj) {
    std::vector<double> point = log_estimate;
    point[i] += di;
    point[j] += dj;
    return at(point, {});
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i; j < n; ++j) {
      const double second = (shifted(i, h, j, h) - shifted(i, h, j, -h) - shifted(i, -h, j, h) +
                             shifted(i, -h, j, -h)) /
                            (4.0 * h * h);
      information[i][j] = information[j][i] = -second;
    }
  }
  return information;
}

std::string direction_text(const std::vector<std::string>& names,
                           const std::vector<double>& direction) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (std::abs(direction[i]) < 0.1) continue;
    text += (text.empty() ? "" : ", ") + names[i] + (direction[i] > 0 ? " up" : " down");
  }
  return text;
}

FittedModel maximise(const std::string& model, std::vector<std::string> names,
                     const Objective& objective, std::size_t customers, bool has_gradient) {
  const std::size_t n = names.size();
  Search search;
  search.objective = &objective;
  std::vector<double> log_parameters(n, 0.0);
  std::string method = "BOBYQA";
  bool found = false;
  if (has_gradient) {
    method = "L-BFGS";
    // L-BFGS's line search can fail on a ridge: it starts again from the
    // best point (a fresh curvature estimate) before BOBYQA takes over.
    for (int attempt = 0; attempt < 3 && !found; ++attempt)
      found = run_search(nlopt::LD_LBFGS, search, log_parameters);
    if (found) {
      // Stopped short if the gradient is not flat: BOBYQA goes on from there.
      std::vector<double> gradient(n);
      const double value = objective(exponentials(log_parameters.data(), n), gradient);
      double steepest = 0.0;
      for (std::size_t i = 0; i < n; ++i)
        if (std::abs(log_parameters[i]) < kLogBound - 1.0)
          steepest = std::max(steepest, std::abs(gradient[i]));
      found = steepest <= 1e-6 * std::max(1.0, std::abs(value));
    }
    if (!found) method += " + BOBYQA";
  }
  if (!found) run_search(nlopt::LN_BOBYQA, search, log_parameters);

  FittedModel fit;
  fit.model = model;
  fit.names = std::move(names);
  fit.method = method;
  for (const double value : log_parameters) {
    fit.values.push_back(std::exp(value));
    if (std::abs(value) > kLogBound - 1.0) fit.converged = false;
  }
  fit.log_likelihood = objective(fit.values, {});
  fit.customers = customers;
  fit.evaluations = search.evaluations;
  if (!std::isfinite(fit.log_likelihood)) {
    throw ModelError(model + ": the fit found no finite log-likelihood");
  }
  const auto information = observed_information(objective, log_parameters, has_gradient);
  const auto covariance_log = inverse(information);
  if (!covariance_log.empty()) {
    fit.covariance.assign(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        fit.covariance[i][j] = fit.values[i] * fit.values[j] * covariance_log[i][j];
  }
  for (std::size_t i = 0; i < n; ++i) {
    fit.standard_errors.push_back(!fit.covariance.empty() && fit.covariance[i][i] > 0.0
                                      ? std::sqrt(fit.covariance[i][i])
                                      : std::numeric_limits<double>::quiet_NaN());
  }
  fit.identification =
      measure_identification(information, log_parameters, [&](const std::vector<double>& point) {
        return objective(exponentials(point.data(), n), {});
      });

  for (std::size_t i = 0; i < n; ++i) {
    const std::string& name = fit.names[i];
    if (std::abs(log_parameters[i]) > kLogBound - 1.0) {
      fit.warnings.push_back(name + " ran to the edge of the search (" +
                             significant(fit.values[i], 3) + "): not identified");
    } else if (!std::isfinite(fit.standard_errors[i])) {
      fit.warnings.push_back(name + ": standard error undefined (singular information)");
    } else if (fit.standard_errors[i] > fit.values[i]) {
      fit.warnings.push_back(name + ": standard error larger than the estimate");
    }
  }
  const Identification& id = fit.identification;
  if (id.ridge && !(id.condition_number < std::numeric_limits<double>::infinity())) {
    fit.warnings.push_back(
        "the observed information is singular" +
        (id.weakest_direction.empty()
             ? std::string()
             : " along (" + direction_text(fit.names, id.weakest_direction) + ")") +
        ": the data cannot tell the parameters apart");
  } else if (id.ridge) {
    double drop = std::numeric_limits<double>::infinity();
    for (const auto& [step, value] : id.profile)
      if (std::abs(step) == kRidgeStep) drop = std::min(drop, value);
    fit.warnings.push_back(
        "ridge: moving the parameters by a factor e^2 = 7.4 along (" +
        direction_text(fit.names, id.weakest_direction) + ") " +
        (drop >= 0.0 ? "lowers the log-likelihood by only " + significant(drop, 2) + " (< 1.92)"
                     : "raises the log-likelihood by " + significant(-drop, 2) +
                           " (it has no maximum along it)") +
        ": the data cannot tell these values apart");
  }
  return fit;
}

// Refuses data that cannot identify a model of (x, t_x, T) at all.
void check_identifiable(const char* model, const std::vector<CustomerSummary>& customers) {
  bool observed = false, repeated = false;
  for (const auto& c : customers) {
    observed = observed || c.T > 0.0;
    repeated = repeated || c.x > 0.0;
  }
  if (!observed) {
    throw ModelError(std::string(model) +
                     ": degenerate data: no customer was observed for any time (every T = 0)");
  }
  if (!repeated) {
    throw ModelError(std::string(model) + ": degenerate data: no customer made a repeat purchase");
  }
}

// A four-parameter model of (x, t_x, T) -- BG/NBD, MBG/NBD, Pareto/NBD,
// BG/BB with T the opportunities -- fitted to `groups` of `customers`.
template <class Model>
FittedModel fit_four(std::size_t customers, const std::vector<SummaryGroup>& groups,
                     const char* name, std::vector<std::string> names, bool has_gradient) {
  return maximise(
      name, std::move(names),
      [&](const std::vector<double>& p, std::span<double> gradient) {
        return sum_log_likelihood(Model{p[0], p[1], p[2], p[3]}, groups, gradient);
      },
      customers, has_gradient);
}

}  // namespace

bool gamma_gamma_uses(const CustomerSummary& customer) {
  return customer.x > 0.0 && customer.mean_repeat_spend > 0.0;
}

FittedModel fit_bg_nbd(const std::vector<CustomerSummary>& customers) {
  check_identifiable("bg/nbd", customers);
  return fit_four<BgNbd>(customers.size(), grouped(customers, false), "bg/nbd",
                         {"r", "alpha", "a", "b"}, true);
}

FittedModel fit_mbg_nbd(const std::vector<CustomerSummary>& customers) {
  check_identifiable("mbg/nbd", customers);
  return fit_four<MbgNbd>(customers.size(), grouped(customers, false), "mbg/nbd",
                          {"r", "alpha", "a", "b"}, true);
}

FittedModel fit_pareto_nbd(const std::vector<CustomerSummary>& customers) {
  check_identifiable("pareto/nbd", customers);
  const std::vector<SummaryGroup> groups = grouped(customers, false);
  const DeathPoints points = death_points(groups);
  return maximise(
      "pareto/nbd", {"r", "alpha", "s", "beta"},
      [&](const std::vector<double>& p, std::span<double> gradient) {
        return sum_log_likelihood(ParetoNbd{p[0], p[1], p[2], p[3]}, groups, points, gradient);
      },
      customers.size(), true);
}

FittedModel fit_bg_bb(const std::vector<OpportunityRow>& rows) {
  std::vector<SummaryGroup> groups;
  double customers = 0.0;
  for (const auto& row : rows) {
    if (!(row.x >= 0.0 && row.x <= row.t_x && row.t_x <= row.n && row.count >= 0.0) ||
        (row.x > 0.0) != (row.t_x > 0.0) || row.n > 10000.0) {
      throw InputError(
          "bg/bb: a row with x = " + std::to_string(row.x) + ", t_x = " + std::to_string(row.t_x) +
          ", n = " + std::to_string(row.n) +
          " is impossible (expected 0 <= x <= t_x <= n <= 10000, t_x = 0 exactly when x = 0)");
    }
    groups.push_back({row.x, row.t_x, row.n, 0.0, row.count});
    customers += row.count;
  }
  return fit_four<BgBb>(static_cast<std::size_t>(customers), groups, "bg/bb",
                        {"alpha", "beta", "gamma", "delta"}, false);
}

FittedModel fit_gamma_gamma(const std::vector<CustomerSummary>& customers) {
  const std::vector<SummaryGroup> groups = grouped(customers, true);
  std::size_t buyers = 0;
  for (const auto& g : groups)
    buyers += static_cast<std::size_t>(g.count);
  if (buyers < 2) {
    throw ModelError(
        "gamma-gamma: needs two customers with repeat purchases of positive spend or more");
  }
  return maximise(
      "gamma-gamma", {"p", "q", "gamma"},
      [&](const std::vector<double>& p, std::span<double> gradient) {
        return sum_log_likelihood(GammaGamma{p[0], p[1], p[2]}, groups, gradient);
      },
      buyers, true);
}

BgNbd bg_nbd_of(const FittedModel& fit) {
  return {fit.values.at(0), fit.values.at(1), fit.values.at(2), fit.values.at(3)};
}
MbgNbd mbg_nbd_of(const FittedModel& fit) {
  return {fit.values.at(0), fit.values.at(1), fit.values.at(2), fit.values.at(3)};
}
ParetoNbd pareto_nbd_of(const FittedModel& fit) {
  return {fit.values.at(0), fit.values.at(1), fit.values.at(2), fit.values.at(3)};
}
BgBb bg_bb_of(const FittedModel& fit) {
  return {fit.values.at(0), fit.values.at(1), fit.values.at(2), fit.values.at(3)};
}
GammaGamma gamma_gamma_of(const FittedModel& fit) {
  return {fit.values.at(0), fit.values.at(1), fit.values.at(2)};
}

}  // namespace omnisim
