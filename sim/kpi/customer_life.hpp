#pragma once
// What one customer's whole life adds to a tally when it closes -- at its
// dropout, or right-censored at the horizon: CLV moments, shopper and
// channel-use counts, retention at 12/24/36 months and by month of age, and
// the observable "bought in the last 12 months".

#include <cstdint>

#include "sim/kpi/tally.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct CustomerLife {
  double acquisition_day;
  double dropout_day;  // +inf while alive
  bool alive;          // at the horizon
  float last_order_day;
  std::uint32_t orders;
  double clv_eur;           // without acquisition cost
  double clv_lifetime_eur;  // clv_eur plus the expected value after the horizon
  // Discounted days of life, the expected ones after the horizon included:
  // how lifetime CLV moves with the fixed cost per day.
  double lifetime_discounted_days;
  double cac_eur;
  ChannelMask used;  // shopping channels: research, purchase or pickup
  std::uint16_t store_orders, online_orders;
  float store_value_eur, online_value_eur;
};

void tally_customer_life(const Model& model, const CustomerLife& life, Tally& tally);

}  // namespace omnisim
