#pragma once
// What a strategist asks next: the fixed cost per customer-year at which a
// strategy's net lifetime CLV per prospect -- the firm's value over the
// same market -- equals the baseline's. The fixed cost changes no behaviour
// (docs/model.md §7), so that value falls by exactly the discounted
// customer-years per prospect per EUR of it, and one run gives the
// break-even: f* = f + (V - V_baseline) / years, replication by replication.

#include <vector>

#include "analysis/statistics.hpp"
#include "sim/kpi/results.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

inline constexpr const char* kBreakEvenKpi = "clv_lifetime_net_per_prospect_eur";
inline constexpr const char* kBreakEvenYears = "lifetime_customer_years_per_prospect";

struct BreakEven {
  double fixed_cost_eur_per_customer_year;  // the strategy's, as run
  Interval break_even_eur_per_customer_year;
};

// One per strategy slot; the baseline's break-even is its own fixed cost.
std::vector<BreakEven> break_even_fixed_costs(const Model& model, const ExperimentResults& results,
                                              std::size_t baseline_slot, double confidence);

}  // namespace omnisim
