#pragma once
// A one-line progress report with ETA on stderr: shown only on a terminal,
// only once a command has run for a while, and erased when it finishes.

#include <chrono>
#include <string>

namespace omnisim {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(double fraction_done, const std::string& current);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
};

}  // namespace omnisim
