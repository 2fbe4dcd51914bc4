#pragma once
// What one customer's whole life adds to a tally when it closes -- at its
// dropout, or right-censored at the horizon: CLV moments, shopper and
// channel-use counts, retention at 12/24/36 months and by month of age, and
// the observable "bought in the last 12 months".

#include <cstdint>

#include "sim/kpi/tally.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// A customer's lifetime CLV (docs/model.md §7), before CAC: what its own
// history prices, plus `unpriced_need_days` (its expected discounted needs
// after the horizon when it has had none yet) worth the run's average net
// contribution per need each; and its discounted days of life, the expected
// ones after the horizon included (how lifetime CLV moves with the fixed cost).
struct LifetimeValue {
  double priced_eur;
  double unpriced_need_days;
  double discounted_days;

  double eur(double contribution_per_need_eur) const {
    return unpriced_need_days == 0.0 ? priced_eur
                                     : priced_eur + unpriced_need_days * contribution_per_need_eur;
  }
};

struct CustomerLife {
  double acquisition_day;
  double dropout_day;  // +inf while alive
  bool alive;          // at the horizon
  float last_order_day;
  std::uint32_t orders;
  double clv_eur;  // without acquisition cost
  LifetimeValue lifetime;
  double contribution_eur;  // undiscounted margin minus variable costs
  std::uint32_t needs;      // natural needs
  double cac_eur;
  ChannelMask used;  // shopping channels: research, purchase or pickup
  std::uint16_t store_orders, online_orders;
  float store_value_eur, online_value_eur;
};

void tally_customer_life(const Model& model, const CustomerLife& life, Tally& tally);

}  // namespace omnisim
