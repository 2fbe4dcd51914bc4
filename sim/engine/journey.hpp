#pragma once
// One purchase occasion (MODEL.md §3): awareness, consideration touchpoints,
// decision with an outside option, service contacts, loyalty update.
// Each stage draws from its own stream keyed by (customer, need index), so a
// path that coincides under two strategies draws the same numbers.

#include "sim/engine/customer.hpp"
#include "sim/engine/trace.hpp"
#include "sim/kpi/tally.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

class CustomerSimulator;

struct JourneyOutcome {
  bool ordered = false;
};

JourneyOutcome run_journey(const Model& model, const CustomerSimulator& simulator,
                           const StreamFamily& family, CustomerState& customer, double day,
                           Tally& tally, Tracer& trace);

}  // namespace omnisim
