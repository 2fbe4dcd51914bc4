#include "sim/kpi/customer_life.hpp"

#include <algorithm>
#include <bit>

namespace omnisim {

void tally_lifetime(const LifetimeValue& lifetime, double cac_eur, Tally& tally) {
  tally.clv_lifetime_eur.add(lifetime.priced_eur);
  tally.clv_lifetime_net_eur.add(lifetime.priced_eur - cac_eur);
  tally[Sum::kUnpricedNeedDays] += lifetime.unpriced_need_days;
  tally[Sum::kLifetimeDiscountedDays] += lifetime.discounted_days;
}

void tally_customer_life(const Model& model, const CustomerLife& life, Tally& tally) {
  tally[Count::kCustomersClosed] += 1;
  tally.orders_per_customer.add(life.orders);
  tally.clv_eur.add(life.clv_eur);
  tally.clv_net_eur.add(life.clv_eur - life.cac_eur);
  tally[Sum::kSunkAcquisitionCost] += life.sunk_cac_eur;
  tally[Sum::kContribution] += life.contribution_eur;
  tally[Sum::kNaturalNeeds] += life.needs;
  tally.clv_histogram.add(life.clv_eur);

  const int n_used = std::popcount(life.used);
  if (life.orders > 0) {
    tally[Count::kShoppers] += 1;
    if (life.orders >= 2) tally[Count::kRepeatBuyers] += 1;
    if (life.webroomed) tally[Count::kWebroomers] += 1;
    if (life.showroomed) tally[Count::kShowroomers] += 1;
    tally[Sum::kChannelsUsed] += n_used;
    tally.channels_used[static_cast<std::size_t>(n_used)] += 1;
    // Where multichannel shoppers buy and spend, against one-channel ones
    // (the HBR 2017 comparison, docs/model.md §10).
    const bool multichannel = n_used >= 2;
    tally[multichannel ? Count::kStoreOrdersMulti : Count::kStoreOrdersSingle] += life.store_orders;
    tally[multichannel ? Count::kOnlineOrdersMulti : Count::kOnlineOrdersSingle] +=
        life.online_orders;
    tally[multichannel ? Sum::kStoreValueMulti : Sum::kStoreValueSingle] += life.store_value_eur;
    tally[multichannel ? Sum::kOnlineValueMulti : Sum::kOnlineValueSingle] += life.online_value_eur;
    SegmentSpend& spend = tally.segment_spend[static_cast<std::size_t>(life.segment)];
    spend.orders[multichannel][0] += life.store_orders;
    spend.orders[multichannel][1] += life.online_orders;
    spend.value_eur[multichannel][0] += life.store_value_eur;
    spend.value_eur[multichannel][1] += life.online_value_eur;
    if (multichannel) {
      tally[Count::kMultichannelShoppers] += 1;
      tally.clv_multichannel_eur.add(life.clv_eur);
    } else {
      const bool store = (life.used & model.physical_channels) != 0;
      tally[store ? Count::kStoreOnly : Count::kOnlineOnly] += 1;
      tally.clv_single_channel_eur.add(life.clv_eur);
    }
  }

  const double horizon_days = model.time.horizon_days;
  const double acquired = life.acquisition_day;
  const double end_day = std::min(life.dropout_day, horizon_days);
  for (std::size_t i = 0; i < kRetentionAgesDays.size(); ++i) {
    if (acquired + kRetentionAgesDays[i] > horizon_days) continue;
    tally.retention_eligible[i] += 1;
    if (life.dropout_day - acquired >= kRetentionAgesDays[i]) tally.retention_alive[i] += 1;
  }
  const int months = model.time.n_age_months;
  const int eligible_months = std::min(months, static_cast<int>((horizon_days - acquired) / 30.0));
  const int alive_months =
      life.alive ? eligible_months
                 : std::min(eligible_months, static_cast<int>((end_day - acquired) / 30.0));
  tally.age_eligible[static_cast<std::size_t>(eligible_months)] += 1;
  tally.age_alive[static_cast<std::size_t>(alive_months)] += 1;

  if (acquired <= horizon_days - kDaysPerYear) {
    tally[Count::kActive12mEligible] += 1;
    if (life.last_order_day >= horizon_days - kDaysPerYear) tally[Count::kActive12m] += 1;
  }
}

}  // namespace omnisim
