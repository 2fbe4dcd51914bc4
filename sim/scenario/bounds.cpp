#include "sim/scenario/bounds.hpp"

#include <cmath>
#include <sstream>

namespace omnisim {

std::string Bounds::describe() const {
  std::ostringstream text;
  const bool has_low = std::isfinite(low);
  const bool has_high = std::isfinite(high);
  if (has_low && has_high) {
    text << "a number in " << (low_open ? '(' : '[') << low << ", " << high
         << (high_open ? ')' : ']');
  } else if (has_low) {
    text << "a number " << (low_open ? "> " : ">= ") << low;
  } else if (has_high) {
    text << "a number " << (high_open ? "< " : "<= ") << high;
  } else {
    text << "a finite number";
  }
  return text.str();
}

}  // namespace omnisim
