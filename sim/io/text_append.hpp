#pragma once
// Appending numbers to text output without streams: shortest round-trip
// doubles and integers (std::to_chars). Shared by the event log's writers.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>

namespace omnisim {

inline constexpr std::size_t kTextFlushBytes = std::size_t{1} << 20;  // buffered text per write

inline void append_number(std::string& out, double value) {
  char text[32];
  out.append(text, std::to_chars(text, text + sizeof text, value).ptr);
}

inline void append_integer(std::string& out, std::uint64_t value) {
  char text[24];
  out.append(text, std::to_chars(text, text + sizeof text, value).ptr);
}

}  // namespace omnisim
