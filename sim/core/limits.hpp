#pragma once
// Hard limits of the engine's compact data layout, checked at validation.

#include <cstddef>

namespace omnisim {

inline constexpr std::size_t kMaxChannels = 8;  // channel sets are 8-bit masks
inline constexpr std::size_t kMaxSegments = 64;
inline constexpr double kMaxPeriods = 10'000;  // time series rows per run
inline constexpr double kDaysPerYear = 365.0;

// What one customer may ask of the engine, so that every accepted scenario
// runs in finite time: the need rate of the customer at the top one-in-a-
// billion of a segment's Gamma(r, alpha) rates stays at 10 needs a day (a
// customer's needs are simulated one by one; 1e300 a year never ends).
inline constexpr double kMaxNeedsPerYear = 3650.0;
inline constexpr double kNeedRateTail = 1e-9;
// Money stays far from overflow: no unit amount above 10 million EUR, no
// mean order above 1 million EUR (sums over 1e9 customers stay finite).
inline constexpr double kMaxAmountEur = 1e7;
inline constexpr double kMaxMeanOrderEur = 1e6;
// Referred customers a run keeps room for, per paid customer: word of mouth
// in which each customer brings more than one grows without bound.
inline constexpr std::size_t kMaxReferredPerPaid = 2;
// Paid customers a scenario may ask for.
inline constexpr double kMaxCustomers = 1e9;
// Lifetime CLV (docs/model.md §7): the customers alive at the horizon are
// simulated on until the share of them still alive, discounted, falls below
// this (what is left is priced in closed form), or for at most this many
// years after the horizon (a very long-lived, undiscounted base).
inline constexpr double kLifetimeTailWeight = 1e-2;
inline constexpr double kMaxYearsAfterHorizon = 100.0;

}  // namespace omnisim
