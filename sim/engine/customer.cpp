#include "sim/engine/customer.hpp"

#include <cmath>

namespace omnisim {

CustomerState draw_customer(const Model& model, const StreamFamily& family, std::uint64_t id) {
  RandomStream traits(family, id, Purpose::kTraits, 0);
  CustomerState customer;
  customer.id = id;

  // Fixed draw order; append new traits at the end so existing ones keep their values.
  std::array<double, kMaxSegments> shares{};
  for (std::size_t s = 0; s < model.segments.size(); ++s)
    shares[s] = model.segments[s].share;
  const int segment_index =
      traits.categorical(std::span<const double>(shares.data(), model.segments.size()), 1.0);
  customer.segment = static_cast<std::uint8_t>(segment_index < 0 ? 0 : segment_index);
  const SegmentModel& segment = model.segments[customer.segment];

  const double acquisition_draw = traits.uniform();
  const double initial_share = model.acquisition.initial_share;
  const double acquisition_day = acquisition_draw <= initial_share
                                     ? 0.0
                                     : model.acquisition.window_days *
                                           (acquisition_draw - initial_share) /
                                           (1.0 - initial_share);
  customer.acquisition_day = float_day_within(acquisition_day, 0.0, model.time.horizon_days);

  const double lambda_per_year = traits.gamma(segment.need_shape, 1.0 / segment.need_rate_years);
  customer.need_rate_per_day = BFloat16(static_cast<float>(lambda_per_year / kDaysPerYear));
  const double mu_per_year = traits.gamma(segment.dropout_shape, 1.0 / segment.dropout_rate_years);
  const double bg_p = traits.beta(segment.bg_a, segment.bg_b);
  switch (model.lifetime) {
    case LifetimeModel::kParetoNbd:
      customer.dropout_parameter = static_cast<float>(mu_per_year / kDaysPerYear);
      break;
    case LifetimeModel::kBgNbd:
      customer.dropout_parameter = static_cast<float>(bg_p);
      break;
    case LifetimeModel::kPeriodic:
      customer.dropout_parameter = static_cast<float>(segment.retention_per_period);
      break;
  }
  // Drawn under every lifetime model, so the traits after it keep their draws.
  const auto hazard_budget = static_cast<float>(traits.exponential(1.0));
  if (model.lifetime == LifetimeModel::kParetoNbd) {
    customer.hazard_budget = hazard_budget;
  } else {
    customer.periods_survived = 0;
  }
  const double nu = traits.gamma(segment.spend_q, 1.0 / segment.spend_gamma_eur);
  customer.spend_rate = BFloat16(static_cast<float>(nu));

  for (int c = 0; c < static_cast<int>(kMaxChannels); ++c) {
    const double utility = segment.affinity_mean[c] + segment.affinity_sd * traits.normal();
    customer.affinity_weight[c] =
        BFloat16(c < model.n_channels ? static_cast<float>(std::exp(utility)) : 0.0F);
  }
  customer.has_app = traits.bernoulli(segment.app_share);
  customer.app_user = customer.has_app;
  const double price_sensitivity =
      segment.price_sensitivity > 0.0 ? traits.gamma(4.0, segment.price_sensitivity / 4.0) : 0.0;
  customer.outside_weight = BFloat16(
      static_cast<float>(std::exp(model.mechanisms.funnel.outside_utility + price_sensitivity)));
  customer.satisfaction = static_cast<float>(model.mechanisms.satisfaction.initial);
  customer.adoption_budget = static_cast<float>(traits.exponential(1.0));
  return customer;
}

CustomerState draw_referred_customer(const Model& model, const StreamFamily& family,
                                     std::uint64_t id, double join_from_day, double join_to_day) {
  CustomerState customer = draw_customer(model, family, id);
  RandomStream join(family, id, Purpose::kReferral, 0);
  customer.acquisition_day = float_day_within(
      join_from_day + (join_to_day - join_from_day) * join.uniform(), join_from_day, join_to_day);
  customer.referred = true;
  return customer;
}

void update_hazard_factor(const Model& model, CustomerState& customer) {
  const auto& satisfaction = model.mechanisms.satisfaction;
  customer.hazard_factor = static_cast<float>(
      std::exp(-satisfaction.kappa * (customer.satisfaction - satisfaction.neutral)));
}

namespace {

bool in_day0_base(const CustomerState& customer) {
  return !customer.referred && customer.acquisition_day == 0.0;
}

double cac_eur(const Model& model, const CustomerState& customer) {
  if (customer.acquisition_channel == kNoChannel) return 0.0;  // never acquired (lost)
  if (customer.referred) return model.mechanisms.word_of_mouth.referral_cac_eur;
  return model.channels[customer.acquisition_channel].cac_eur;
}

}  // namespace

double acquisition_cost_eur(const Model& model, const CustomerState& customer) {
  return in_day0_base(customer) ? 0.0 : cac_eur(model, customer);
}

double sunk_acquisition_cost_eur(const Model& model, const CustomerState& customer) {
  return in_day0_base(customer) ? cac_eur(model, customer) : 0.0;
}

ChannelMask draw_linkage(const Model& model, const StreamFamily& family, std::uint64_t id,
                         double linkage) {
  RandomStream stream(family, id, Purpose::kLinkage, 0);
  ChannelMask linked = 0;
  for (int c = 0; c < model.n_channels; ++c) {
    if (stream.uniform() <= linkage) linked |= channel_bit(c);
  }
  return linked;
}

}  // namespace omnisim
