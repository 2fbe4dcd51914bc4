#pragma once
// Small numeric conventions shared by every table: the missing value, and a
// number written to a few significant digits.

#include <cstdio>
#include <limits>
#include <string>

namespace omnisim {

// A value that does not exist (an empty mean, a KPI without customers).
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// `value` to `digits` significant digits ("%.*g"): 0.1234 -> "0.123".
inline std::string significant(double value, int digits) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

}  // namespace omnisim
