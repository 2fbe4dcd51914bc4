#include "sim/engine/couplings.hpp"

#include <algorithm>
#include <cmath>

namespace omnisim {

PeriodConditions Couplings::next(const Tally& previous, double previous_days) const {
  const MechanismModel& mechanisms = model_.mechanisms;
  PeriodConditions conditions;
  conditions.waiting_factor.fill(1.0);

  const auto alive = static_cast<double>(previous[Count::kActiveAtPeriodEnd]);
  conditions.adopter_share =
      alive > 0.0 ? static_cast<double>(previous[Count::kActiveAdopters]) / alive : 0.0;
  if (mechanisms.app_adoption.on) {
    const auto& adoption = mechanisms.app_adoption;
    conditions.adoption_hazard_per_day =
        (adoption.p_per_year + adoption.q_per_year * conditions.adopter_share) / kDaysPerYear;
  }

  if (mechanisms.word_of_mouth.on && previous[Count::kNpsResponses] > 0) {
    const double detractor_share = static_cast<double>(previous[Count::kDetractors]) /
                                   static_cast<double>(previous[Count::kNpsResponses]);
    conditions.acquisition_loss =
        std::min(1.0, mechanisms.word_of_mouth.detractor_acquisition_loss * detractor_share);
  }

  if (mechanisms.congestion.on && previous_days > 0.0) {
    const double period_share = previous_days / model_.time.period_days;
    for (int c = 0; c < model_.n_channels; ++c) {
      const double capacity = model_.channels[c].capacity_per_period * period_share;
      if (capacity <= 0.0) continue;
      const double load = static_cast<double>(previous.at(c, ChannelCount::kConsiderationVisits) +
                                              previous.at(c, ChannelCount::kDecisionVisits) +
                                              previous.at(c, ChannelCount::kServiceContacts) +
                                              previous.at(c, ChannelCount::kPickups));
      const double overload = std::max(0.0, load / capacity - 1.0);
      conditions.waiting_effort[c] = mechanisms.congestion.effort_per_overload * overload;
      conditions.waiting_factor[c] = std::exp(-conditions.waiting_effort[c]);
    }
  }
  return conditions;
}

}  // namespace omnisim
