// The journey's after-sale stages (docs/model.md §3.5, §3.6, §8): service
// contacts and returns, the satisfaction update, referrals and the NPS answer.

#include <algorithm>
#include <cmath>

#include "sim/engine/journey_detail.hpp"

namespace omnisim::detail {

void Journey::serve(int order_channel, double value) {
  if (!mechanisms_.service.on) return;
  const ChannelModel& bought_at = model_.channels[order_channel];
  RandomStream stream(family_, customer_.id, Purpose::kService, occasion_);
  if (!stream.bernoulli(bought_at.service_probability)) return;
  const bool is_return = stream.bernoulli(bought_at.return_share);
  tally_[Count::kServiceIssues] += 1;
  trace_line(is_return ? "service: wants to return the order" : "service: question or issue");

  Weights weights = stage_weights(kService, 0, false);
  const auto& fcr = mechanisms_.first_contact_resolution;
  const ReturnAnywhereModel& return_anywhere = model_.bridges.return_anywhere;
  const bool bought_online = has_channel(return_anywhere.online_channels, order_channel);
  bool resolved = false;
  int resolved_at = -1;
  int previous = -1;
  if (weights.total > 0.0) {
    for (int contact = 0; contact < mechanisms_.service.max_contacts; ++contact) {
      const int channel = stream.categorical(weights.of, weights.total);
      if (previous >= 0) switch_context_without_leak(previous, channel);
      previous = channel;
      // A channel learns from an issue once: contacts repeated because it
      // went unresolved teach it nothing more about the customer (else poor
      // service would feed personalisation).
      touch(channel, ChannelCount::kServiceContacts, model_.channels[channel].service_cost_eur,
            contact == 0);
      tally_.at(channel, ChannelSum::kServiceCost) += model_.channels[channel].service_cost_eur;
      tally_[Count::kServiceContacts] += 1;
      const bool sees_purchase = channel == order_channel ||
                                 (linked(channel) && linked(order_channel)) ||
                                 (is_return && strategy_.return_anywhere && bought_online &&
                                  channel == return_anywhere.store_channel);
      // With the mechanism off, both chances are resolution_seen.
      const double resolution = sees_purchase ? fcr.resolution_seen : fcr.resolution_unseen;
      if (contact == 0) tally_[Count::kFirstContacts] += 1;
      resolved = stream.bernoulli(resolution);
      record({EventType::kServiceContact, EventStage::kService, channel, 0.0,
              model_.channels[channel].service_cost_eur, 0,
              static_cast<std::uint8_t>(resolved ? 1 : 0)});
      if (trace_) {
        trace_.note(day_) << "service contact " << contact + 1 << " at "
                          << model_.channels[channel].name
                          << (sees_purchase ? " (sees the purchase)" : " (cannot see the purchase)")
                          << (resolved ? ": resolved" : ": not resolved") << " (p=" << resolution
                          << ")\n";
      }
      if (resolved) {
        if (contact == 0) tally_[Count::kFirstContactsResolved] += 1;
        resolved_at = channel;
        break;
      }
      if (stream.bernoulli(mechanisms_.service.give_up_probability)) {
        trace_line("gave up on the issue");
        break;
      }
    }
  }
  if (!resolved) {
    tally_[Count::kUnresolvedIssues] += 1;
    unresolved_ = true;
  }
  // A return is refunded whether or not service resolved it (docs/model.md
  // §3.5): what is left unresolved is refunded after an escalation, at a
  // cost, so poor service never keeps the customer's money.
  if (is_return) refund(order_channel, resolved ? resolved_at : -1, value);
}

void Journey::refund(int order_channel, int returned_at, double value) {
  tally_[Count::kReturns] += 1;
  tally_[Sum::kRefunds] += value;
  earn(order_channel, -value);
  const ReturnAnywhereModel& return_anywhere = model_.bridges.return_anywhere;
  const bool in_store = returned_at == return_anywhere.store_channel && strategy_.return_anywhere &&
                        has_channel(return_anywhere.online_channels, order_channel);
  const bool escalated = returned_at < 0;
  double cost = in_store ? model_.channels[returned_at].return_cost_eur
                         : model_.channels[order_channel].return_cost_eur;
  if (escalated) {
    tally_[Count::kEscalatedReturns] += 1;
    cost += mechanisms_.service.escalation_cost_eur;
  }
  spend(cost);
  tally_[Sum::kReturnCost] += cost;
  record({EventType::kReturn, EventStage::kService, in_store ? returned_at : order_channel, -value,
          cost, kNoJourney, static_cast<std::uint8_t>(escalated ? 1 : 0)});
  if (trace_) {
    trace_.note(day_) << "returned " << value << " EUR" << (in_store ? " in store" : "")
                      << (escalated ? " after an escalation (left unresolved)" : "")
                      << ", return cost " << cost << " EUR\n";
  }
}

void Journey::finish() {
  if (stockout_at_ == kStoreStockout) {
    tally_[Count::kStoreStockoutJourneys] += 1;
    if (!ordered_) tally_[Count::kStoreStockoutLostSales] += 1;
  }
  const auto& satisfaction = mechanisms_.satisfaction;
  double experience = 10.0 - satisfaction.effort_weight * effort_;
  if (!ordered_) experience -= satisfaction.failed_purchase_penalty;
  if (unresolved_) experience -= satisfaction.unresolved_penalty;
  experience = std::clamp(experience, 0.0, 10.0);
  const double before = customer_.satisfaction;
  customer_.satisfaction =
      static_cast<float>(before + satisfaction.learning_rate * (experience - before));
  update_hazard_factor(model_, customer_);
  tally_[Sum::kEffort] += effort_;
  if (trace_) {
    trace_.note(day_) << "effort " << effort_ << ", experience " << experience << ", satisfaction "
                      << before << " -> " << customer_.satisfaction << ", dropout hazard x"
                      << customer_.hazard_factor << '\n';
  }

  refer();
  const SurveyModel& survey = model_.survey;
  RandomStream stream(family_, customer_.id, Purpose::kSurvey, occasion_);
  if (stream.bernoulli(survey.response_probability)) {
    const double answer = std::clamp(
        std::round(customer_.satisfaction + survey.noise_sd * stream.normal()), 0.0, 10.0);
    tally_[Count::kNpsResponses] += 1;
    if (answer >= 9.0) tally_[Count::kPromoters] += 1;
    if (answer <= 6.0) tally_[Count::kDetractors] += 1;
    if (trace_) trace_.note(day_) << "NPS answer " << static_cast<int>(answer) << '\n';
  }
}

void Journey::refer() {
  const auto& word_of_mouth = mechanisms_.word_of_mouth;
  if (!word_of_mouth.on) return;
  RandomStream stream(family_, customer_.id, Purpose::kWordOfMouth, occasion_);
  const double recommend = customer_.satisfaction + model_.survey.noise_sd * stream.normal();
  if (recommend < 8.5 || !stream.bernoulli(word_of_mouth.referral_probability)) return;
  referrals_.push_back({customer_.id, customer_.referrals});
  customer_.referrals = saturating_increment(customer_.referrals);
  tally_[Count::kReferrals] += 1;
  record({EventType::kReferral, EventStage::kLoyalty});
  if (trace_) {
    trace_.note(day_) << "referred a friend (referral " << referrals_.back().index + 1
                      << "), who joins next period\n";
  }
}

}  // namespace omnisim::detail
