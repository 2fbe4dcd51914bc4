#pragma once
// Small numeric conventions shared by every table: the missing value, a
// number written to a few significant digits, and exactly.

#include <charconv>
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

// The shortest text that reads back as `value` exactly ("0.1", "1e-05").
inline std::string shortest_text(double value) {
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, value).ptr);
}

}  // namespace omnisim
