#pragma once
// toml::parse behind a check of the raw text for what toml++ 3.3.0 (Debian 12)
// cannot parse safely -- found by tests/fuzz/scenario_fuzz.cpp:
//  - any size: a text over kMaxTomlBytes is refused before it is parsed (the
//    built-in scenario is about 9 KB; a runaway file must not be read whole);
//  - nesting without limit: a dotted key or table header of tens of thousands
//    of parts, or arrays and inline tables nested as deep, overflow the stack
//    (the parser and the table destructor recurse once per level);
//  - a non-ASCII character where whitespace may stand (outside strings and
//    comments, or after a backslash in a multi-line string) reaches an
//    "unreachable" branch of toml++'s whitespace test: undefined behaviour.
// The check refuses those with a toml::parse_error naming line and column,
// so callers report it like any other TOML syntax error. Every scenario
// omnisim accepts is far inside the limits, and everything refused outside
// strings and comments is invalid TOML 1.0 anyway (bare keys are ASCII).
// Internal to the scenario loader (it includes toml++).

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace omnisim {

// Deepest nesting of arrays and inline tables, and most parts of a dotted
// key or table header, that the guard lets through.
inline constexpr std::size_t kMaxTomlNesting = 32;
// Largest scenario text, in bytes (1 MiB).
inline constexpr std::size_t kMaxTomlBytes = std::size_t{1} << 20;

// toml::parse(text, source_name), or a toml::parse_error for text the guard
// refuses or toml++ rejects.
toml::table parse_toml_guarded(std::string_view text, std::string_view source_name);

// "file:line:column" of a node, "--set ..." for an override's, or `fallback`.
std::string describe_location(const toml::source_region& where, std::string_view fallback);

// The text of a TOML file, read with a bound: one larger than kMaxTomlBytes
// (or an endless device such as /dev/zero) is refused after reading that much.
// `what` names the kind of file in messages ("scenario", "sweep").
std::string read_toml_file(const std::filesystem::path& path, std::string_view what);

}  // namespace omnisim
