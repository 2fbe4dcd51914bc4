#include "sim/kpi/timeseries.hpp"

namespace omnisim {

double serving_cost_eur(const Tally& tally) {
  return tally[Sum::kContactCost] + tally[Sum::kFulfilmentCost] + tally[Sum::kReturnCost] +
         tally[Sum::kFixedCost];
}

TimeSeriesRow timeseries_row(const Tally& period) {
  TimeSeriesRow row;
  row.active_customers = static_cast<double>(period[Count::kActiveAtPeriodEnd]);
  row.acquisitions =
      static_cast<double>(period[Count::kAcquisitionsPaid] + period[Count::kAcquisitionsReferral]);
  row.orders = static_cast<double>(period[Count::kOrders]);
  row.revenue_eur = period[Sum::kRevenue];
  row.contacts = static_cast<double>(period[Count::kContacts]);
  row.cost_eur = serving_cost_eur(period);
  row.acquisition_cost_eur = period[Sum::kAcquisitionCost];
  return row;
}

}  // namespace omnisim
