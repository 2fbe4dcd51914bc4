#include "sim/experiment/fact_variants.hpp"

#include <cmath>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

// The segment mix's chance to stay a year with every Pareto/NBD dropout
// rate beta multiplied by `slower` (mu ~ Gamma(s, beta): P(alive at 1 year)
// = (beta / (beta + 1))^s), satisfaction aside.
double yearly_retention(const Scenario& scenario, double slower) {
  double retention = 0.0;
  for (const auto& segment : scenario.segments) {
    const double beta = segment.dropout.beta_years * slower;
    retention += segment.share * std::pow(beta / (beta + 1.0), segment.dropout.s);
  }
  return retention;
}

}  // namespace

std::string_view fact_variant_name(FactVariant variant) {
  switch (variant) {
    case FactVariant::kNone:
      break;
    case FactVariant::kPersonalisationOff:
      return "personalisation off";
    case FactVariant::kRetentionPlusFivePoints:
      return "five more points of yearly retention";
  }
  return "as it is";
}

Scenario fact_variant_scenario(const Scenario& scenario, FactVariant variant) {
  Scenario changed = scenario;
  switch (variant) {
    case FactVariant::kNone:
      break;
    case FactVariant::kPersonalisationOff:
      changed.mechanisms.personalisation.enabled = false;
      break;
    case FactVariant::kRetentionPlusFivePoints: {
      if (scenario.lifetime.model != LifetimeModel::kParetoNbd) {
        throw InputError(
            "five more points of retention are set through the Pareto/NBD dropout rates: "
            "lifetime.model must be \"pareto_nbd\"");
      }
      // The multiplier of every beta that adds five points, by bisection
      // (retention grows with it, towards 1).
      const double wanted = yearly_retention(scenario, 1.0) + 0.05;
      if (wanted >= 1.0) throw InputError("yearly retention is too close to 1 to add five points");
      double low = 1.0, high = 2.0;
      while (yearly_retention(scenario, high) < wanted)
        high *= 2.0;
      for (int i = 0; i < 60; ++i) {
        const double middle = 0.5 * (low + high);
        (yearly_retention(scenario, middle) < wanted ? low : high) = middle;
      }
      for (auto& segment : changed.segments)
        segment.dropout.beta_years *= high;
      break;
    }
  }
  return changed;
}

}  // namespace omnisim
