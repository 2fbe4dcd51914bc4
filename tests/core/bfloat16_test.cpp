#include "sim/core/bfloat16.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace omnisim::bfloat16_test {
namespace {

float stored(float value) {
  return BFloat16(value);
}

TEST(BFloat16, KeepsWhatItCanHoldExactly) {
  for (const float exact : {0.0F, 1.0F, -2.0F, 0.5F, 1.5F, 3.0F, 0.0078125F, -0.0F})
    EXPECT_EQ(stored(exact), exact);
  EXPECT_EQ(stored(std::numeric_limits<float>::infinity()), std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(stored(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(stored(std::numeric_limits<float>::signaling_NaN())));
  EXPECT_EQ(float{BFloat16()}, 0.0F);
}

TEST(BFloat16, RoundsToNearestAndTiesToEven) {
  // Near 1 the step is 2^-7.
  const float step = 0x1p-7F;
  EXPECT_EQ(stored(1.0F + 0.49F * step), 1.0F);
  EXPECT_EQ(stored(1.0F + 0.51F * step), 1.0F + step);
  EXPECT_EQ(stored(1.0F + 0.5F * step), 1.0F);                // tie: 1 is even
  EXPECT_EQ(stored(1.0F + 1.5F * step), 1.0F + 2.0F * step);  // tie: up to even
  EXPECT_EQ(stored(-1.0F - 0.51F * step), -1.0F - step);
}

TEST(BFloat16, IsWithinTwoToTheMinusEightOfEveryValueOverFloatsRange) {
  double worst = 0.0;
  for (double value = 1e-37; value < 1e37; value *= 1.0007) {
    const auto as_float = static_cast<float>(value);
    const double error = std::abs(static_cast<double>(stored(as_float)) - as_float) / as_float;
    worst = std::max(worst, error);
  }
  EXPECT_LE(worst, 0x1p-8);  // half a step of 8 significant bits
  EXPECT_GT(worst, 0x1p-9);  // ... and no finer
}

TEST(BFloat16, IsMonotonic) {
  float previous = stored(1e-20F);
  for (float value = 1e-20F; value < 1e20F; value *= 1.0001F) {
    const float now = stored(value);
    ASSERT_GE(now, previous) << value;
    previous = now;
  }
}

}  // namespace
}  // namespace omnisim::bfloat16_test
