#pragma once
// One purchase occasion (docs/model.md §3): awareness, consideration touchpoints,
// decision with an outside option, service contacts, loyalty update.
// Each stage draws from its own stream keyed by (customer, occasion), so a
// path that coincides under two strategies draws the same numbers.

#include <cstdint>

#include "sim/engine/context.hpp"
#include "sim/engine/customer.hpp"
#include "sim/engine/period.hpp"
#include "sim/engine/trace.hpp"

namespace omnisim {

// Occasions of marketing-triggered journeys start here, apart from the
// customer's own needs (0, 1, ...), so marketing never shifts their streams.
inline constexpr std::uint64_t kMarketingOccasions = std::uint64_t{1} << 39;

struct JourneyStart {
  double day;
  std::uint64_t occasion;  // need index, or kMarketingOccasions + contact index
  bool triggered;          // by a marketing contact
};

struct JourneyOutcome {
  bool ordered = false;
  bool switched = false;  // the need went elsewhere, and the customer stays there
};

JourneyOutcome run_journey(const RunContext& context, CustomerState& customer,
                           const JourneyStart& start, const Period& period, PeriodOutput& output,
                           Tracer& trace);

}  // namespace omnisim
