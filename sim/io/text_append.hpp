#pragma once
// Writing numbers and names into text output without streams: shortest
// round-trip doubles and integers (std::to_chars). `put_*` write at a raw
// pointer into a buffer the caller sized (the event writers' hot path);
// `append_*` grow a std::string. Shared by the event log's writers.

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace omnisim {

inline constexpr std::size_t kTextFlushBytes = std::size_t{1} << 20;  // buffered text per write
// The longest text of a double (shortest round trip: "-2.2250738585072014e-308")
// and of a 64-bit integer.
inline constexpr std::size_t kMaxNumberChars = 24;
inline constexpr std::size_t kMaxIntegerChars = 20;

inline char* put_number(char* out, double value) {
  return std::to_chars(out, out + kMaxNumberChars, value).ptr;
}

inline char* put_integer(char* out, std::uint64_t value) {
  return std::to_chars(out, out + kMaxIntegerChars, value).ptr;
}

// std::copy, not memcpy: an empty view may have no data pointer at all.
inline char* put_text(char* out, std::string_view text) {
  return std::copy(text.begin(), text.end(), out);
}

inline void append_number(std::string& out, double value) {
  char text[kMaxNumberChars];
  out.append(text, put_number(text, value));
}

inline void append_integer(std::string& out, std::uint64_t value) {
  char text[kMaxIntegerChars];
  out.append(text, put_integer(text, value));
}

}  // namespace omnisim
