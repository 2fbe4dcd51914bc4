#include "analysis/clv/fit.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <tuple>

#include <nlopt.hpp>

#include "sim/core/error.hpp"
#include "sim/core/parallel_for.hpp"

namespace omnisim {
namespace {

using LogLikelihood = std::function<double(const std::vector<double>& parameters)>;

// The search box in log space: e^-12 to e^12 (6e-6 to 1.6e5), far beyond
// any identified parameter; one that ends near it was not identified.
constexpr double kLogBound = 12.0;

// Customers with the same summary share one log-likelihood term.
struct Group {
  double x, t_x, T, m_x;
  double count;
};

// The sum over the groups of count x term(group), in parallel over fixed
// chunks added in chunk order: the same bits at any thread count.
template <class Term>
double sum_over(const std::vector<Group>& groups, const Term& term) {
  constexpr std::size_t kChunk = 2048;
  std::vector<double> partial((groups.size() + kChunk - 1) / kChunk, 0.0);
  parallel_for_indices(partial.size(), 1, [&](std::size_t chunk) {
    const std::size_t end = std::min(groups.size(), (chunk + 1) * kChunk);
    double total = 0.0;
    for (std::size_t g = chunk * kChunk; g < end; ++g)
      total += groups[g].count * term(groups[g]);
    partial[chunk] = total;
  });
  double total = 0.0;
  for (const double value : partial)
    total += value;
  return total;
}

std::vector<Group> grouped(const std::vector<CustomerSummary>& customers, bool repeat_buyers_only) {
  std::map<std::tuple<double, double, double, double>, double> counts;
  for (const auto& c : customers) {
    if (repeat_buyers_only && c.x <= 0.0) continue;
    counts[{c.x, c.t_x, c.T, repeat_buyers_only ? c.mean_repeat_spend : 0.0}] += 1.0;
  }
  std::vector<Group> groups;
  for (const auto& [key, count] : counts) {
    const auto& [x, t_x, T, m_x] = key;
    groups.push_back({x, t_x, T, m_x, count});
  }
  return groups;
}

// Solves for the inverse of a small symmetric matrix by Gauss-Jordan
// elimination with partial pivoting; empty if singular.
std::vector<std::vector<double>> inverse(std::vector<std::vector<double>> m) {
  const std::size_t n = m.size();
  std::vector<std::vector<double>> inv(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i)
    inv[i][i] = 1.0;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t row = col + 1; row < n; ++row)
      if (std::abs(m[row][col]) > std::abs(m[pivot][col])) pivot = row;
    if (std::abs(m[pivot][col]) < 1e-300) return {};
    std::swap(m[col], m[pivot]);
    std::swap(inv[col], inv[pivot]);
    const double scale = m[col][col];
    for (std::size_t j = 0; j < n; ++j) {
      m[col][j] /= scale;
      inv[col][j] /= scale;
    }
    for (std::size_t row = 0; row < n; ++row) {
      if (row == col) continue;
      const double factor = m[row][col];
      for (std::size_t j = 0; j < n; ++j) {
        m[row][j] -= factor * m[col][j];
        inv[row][j] -= factor * inv[col][j];
      }
    }
  }
  return inv;
}

