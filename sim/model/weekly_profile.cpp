#include "sim/model/weekly_profile.hpp"

#include <algorithm>
#include <cmath>

namespace omnisim {

WeeklyProfile::WeeklyProfile(std::span<const double> by_hour, std::span<const double> by_weekday,
                             int day0_weekday)
    : day0_offset_days_(day0_weekday) {
  double hour_total = 0.0, weekday_total = 0.0;
  for (double weight : by_hour)
    hour_total += weight;
  for (double weight : by_weekday)
    weekday_total += weight;
  // Each hour's busy length: its share of the week's traffic, 7 days in all
  // (scaled so the week ends at exactly 7: a closed last hour stays flat).
  for (int hour = 0; hour < kHours; ++hour) {
    const double weight = by_weekday[static_cast<std::size_t>(hour / 24)] / weekday_total *
                          by_hour[static_cast<std::size_t>(hour % 24)] / hour_total;
    cumulative_[static_cast<std::size_t>(hour) + 1] =
        cumulative_[static_cast<std::size_t>(hour)] + weight;
  }
  const double total = cumulative_[kHours];
  for (double& busy : cumulative_)
    busy = std::min(7.0, busy * (7.0 / total));
  cumulative_[kHours] = 7.0;
  busy_at_day0_ = 0.0;
  busy_at_day0_ = busy_at(0.0);
}

double WeeklyProfile::busy_at(double day) const {
  const double position = day + day0_offset_days_;
  const double week = std::floor(position / 7.0);
  const double hours = (position - 7.0 * week) * 24.0;
  const auto hour = std::min(kHours - 1, static_cast<int>(hours));
  const auto h = static_cast<std::size_t>(hour);
  const double rate = cumulative_[h + 1] - cumulative_[h];  // busy days per hour
  return 7.0 * week + cumulative_[h] + rate * (hours - hour) - busy_at_day0_;
}

double WeeklyProfile::day_at(double busy_days) const {
  const double target = busy_days + busy_at_day0_;
  const double week = std::floor(target / 7.0);
  const double within = target - 7.0 * week;
  // The first hour whose end reaches `within`: an open hour, so the day is
  // inside opening hours (a closed hour adds no busy time).
  const auto end = std::lower_bound(cumulative_.begin() + 1, cumulative_.end(), within);
  const auto h = static_cast<std::size_t>(std::min<std::ptrdiff_t>(
      kHours - 1, std::max<std::ptrdiff_t>(0, end - cumulative_.begin() - 1)));
  const double rate = cumulative_[h + 1] - cumulative_[h];
  const double into_hour =
      rate > 0.0 ? std::clamp((within - cumulative_[h]) / rate, 0.0, 1.0) : 0.0;
  return 7.0 * week + (static_cast<double>(h) + into_hour) / 24.0 - day0_offset_days_;
}

}  // namespace omnisim
