#include "analysis/clv/rfm.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace omnisim {

std::vector<CustomerSummary> summarize_transactions(const std::vector<Transaction>& transactions,
                                                    const SummaryOptions& options) {
  // Each customer's spend per purchase day, in day order.
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::string> order;
  std::vector<std::map<double, double>> days;
  for (const auto& transaction : transactions) {
    const auto [at, inserted] = index.try_emplace(transaction.customer, order.size());
    if (inserted) {
      order.push_back(transaction.customer);
      days.emplace_back();
    }
    days[at->second][std::floor(transaction.day)] += transaction.amount;
  }
  std::vector<CustomerSummary> summaries;
  for (std::size_t c = 0; c < order.size(); ++c) {
    const auto& purchases = days[c];
    const double first = purchases.begin()->first;
    if (first > options.calibration_end_day) continue;
    CustomerSummary summary;
    summary.customer = order[c];
    summary.T = (options.calibration_end_day - first) / options.days_per_unit;
    double repeat_spend = 0.0;
    for (auto it = std::next(purchases.begin()); it != purchases.end(); ++it) {
      const auto& [day, spend] = *it;
      if (day <= options.calibration_end_day) {
        summary.x += 1.0;
        summary.t_x = (day - first) / options.days_per_unit;
        repeat_spend += spend;
      } else if (day <= options.holdout_end_day) {
        summary.holdout_x += 1.0;
        summary.holdout_spend += spend;
        // Valued as predicted_clv values it: at the end of its time unit, the
        // last (partial) one ending with the holdout.
        const double units = std::min(
            std::ceil((day - options.calibration_end_day) / options.days_per_unit),
            (options.holdout_end_day - options.calibration_end_day) / options.days_per_unit);
        summary.holdout_discounted_spend +=
            spend * std::exp(-options.discount_per_day * options.days_per_unit * units);
      }
    }
    summary.mean_repeat_spend = summary.x > 0.0 ? repeat_spend / summary.x : 0.0;
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

}  // namespace omnisim
