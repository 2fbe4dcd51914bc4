#include "sim/cli/progress.hpp"

#include <cmath>
#include <cstdio>

#include <unistd.h>

namespace omnisim {
namespace {
constexpr auto kQuietStart = std::chrono::seconds(2);
constexpr auto kRedrawEvery = std::chrono::milliseconds(200);
}  // namespace

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
  finish();
}

void ProgressLine::update(double fraction_done, const std::string& current) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - start_ < kQuietStart || now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  shown_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double remaining =
      fraction_done > 0.0 ? elapsed * (1.0 - fraction_done) / fraction_done : 0;
  std::fprintf(stderr, "\r\033[K[%3.0f%%] %s, ETA %.0f s", 100.0 * fraction_done, current.c_str(),
               std::ceil(remaining));
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }
}

}  // namespace omnisim
