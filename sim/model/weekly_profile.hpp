#pragma once
// A channel kind's traffic over the week (docs/model.md §11) as "busy
// time": a clock that runs at the kind's relative traffic -- fast at peak
// hours, stopped while the kind is closed -- and averages one busy day per
// calendar day. A gap measured in busy time lands on the kind's open hours.

#include <array>
#include <span>

namespace omnisim {

class WeeklyProfile {
 public:
  WeeklyProfile() = default;
  // Weights by hour of the day (24) and day of the week (7, Monday first),
  // each with a positive sum; `day0_weekday`: 0 if day 0 is a Monday.
  WeeklyProfile(std::span<const double> by_hour, std::span<const double> by_weekday,
                int day0_weekday);

  // Busy days elapsed from day 0 to `day`: increasing, 7 per week.
  double busy_at(double day) const;
  // The first day whose busy_at is `busy_days` (the inverse of busy_at).
  double day_at(double busy_days) const;

  bool operator==(const WeeklyProfile&) const = default;

 private:
  static constexpr int kHours = 168;
  std::array<double, kHours + 1> cumulative_{};  // busy days before each hour of the week
  double day0_offset_days_ = 0.0;                // day 0's position in its week
  double busy_at_day0_ = 0.0;
};

}  // namespace omnisim
