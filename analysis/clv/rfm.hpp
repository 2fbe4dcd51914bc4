#pragma once
// From a transaction log to the summary the buy-till-you-die models read,
// per customer: frequency x (repeat purchases, purchases on the same day
// merged into one), recency t_x (the last repeat purchase's time from the
// first purchase), T (the first purchase's time to the end of
// calibration) and the mean spend of the repeat purchases, in a chosen time
// unit (weeks for CDNOW), plus the purchases in a holdout period after it.

#include <string>
#include <vector>

namespace omnisim {

struct Transaction {
  std::string customer;
  double day = 0.0;  // days from any fixed origin; purchases with the same floor(day) merge
  double amount = 0.0;
};

struct CustomerSummary {
  std::string customer;
  double x = 0.0;                  // repeat purchases in calibration
  double t_x = 0.0;                // time of the last of them from the first purchase
  double T = 0.0;                  // time from the first purchase to the end of calibration
  double mean_repeat_spend = 0.0;  // of the repeat purchases (0 if x = 0)
  double holdout_x = 0.0;          // purchases after calibration, to the holdout's end
  double holdout_spend = 0.0;
  // The holdout purchases' spend, each discounted to the end of calibration
  // from the end of the time unit it falls in (SummaryOptions::discount_per_day).
  double holdout_discounted_spend = 0.0;
};

struct SummaryOptions {
  double calibration_end_day = 0.0;  // inclusive: a purchase on this day is in calibration
  double holdout_end_day = 0.0;      // inclusive; equal to calibration_end_day for no holdout
  double days_per_unit = 7.0;        // 7: weeks
  double discount_per_day = 0.0;     // continuous, for holdout_discounted_spend
};

// Customers whose first purchase falls after the calibration are left out
// (they are not in the cohort); the rest come in the order of their first
// appearance in `transactions`.
std::vector<CustomerSummary> summarize_transactions(const std::vector<Transaction>& transactions,
                                                    const SummaryOptions& options);

}  // namespace omnisim
