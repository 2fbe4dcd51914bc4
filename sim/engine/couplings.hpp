#pragma once
// The couplings between customers (docs/model.md §8), computed at each period
// boundary from the previous period's totals, in a fixed order, so they do
// not depend on the thread count: app adoption (Bass), congestion of
// capacity-limited channels, and the acquisitions detractors cost. Referrals
// are the fourth coupling; the engine adds referred customers itself.

#include "sim/engine/period.hpp"
#include "sim/kpi/tally.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

class Couplings {
 public:
  explicit Couplings(const Model& model) : model_(model) {}

  // Conditions for the next period, from the tally of the one before it
  // (`previous_days` long). Before the first period, pass the tally of the
  // customers present at day 0.
  PeriodConditions next(const Tally& previous, double previous_days) const;

 private:
  const Model& model_;
};

}  // namespace omnisim
