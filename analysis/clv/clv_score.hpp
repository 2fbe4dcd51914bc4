#pragma once
// Buy-till-you-die models scored against the truth the simulator knows:
// the purchase log split at a calibration date, every model fitted to the
// calibration part, and its predictions for the holdout compared with what
// the same customers then did -- purchases per customer, by
// calibration-frequency bin (Fader, Hardie & Lee 2005, figure 4), and the
// discounted spend (the holdout's true CLV).

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "analysis/clv/fit.hpp"
#include "analysis/clv/rfm.hpp"
#include "sim/io/purchase_log.hpp"

namespace omnisim {

// The purchase models scored, in this order.
inline constexpr const char* kScoredPurchaseModels[] = {"bg/nbd", "mbg/nbd", "pareto/nbd"};
// Calibration frequencies 0 to 6, then "7+".
inline constexpr int kFrequencyBins = 8;

struct PurchaseModelScore {
  FittedModel fit;
  // Per customer of the cohort, over the holdout.
  double predicted_purchases = 0.0, actual_purchases = 0.0;
  double predicted_clv_eur = 0.0, actual_clv_eur = 0.0;  // discounted spend
  double purchases_mae = 0.0;                            // mean absolute error per customer
  std::vector<double> bin_predicted;                     // mean purchases per frequency bin
  // NaN when nothing happened in the holdout.
  double purchases_bias() const { return ratio(predicted_purchases, actual_purchases) - 1.0; }
  double clv_bias() const { return ratio(predicted_clv_eur, actual_clv_eur) - 1.0; }
  static double ratio(double a, double b) {
    return b != 0.0 ? a / b : std::numeric_limits<double>::quiet_NaN();
  }
};

struct ClvScore {
  std::size_t customers = 0;  // in the cohort: first purchase by the calibration's end
  double holdout_units = 0.0;
  FittedModel spend;  // Gamma-Gamma, fitted to the repeat buyers
  std::vector<PurchaseModelScore> models;
  std::vector<double> bin_customers, bin_actual;  // per frequency bin
};

// Fits every model to `customers` (summarised with a holdout) and scores
// it; the CLV's horizon is the holdout. InputError if the cohort is too
// small to fit.
ClvScore score_clv(const std::vector<CustomerSummary>& customers, const SummaryOptions& options);

// A run's purchases (sim/io/purchase_log.hpp) as customer summaries.
std::vector<CustomerSummary> summarize_purchases(std::span<const Purchase> purchases,
                                                 const SummaryOptions& options);

}  // namespace omnisim
