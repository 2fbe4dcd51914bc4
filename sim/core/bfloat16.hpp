#pragma once
// A 16-bit float for per-customer traits: float's sign and 8-bit exponent
// (so float's whole range: rates per day, EUR scales and exp(utility) weights
// need no rescaling) and 8 significant bits, rounded to nearest (ties to
// even), so a stored trait is within 2^-8 (0.4 %) of its draw -- far inside
// any segment's heterogeneity. Decoding is one shift; C++23's
// std::bfloat16_t is this format, but C++20 and GCC 12 have no portable one
// (and _Float16's 5-bit exponent would need every trait rescaled).

#include <bit>
#include <cstdint>

namespace omnisim {

class BFloat16 {
 public:
  constexpr BFloat16() = default;
  constexpr explicit BFloat16(float value) : bits_(round(value)) {}

  // Implicit: a stored trait reads as the float it holds.
  constexpr operator float() const {
    return std::bit_cast<float>(static_cast<std::uint32_t>(bits_) << 16U);
  }

 private:
  static constexpr std::uint16_t round(float value) {
    const auto bits = std::bit_cast<std::uint32_t>(value);
    if ((bits & 0x7FFF'FFFFU) > 0x7F80'0000U) {  // NaN stays a (quiet) NaN
      return static_cast<std::uint16_t>((bits >> 16U) | 0x0040U);
    }
    const std::uint32_t half_ulp_or_less = 0x7FFFU + ((bits >> 16U) & 1U);
    return static_cast<std::uint16_t>((bits + half_ulp_or_less) >> 16U);
  }

  std::uint16_t bits_ = 0;
};

}  // namespace omnisim
