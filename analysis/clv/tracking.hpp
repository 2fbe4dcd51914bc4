#pragma once
// The diagnostics of a fitted purchase model on a real log (Fader, Hardie &
// Lee 2005, "Counting your customers the easy way", figures 2-4): the
// cohort's cumulative repeat purchases by time unit, actual and as each
// model expects them (the sum of every customer's E[X(t)] since their first
// purchase), and the holdout purchases by calibration frequency, actual
// and conditionally expected.

#include <string>
#include <vector>

#include "analysis/clv/fit.hpp"
#include "analysis/clv/rfm.hpp"

namespace omnisim {

struct TrackingCurve {
  // Time units since the cohort's first day: 1, 2, ... to the holdout's end
  // (or the calibration's end plus `horizon` without one).
  std::vector<double> unit;
  // Cumulative repeat purchases to each unit's last day; NaN past the data.
  std::vector<double> actual;
  std::vector<std::vector<double>> expected;  // by model, as `models`
  double calibration_units = 0.0;             // where calibration ends on that axis
};

// `models`: purchase models (bg/nbd, mbg/nbd, pareto/nbd).
TrackingCurve tracking_curve(const TransactionSummary& summary, const SummaryOptions& options,
                             const std::vector<FittedModel>& models, double horizon);

struct HoldoutByFrequency {
  std::vector<std::string> frequency;  // "0" .. "6", "7+"
  std::vector<double> customers, actual;
  std::vector<std::vector<double>> expected;  // by model: mean purchases in the holdout
};

// Empty without a holdout (holdout_end_day = calibration_end_day).
HoldoutByFrequency holdout_by_frequency(const std::vector<CustomerSummary>& customers,
                                        const SummaryOptions& options,
                                        const std::vector<FittedModel>& models);

}  // namespace omnisim
