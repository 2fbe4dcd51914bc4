#include "analysis/clv/clv_score.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/clv/predict.hpp"
#include "sim/core/error.hpp"
#include "sim/core/parallel_for.hpp"

namespace omnisim {
namespace {

std::size_t frequency_bin(double x) {
  return static_cast<std::size_t>(std::min(x, static_cast<double>(kFrequencyBins - 1)));
}

FittedModel fit_named(const std::string& name, const std::vector<CustomerSummary>& customers) {
  if (name == "bg/nbd") return fit_bg_nbd(customers);
  if (name == "mbg/nbd") return fit_mbg_nbd(customers);
  return fit_pareto_nbd(customers);
}

}  // namespace

ClvScore score_clv(const std::vector<CustomerSummary>& customers, const SummaryOptions& options) {
  if (customers.size() < 2) {
    throw InputError("score-clv: fewer than two customers bought before the calibration's end");
  }
  ClvScore score;
  score.customers = customers.size();
  score.holdout_units =
      (options.holdout_end_day - options.calibration_end_day) / options.days_per_unit;
  score.spend = fit_gamma_gamma(customers);
  score.bin_customers.assign(kFrequencyBins, 0.0);
  score.bin_actual.assign(kFrequencyBins, 0.0);
  for (const auto& c : customers) {
    score.bin_customers[frequency_bin(c.x)] += 1.0;
    score.bin_actual[frequency_bin(c.x)] += c.holdout_x;
  }
  const double discount_per_unit = options.discount_per_day * options.days_per_unit;
  const auto n = static_cast<double>(customers.size());
  for (const char* name : kScoredPurchaseModels) {
    PurchaseModelScore model;
    model.fit = fit_named(name, customers);
    model.bin_predicted.assign(kFrequencyBins, 0.0);
    // Each customer's predictions in parallel, summed in customer order.
    std::vector<double> purchases(customers.size()), clv(customers.size());
    parallel_for_indices(customers.size(), 256, [&](std::size_t i) {
      purchases[i] = predicted_purchases(model.fit, score.holdout_units, customers[i]);
      clv[i] = predicted_clv(model.fit, score.spend, score.holdout_units, discount_per_unit,
                             customers[i]);
    });
    for (std::size_t i = 0; i < customers.size(); ++i) {
      const CustomerSummary& c = customers[i];
      model.predicted_purchases += purchases[i];
      model.actual_purchases += c.holdout_x;
      model.purchases_mae += std::abs(purchases[i] - c.holdout_x);
      model.bin_predicted[frequency_bin(c.x)] += purchases[i];
      model.predicted_clv_eur += clv[i];
      model.actual_clv_eur += c.holdout_discounted_spend;
    }
    model.predicted_purchases /= n;
    model.actual_purchases /= n;
    model.purchases_mae /= n;
    model.predicted_clv_eur /= n;
    model.actual_clv_eur /= n;
    for (int bin = 0; bin < kFrequencyBins; ++bin) {
      const double count = score.bin_customers[static_cast<std::size_t>(bin)];
      if (count > 0.0) model.bin_predicted[static_cast<std::size_t>(bin)] /= count;
    }
    score.models.push_back(std::move(model));
  }
  for (int bin = 0; bin < kFrequencyBins; ++bin) {
    const double count = score.bin_customers[static_cast<std::size_t>(bin)];
    if (count > 0.0) score.bin_actual[static_cast<std::size_t>(bin)] /= count;
  }
  return score;
}

std::vector<CustomerSummary> summarize_purchases(std::span<const Purchase> purchases,
                                                 const SummaryOptions& options) {
  std::vector<Transaction> transactions;
  transactions.reserve(purchases.size());
  for (const Purchase& p : purchases)
    transactions.push_back({std::to_string(p.customer_id), p.day, p.amount_eur});
  return summarize_transactions(transactions, options).customers;
}

}  // namespace omnisim
