#pragma once
// One row of the per-period time series (docs/model.md §9), undiscounted.

#include <array>
#include <string_view>

#include "sim/core/limits.hpp"
#include "sim/kpi/tally.hpp"

namespace omnisim {

struct TimeSeriesRow {
  double active_customers = 0;  // alive at the end of the period
  double acquisitions = 0;      // paid and referred
  double orders = 0;
  double revenue_eur = 0;
  double contacts = 0;
  double cost_eur = 0;  // contacts, fulfilment, returns, marketing and fixed costs
  double acquisition_cost_eur = 0;
  double referrals = 0;  // referrals made (they join the next period)
  double referral_acquisitions = 0;
  double acquisitions_lost = 0;  // paid acquisitions lost to detractors
  double adopter_share = 0;      // alive customers with the app, end of period
  double adoptions = 0;
  double marketing_contacts = 0;
  double waiting_effort = 0;  // congestion effort, all contacts of the period
  // Waiting effort per contact, by channel, that congestion set for the period.
  std::array<double, kMaxChannels> waiting_effort_per_contact{};

  static constexpr std::array<std::string_view, 14> kNames{
      "active_customers",     "acquisitions",  "orders",
      "revenue_eur",          "contacts",      "cost_eur",
      "acquisition_cost_eur", "referrals",     "referral_acquisitions",
      "acquisitions_lost",    "adopter_share", "adoptions",
      "marketing_contacts",   "waiting_effort"};
  std::array<double, 14> values() const {
    return {active_customers,     acquisitions,  orders,
            revenue_eur,          contacts,      cost_eur,
            acquisition_cost_eur, referrals,     referral_acquisitions,
            acquisitions_lost,    adopter_share, adoptions,
            marketing_contacts,   waiting_effort};
  }
};

// The row for a period, from the tally of that period alone (the engine adds
// the per-channel waiting effort that the couplings set).
TimeSeriesRow timeseries_row(const Tally& period);

// Total cost to serve in a tally (everything but acquisition).
double serving_cost_eur(const Tally& tally);

}  // namespace omnisim
