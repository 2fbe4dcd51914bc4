#include "sim/engine/period.hpp"

namespace omnisim {

std::uint64_t referral_id(std::uint64_t referrer_id, std::uint32_t index) {
  // splitmix64 finaliser (Steele, Lea & Flood 2014) over the pair.
  std::uint64_t z = referrer_id * 0x9E3779B97F4A7C15ULL + (static_cast<std::uint64_t>(index) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return z | (std::uint64_t{1} << 63);
}

}  // namespace omnisim
