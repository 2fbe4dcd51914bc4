#include "sim/core/calendar.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

namespace omnisim {
namespace {

char* two_digits(char* out, unsigned value) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
  return out + 2;
}

}  // namespace

std::optional<std::int64_t> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  auto number = [&](std::size_t from, std::size_t length, auto& value) {
    const char* first = text.data() + from;
    const auto [end, error] = std::from_chars(first, first + length, value);
    return error == std::errc() && end == first + length;
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok() || year < 1900 || year > 2199) return std::nullopt;
  return std::chrono::sys_days(date).time_since_epoch().count();
}

char* write_timestamp(char* out, std::int64_t epoch_day, double day) {
  const auto milliseconds = static_cast<std::int64_t>(std::floor(day * 86'400'000.0));
  const std::int64_t whole_days = milliseconds / 86'400'000;
  std::int64_t rest = milliseconds % 86'400'000;
  const std::chrono::year_month_day date{
      std::chrono::sys_days(std::chrono::days(epoch_day + whole_days))};
  const int year = static_cast<int>(date.year());
  out = two_digits(out, static_cast<unsigned>(year / 100));
  out = two_digits(out, static_cast<unsigned>(year % 100));
  *out++ = '-';
  out = two_digits(out, static_cast<unsigned>(date.month()));
  *out++ = '-';
  out = two_digits(out, static_cast<unsigned>(date.day()));
  *out++ = 'T';
  out = two_digits(out, static_cast<unsigned>(rest / 3'600'000));
  rest %= 3'600'000;
  *out++ = ':';
  out = two_digits(out, static_cast<unsigned>(rest / 60'000));
  rest %= 60'000;
  *out++ = ':';
  out = two_digits(out, static_cast<unsigned>(rest / 1000));
  *out++ = '.';
  const auto millis = static_cast<unsigned>(rest % 1000);
  *out++ = static_cast<char>('0' + millis / 100);
  out = two_digits(out, millis % 100);
  *out++ = 'Z';
  return out;
}

std::string timestamp(std::int64_t epoch_day, double day) {
  char buffer[24];
  return std::string(buffer, write_timestamp(buffer, epoch_day, day));
}

}  // namespace omnisim
