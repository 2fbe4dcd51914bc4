#pragma once
// The sweep whose journal the journal target resumes (journal_fuzz.cpp) and
// whose journals omnisim_fuzz_seeds writes as its seeds.

#include <cstddef>
#include <string_view>

namespace omnisim::fuzz {

inline constexpr std::string_view kIdentity = "fuzz sweep\nshard: ";
inline constexpr std::size_t kPoints = 16;
inline constexpr std::size_t kValuesPerPoint = 4;

}  // namespace omnisim::fuzz
