#pragma once
// What a fitted purchase model (BG/NBD, MBG/NBD or Pareto/NBD) predicts for
// one customer from the customer's calibration summary, whichever model it
// is: P(alive) at the end of calibration, the expected purchases in the t
// time units after it, and the discounted expected value over a horizon.

#include <optional>

#include "analysis/clv/fit.hpp"

namespace omnisim {

// ModelError for a fit that is not a purchase model.
double predicted_p_alive(const FittedModel& purchases, const CustomerSummary& customer);
double predicted_purchases(const FittedModel& purchases, double t, const CustomerSummary& customer);
// E[X(t)] of a customer just acquired.
double predicted_new_customer_purchases(const FittedModel& purchases, double t);

// Expected spend over `horizon` time units after calibration, discounted
// continuously at `discount_per_unit` (per time unit): the expected
// purchases of each step of one time unit, valued at the step's end, times
// the Gamma-Gamma expected spend per purchase (`spend`).
// The expected purchases over `horizon`, each discounted as predicted_clv
// discounts it (so the CLV is this times the expected spend per purchase).
double predicted_discounted_purchases(const FittedModel& purchases, double horizon,
                                      double discount_per_unit, const CustomerSummary& customer);
double predicted_clv(const FittedModel& purchases, const FittedModel& spend, double horizon,
                     double discount_per_unit, const CustomerSummary& customer);

}  // namespace omnisim
