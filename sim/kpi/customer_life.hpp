#pragma once
// What one customer's life adds to a tally when it closes -- at its dropout,
// or right-censored at the horizon: CLV moments, shopper and channel-use
// counts, retention at 12/24/36 months and by month of age, and the
// observable "bought in the last 12 months". Its lifetime value, known only
// once the years after the horizon are simulated too, is tallied apart.

#include <cstdint>

#include "sim/kpi/tally.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// A customer's lifetime CLV (docs/model.md §7), before CAC: its value over
// the horizon and the years simulated after it, plus, if it is still alive
// when that simulation stops, the closed-form remainder its own history
// prices -- or `unpriced_need_days` (its expected discounted needs from
// then on, when it has had no need) worth the run's average net
// contribution per need each; and its discounted days of life, the expected
// ones included (how lifetime CLV moves with the fixed cost).
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
  int segment;
  double acquisition_day;
  double dropout_day;  // +inf while alive
  bool alive;          // at the horizon
  float last_order_day;
  std::uint32_t orders;
  double clv_eur;           // over the horizon, without acquisition cost
  double contribution_eur;  // undiscounted margin minus variable costs
  std::uint32_t needs;      // natural needs
  double cac_eur;           // paid within the horizon (0 for the day-0 base)
  double sunk_cac_eur;      // the day-0 base's, paid before it
  ChannelMask used;         // shopping channels: research, purchase or pickup
  std::uint16_t store_orders, online_orders;
  bool webroomed, showroomed;  // bought in store after online research / online after the store
  float store_value_eur, online_value_eur;
};

void tally_customer_life(const Model& model, const CustomerLife& life, Tally& tally);

// A customer's lifetime value, once settled, and the CAC paid within the
// horizon (the day-0 base's sunk CAC is tallied by tally_customer_life).
void tally_lifetime(const LifetimeValue& lifetime, double cac_eur, Tally& tally);

}  // namespace omnisim
