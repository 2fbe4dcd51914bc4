#pragma once
// Calendar dates for event timestamps: the scenario's start date as a day
// number, and simulated days as ISO 8601 UTC timestamps.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace omnisim {

// Days since 1970-01-01 of a date written YYYY-MM-DD, between 1900-01-01 and
// 2199-12-31; nullopt for anything else (a bad month, 2023-02-29, ...).
std::optional<std::int64_t> parse_iso_date(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS.mmmZ" for `day` simulated days after `epoch_day`
// (milliseconds rounded down) into `out`, which must hold 24 characters;
// returns the end.
char* write_timestamp(char* out, std::int64_t epoch_day, double day);
std::string timestamp(std::int64_t epoch_day, double day);

}  // namespace omnisim
