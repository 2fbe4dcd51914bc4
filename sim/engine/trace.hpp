#pragma once
// Event-by-event narration of one customer's life (--trace-customer). The
// engine calls `note` only through `if (trace)`, so untraced customers pay
// one branch per event.

#include <iomanip>
#include <ostream>

namespace omnisim {

class Tracer {
 public:
  Tracer() = default;
  explicit Tracer(std::ostream* out) : out_(out) {}
  explicit operator bool() const { return out_ != nullptr; }

  // Starts a line "  day   12.40  " and returns the stream to finish it.
  std::ostream& note(double day) {
    *out_ << "  day " << std::setw(8) << day << "  ";
    return *out_;
  }
  std::ostream& stream() { return *out_; }

 private:
  std::ostream* out_ = nullptr;
};

}  // namespace omnisim
