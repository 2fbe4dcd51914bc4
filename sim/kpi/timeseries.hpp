#pragma once
// One row of the per-period time series (MODEL.md §9), undiscounted.

#include <array>
#include <string_view>

#include "sim/kpi/tally.hpp"

namespace omnisim {

struct TimeSeriesRow {
  double active_customers = 0;  // alive at the end of the period
  double acquisitions = 0;
  double orders = 0;
  double revenue_eur = 0;
  double contacts = 0;
  double cost_eur = 0;  // contacts, fulfilment, returns and fixed costs (acquisition apart)
  double acquisition_cost_eur = 0;

  static constexpr std::array<std::string_view, 7> kNames{
      "active_customers", "acquisitions",        "orders", "revenue_eur", "contacts",
      "cost_eur",         "acquisition_cost_eur"};
  std::array<double, 7> values() const {
    return {active_customers, acquisitions,        orders, revenue_eur, contacts,
            cost_eur,         acquisition_cost_eur};
  }
};

// The row for a period, from the tally of that period alone.
TimeSeriesRow timeseries_row(const Tally& period);

// Total cost to serve in a tally (everything but acquisition).
double serving_cost_eur(const Tally& tally);

}  // namespace omnisim
