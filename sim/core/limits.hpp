#pragma once
// Hard limits of the engine's compact data layout, checked at validation.

#include <cstddef>

namespace omnisim {

inline constexpr std::size_t kMaxChannels = 8;  // channel sets are 8-bit masks
inline constexpr std::size_t kMaxSegments = 64;
inline constexpr double kMaxPeriods = 10'000;  // time series rows per run
inline constexpr double kDaysPerYear = 365.0;

}  // namespace omnisim
