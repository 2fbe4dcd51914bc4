#pragma once
// The counterfactual runs some stylised facts need (docs/model.md §10): a
// fact about what a change does -- personalisation's revenue lift, the
// profit five more points of retention bring -- compares the scenario with
// a variant of it, on the same customers.

#include <string_view>

#include "sim/scenario/scenario.hpp"

namespace omnisim {

enum class FactVariant {
  kNone,
  kPersonalisationOff,
  // Every segment's dropout slowed so that the segment mix keeps five more
  // points of its customers a year (Reichheld & Sasser 1990's comparison).
  kRetentionPlusFivePoints,
};

std::string_view fact_variant_name(FactVariant variant);

// The variant of `scenario`. InputError if it cannot be made: five more
// points of retention are set through the Pareto/NBD dropout rates.
Scenario fact_variant_scenario(const Scenario& scenario, FactVariant variant);

}  // namespace omnisim
