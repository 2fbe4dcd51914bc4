#include "analysis/clv/tracking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "analysis/clv/predict.hpp"
#include "sim/core/parallel_for.hpp"

namespace omnisim {

TrackingCurve tracking_curve(const TransactionSummary& summary, const SummaryOptions& options,
                             const std::vector<FittedModel>& models, double horizon) {
  TrackingCurve curve;
  const double per_unit = options.days_per_unit;
  const auto first = static_cast<double>(summary.first_day);
  const bool holdout = options.holdout_end_day > options.calibration_end_day;
  const double data_end = options.holdout_end_day - first;  // last day with data, from `first`
  const double end = holdout ? data_end : options.calibration_end_day - first + horizon * per_unit;
  curve.calibration_units = (options.calibration_end_day - first + 1.0) / per_unit;
  // Customers by the day of their first purchase, from the cohort's first day.
  std::map<double, double> starts;
  for (const auto& c : summary.customers)
    starts[std::round(options.calibration_end_day - first - c.T * per_unit)] += 1.0;
  const auto units = static_cast<std::size_t>(std::ceil((end + 1.0) / per_unit));
  curve.actual.assign(units, std::numeric_limits<double>::quiet_NaN());
  auto purchase = summary.repeat_purchases_by_day.begin();
  double cumulative = 0.0;
  for (std::size_t u = 0; u < units; ++u) {
    curve.unit.push_back(static_cast<double>(u + 1));
    // The unit's last day, counted from `first`.
    const double last_day = std::min(static_cast<double>(u + 1) * per_unit - 1.0, end);
    while (purchase != summary.repeat_purchases_by_day.end() &&
           static_cast<double>(purchase->first) - first <= last_day) {
      cumulative += purchase->second;
      ++purchase;
    }
    if (last_day <= data_end) curve.actual[u] = cumulative;
  }
  for (const auto& model : models) {
    std::vector<double> expected(units, 0.0);
    parallel_for_indices(units, 1, [&](std::size_t u) {
      const double last_day = std::min(static_cast<double>(u + 1) * per_unit - 1.0, end);
      double total = 0.0;
      for (const auto& [start, count] : starts)
        if (last_day > start)
          total += count * predicted_new_customer_purchases(model, (last_day - start) / per_unit);
      expected[u] = total;
    });
    curve.expected.push_back(std::move(expected));
  }
  return curve;
}

HoldoutByFrequency holdout_by_frequency(const std::vector<CustomerSummary>& customers,
                                        const SummaryOptions& options,
                                        const std::vector<FittedModel>& models) {
  HoldoutByFrequency table;
  if (!(options.holdout_end_day > options.calibration_end_day)) return table;
  const double holdout_units =
      (options.holdout_end_day - options.calibration_end_day) / options.days_per_unit;
  constexpr std::size_t kBins = 8;  // 0 .. 6 and 7+
  const auto bin_of = [](const CustomerSummary& c) {
    return static_cast<std::size_t>(std::min(c.x, static_cast<double>(kBins - 1)));
  };
  for (std::size_t b = 0; b < kBins; ++b)
    table.frequency.push_back(b + 1 < kBins ? std::to_string(b) : std::to_string(b) + "+");
  table.customers.assign(kBins, 0.0);
  table.actual.assign(kBins, 0.0);
  for (const auto& c : customers) {
    table.customers[bin_of(c)] += 1.0;
    table.actual[bin_of(c)] += c.holdout_x;
  }
  for (const auto& model : models) {
    std::vector<double> predicted(customers.size());
    parallel_for_indices(customers.size(), 4096, [&](std::size_t i) {
      predicted[i] = predicted_purchases(model, holdout_units, customers[i]);
    });
    std::vector<double> expected(kBins, 0.0);
    for (std::size_t i = 0; i < customers.size(); ++i)
      expected[bin_of(customers[i])] += predicted[i];
    for (std::size_t b = 0; b < kBins; ++b)
      expected[b] = table.customers[b] > 0.0 ? expected[b] / table.customers[b]
                                             : std::numeric_limits<double>::quiet_NaN();
    table.expected.push_back(std::move(expected));
  }
  for (std::size_t b = 0; b < kBins; ++b)
    table.actual[b] = table.customers[b] > 0.0 ? table.actual[b] / table.customers[b]
                                               : std::numeric_limits<double>::quiet_NaN();
  return table;
}

}  // namespace omnisim
