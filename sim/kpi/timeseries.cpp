#include "sim/kpi/timeseries.hpp"

namespace omnisim {

double serving_cost_eur(const Tally& tally) {
  return tally[Sum::kContactCost] + tally[Sum::kFulfilmentCost] + tally[Sum::kReturnCost] +
         tally[Sum::kMarketingCost] + tally[Sum::kFixedCost];
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
  row.referrals = static_cast<double>(period[Count::kReferrals]);
  row.referral_acquisitions = static_cast<double>(period[Count::kAcquisitionsReferral]);
  row.acquisitions_lost = static_cast<double>(period[Count::kAcquisitionsLost]);
  const auto alive = static_cast<double>(period[Count::kActiveAtPeriodEnd]);
  row.adopter_share =
      alive > 0.0 ? static_cast<double>(period[Count::kActiveAdopters]) / alive : 0.0;
  row.adoptions = static_cast<double>(period[Count::kAdoptions]);
  row.marketing_contacts = static_cast<double>(period[Count::kMarketingContacts]);
  row.waiting_effort = period[Sum::kWaitingEffort];
  return row;
}

}  // namespace omnisim