FittedModel maximise(const std::string& model, std::vector<std::string> names,
                     const LogLikelihood& log_likelihood, std::size_t customers) {
  const std::size_t n = names.size();
  struct State {
    const LogLikelihood* log_likelihood;
    int evaluations = 0;
  } state{&log_likelihood};
  nlopt::opt optimiser(nlopt::LN_BOBYQA, static_cast<unsigned>(n));
  optimiser.set_lower_bounds(std::vector<double>(n, -kLogBound));
  optimiser.set_upper_bounds(std::vector<double>(n, kLogBound));
  optimiser.set_initial_step(std::vector<double>(n, 0.5));
  optimiser.set_xtol_rel(1e-10);
  optimiser.set_ftol_abs(1e-12);
  optimiser.set_maxeval(5000);
  optimiser.set_max_objective(
      [](unsigned size, const double* log_parameters, double*, void* data) {
        auto& s = *static_cast<State*>(data);
        ++s.evaluations;
        std::vector<double> parameters(size);
        for (unsigned i = 0; i < size; ++i)
          parameters[i] = std::exp(log_parameters[i]);
        const double value = (*s.log_likelihood)(parameters);
        return std::isfinite(value) ? value : -std::numeric_limits<double>::max();
      },
      &state);
  std::vector<double> log_parameters(n, 0.0);
  double best = 0.0;
  try {
    optimiser.optimize(log_parameters, best);
  } catch (const nlopt::roundoff_limited&) {
    // The optimum is as precise as the log-likelihood's rounding allows.
  }
  FittedModel fit;
  fit.model = model;
  fit.names = std::move(names);
  for (const double value : log_parameters) {
    fit.values.push_back(std::exp(value));
    if (std::abs(value) > kLogBound - 1.0) fit.converged = false;
  }
  fit.log_likelihood = log_likelihood(fit.values);
  fit.customers = customers;
  fit.evaluations = state.evaluations;
  if (!std::isfinite(fit.log_likelihood)) {
    throw ModelError(model + ": the fit found no finite log-likelihood");
  }
  // Standard errors: the inverse of the observed information, the negative
  // Hessian of the log-likelihood (central differences) in the parameters.
  std::vector<std::vector<double>> information(n, std::vector<double>(n, 0.0));
  const auto at = [&](std::size_t i, double di, std::size_t j, double dj) {
    std::vector<double> p = fit.values;
    p[i] += di;
    p[j] += dj;
    return log_likelihood(p);
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i; j < n; ++j) {
      const double hi = 1e-4 * fit.values[i], hj = 1e-4 * fit.values[j];
      const double second =
          (at(i, hi, j, hj) - at(i, hi, j, -hj) - at(i, -hi, j, hj) + at(i, -hi, j, -hj)) /
          (4.0 * hi * hj);
      information[i][j] = information[j][i] = -second;
    }
  }
  fit.covariance = inverse(information);
  for (std::size_t i = 0; i < n; ++i) {
    fit.standard_errors.push_back(!fit.covariance.empty() && fit.covariance[i][i] > 0.0
                                      ? std::sqrt(fit.covariance[i][i])
                                      : std::numeric_limits<double>::quiet_NaN());
  }
  return fit;
}

// A four-parameter model of (x, t_x, T) -- BG/NBD, MBG/NBD, Pareto/NBD,
// BG/BB with T the opportunities -- fitted to `groups` of `customers`.
template <class Model>
FittedModel fit_four(std::size_t customers, const std::vector<Group>& groups, const char* name,
                     std::vector<std::string> names) {
  return maximise(
      name, std::move(names),
      [&](const std::vector<double>& p) {
        const Model model{p[0], p[1], p[2], p[3]};
        return sum_over(groups,
                        [&](const Group& g) { return log_likelihood(model, g.x, g.t_x, g.T); });
      },
      customers);
}

}  // namespace

FittedModel fit_bg_nbd(const std::vector<CustomerSummary>& customers) {
  return fit_four<BgNbd>(customers.size(), grouped(customers, false), "bg/nbd",
                         {"r", "alpha", "a", "b"});
}

FittedModel fit_mbg_nbd(const std::vector<CustomerSummary>& customers) {
  return fit_four<MbgNbd>(customers.size(), grouped(customers, false), "mbg/nbd",
                          {"r", "alpha", "a", "b"});
}

FittedModel fit_pareto_nbd(const std::vector<CustomerSummary>& customers) {
  return fit_four<ParetoNbd>(customers.size(), grouped(customers, false), "pareto/nbd",
                             {"r", "alpha", "s", "beta"});
}

FittedModel fit_bg_bb(const std::vector<OpportunityRow>& rows) {
  std::vector<Group> groups;
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
                        {"alpha", "beta", "gamma", "delta"});
}

FittedModel fit_gamma_gamma(const std::vector<CustomerSummary>& customers) {
  const std::vector<Group> groups = grouped(customers, true);
  std::size_t buyers = 0;
  for (const auto& g : groups)
    buyers += static_cast<std::size_t>(g.count);
  if (buyers < 2)
    throw InputError("gamma-gamma: needs two customers with repeat purchases or more");
  return maximise(
      "gamma-gamma", {"p", "q", "gamma"},
      [&](const std::vector<double>& p) {
        const GammaGamma model{p[0], p[1], p[2]};
        return sum_over(groups, [&](const Group& g) { return log_likelihood(model, g.x, g.m_x); });
      },
      buyers);
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
