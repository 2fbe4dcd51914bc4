#include "sim/scenario/toml_guard.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

// One character of the text: a UTF-8 sequence, or a single byte that is not
// valid UTF-8 (code_point empty).
struct Unit {
  std::size_t size = 1;
  std::optional<char32_t> code_point;
};

Unit decode(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {1, lead};
  std::size_t size = 0;
  char32_t value = 0;
  if ((lead & 0xE0) == 0xC0) {
    size = 2;
    value = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    size = 3;
    value = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    size = 4;
    value = lead & 0x07u;
  } else {
    return {};
  }
  if (at + size > text.size()) return {};
  for (std::size_t i = 1; i < size; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {};
    value = (value << 6) | (byte(at + i) & 0x3Fu);
  }
  return {size, value};
}

// "'§' (U+00A7)", or "byte 0xC2 (not UTF-8)".
std::string describe(std::string_view text, std::size_t at, const Unit& unit) {
  char code[32];
  if (!unit.code_point) {
    std::snprintf(code, sizeof code, "byte 0x%02X (not UTF-8)",
                  static_cast<unsigned>(static_cast<unsigned char>(text[at])));
    return code;
  }
  std::snprintf(code, sizeof code, "' (U+%04X)", static_cast<unsigned>(*unit.code_point));
  std::string described(1, '\'');
  described.append(text.substr(at, unit.size)).append(code);
  return described;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool continues_key(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == ' ' || c == '\t';
}

struct Refusal {
  std::uint32_t line;
  std::uint32_t column;
  std::string message;
};

// The first thing in `text` that toml++ 3.3.0 cannot parse safely, if any.
// Follows just enough of TOML to know what is in a string or a comment: a
// quote opens a string only where toml++ starts a key part or a value;
// elsewhere (as in `a = 1"x"`) toml++ scans on, so the guard does too.
std::optional<Refusal> find_refusal(std::string_view text) {
  enum class State { kOutside, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  State state = State::kOutside;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  std::string open;          // the open brackets: 'H' table header, 'A' array, 'T' inline table
  bool in_value = false;     // after '=' or in an array, rather than where a key goes
  char previous = '\n';      // the last character outside strings that is not a blank
  std::size_t key_dots = 0;  // dots in the dotted key being read
  bool escaped = false;      // after a backslash in a basic string
  bool continuing = false;   // after a line-ending backslash, before the text goes on
  // In a bare value (a number, a boolean, a date): toml++ scans it ahead to
  // the next value terminator whatever it holds, quotes and brackets
  // included (found by tests/fuzz/set_fuzz.cpp: `[2x=["§"]`).
  bool bare = false;
  const std::string limit = std::to_string(kMaxTomlNesting);

  const auto new_line = [&] {
    previous = '\n';
    key_dots = 0;
    while (!open.empty() && open.back() == 'H')
      open.pop_back();  // an unclosed header: toml++ reports it
    if (open.empty()) in_value = false;
  };

  std::size_t at = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // toml++ skips a BOM
  while (at < text.size()) {
    const Unit unit = decode(text, at);
    const bool ascii = unit.code_point && *unit.code_point < 0x80;
    const char c = ascii ? text[at] : '\0';
    const auto refuse = [&](std::string message) {
      return Refusal{line, column, std::move(message)};
    };
    std::size_t size = unit.size;

    switch (state) {
      case State::kOutside: {
        if (!ascii) {
          return refuse("unexpected " + describe(text, at, unit) +
                        ": outside strings and comments TOML allows only ASCII");
        }
        if (bare) {
          const bool terminates = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ']' ||
                                  c == '}' || c == ',' || c == '#';
          if (!terminates) break;
          bare = false;
        }
        if (c == ' ' || c == '\t' || c == '\r') break;
        if (c == '\n') {
          new_line();
          break;
        }
        if (in_value && std::string_view("\"'[]{},=#").find(c) == std::string_view::npos) {
          bare = true;
          previous = c;
          break;
        }
        const char before = previous;
        previous = c;
        if (c == '#') {
          state = State::kComment;
        } else if (c == '"' || c == '\'') {
          const bool opens = before == '\n' || before == '=' || before == '[' || before == '{' ||
                             before == ',' || (before == '.' && !in_value);
          if (opens) {
            const bool multi = text.substr(at, 3) == std::string(3, c);
            if (c == '"') state = multi ? State::kMultiBasic : State::kBasic;
            if (c == '\'') state = multi ? State::kMultiLiteral : State::kLiteral;
            if (multi) size = 3;
          }
        } else if (c == '[' || c == '{') {
          key_dots = 0;
          if (open.size() >= kMaxTomlNesting) {
            return refuse("arrays, inline tables and table headers nested more than " + limit +
                          " deep (omnisim's limit)");
          }
          if (c == '{') {
            open += 'T';
            in_value = false;
          } else if (!in_value && (open.empty() || open.back() == 'H')) {
            open += 'H';
          } else {
            open += 'A';
            in_value = true;
          }
        } else if (c == ']' || c == '}') {
          key_dots = 0;
          const bool header = !open.empty() && open.back() == 'H';
          if (!open.empty()) open.pop_back();
          in_value = !header;
        } else if (c == '=') {
          key_dots = 0;
          in_value = true;
        } else if (c == ',') {
          key_dots = 0;
          if (!open.empty()) in_value = open.back() == 'A';
        } else if (c == '.') {
          if (++key_dots >= kMaxTomlNesting) {
            return refuse("a dotted key or table header of more than " + limit +
                          " parts (omnisim's limit)");
          }
        } else if (!continues_key(c)) {
          key_dots = 0;  // a key's quoted parts leave it going on, anything else ends it
        }
        break;
      }

      case State::kComment:
        if (c == '\n') {
          state = State::kOutside;
          new_line();
        }
        break;

      case State::kBasic:
      case State::kLiteral:
        if (escaped) {
          escaped = false;  // toml++ rejects an unknown escape safely here
        } else if (c == '\\' && state == State::kBasic) {
          escaped = true;
        } else if ((c == '"' && state == State::kBasic) ||
                   (c == '\'' && state == State::kLiteral)) {
          state = State::kOutside;
        } else if (c == '\n') {
          state = State::kOutside;  // unterminated: toml++ says so
          new_line();
        }
        break;

      case State::kMultiBasic:
        if (escaped) {
          escaped = false;
          if (!ascii) {
            return refuse("'\\' followed by " + describe(text, at, unit) +
                          " is not an escape sequence");
          }
          continuing = is_blank(c);
          break;
        }
        if (continuing) {
          if (ascii && is_blank(c)) break;
          continuing = false;
          if (!ascii) {
            return refuse(describe(text, at, unit) +
                          " right after a line-ending backslash: the TOML parser cannot read a "
                          "non-ASCII character there, start the continued text with an ASCII one");
          }
        }
        [[fallthrough]];
      case State::kMultiLiteral:
        if (c == '\\' && state == State::kMultiBasic) {
          escaped = true;
        } else if ((c == '"' && state == State::kMultiBasic) ||
                   (c == '\'' && state == State::kMultiLiteral)) {
          size = 1;
          while (at + size < text.size() && text[at + size] == c)
            ++size;
          if (size >= 3) state = State::kOutside;  // up to two quotes end the content
        }
        break;
    }

    // Advance; the column counts characters, as toml++'s does.
    for (std::size_t i = 0; i < size;) {
      const Unit step = i == 0 ? unit : decode(text, at + i);
      if (text[at + i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      i += step.size;
    }
    at += size;
  }
  return std::nullopt;
}

}  // namespace

toml::table parse_toml_guarded(std::string_view text, std::string_view source_name) {
  if (text.size() > kMaxTomlBytes) {
    throw toml::parse_error("larger than 1 MiB (1,048,576 bytes); a scenario is a few KB of TOML",
                            toml::source_position{1, 1},
                            std::make_shared<const std::string>(source_name));
  }
  if (const auto refusal = find_refusal(text)) {
    throw toml::parse_error(refusal->message.c_str(),
                            toml::source_position{refusal->line, refusal->column},
                            std::make_shared<const std::string>(source_name));
  }
  return toml::parse(text, source_name);
}

std::string describe_location(const toml::source_region& where, std::string_view fallback) {
  if (!where.path) return std::string(fallback);
  const std::string& path = *where.path;
  if (path.starts_with("--set")) return path;
  if (!where.begin) return path;
  std::ostringstream text;
  text << path << ':' << where.begin.line << ':' << where.begin.column;
  return text.str();
}

std::string read_toml_file(const std::filesystem::path& path, std::string_view what) {
  const std::string kind(what);
  const auto fail = [&](const std::string& problem, int code) {
    return InputError(path.string() + ": cannot read " + kind + " file: " + problem +
                      (code != 0 ? std::string(" (") + std::strerror(code) + ")" : ""));
  };
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) throw fail("cannot open it", errno);
  struct Closer {
    int descriptor;
    ~Closer() { ::close(descriptor); }
  } closer{descriptor};
  struct stat status {};
  if (::fstat(descriptor, &status) == 0 && S_ISDIR(status.st_mode)) {
    throw InputError(path.string() + ": is a directory, expected a " + kind + " file (TOML)");
  }
  std::string text;
  char buffer[1 << 16];
  while (text.size() <= kMaxTomlBytes) {
    const ssize_t got = ::read(descriptor, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw fail("read failed", errno);
    if (got == 0) return text;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  throw InputError(path.string() + ": larger than 1 MiB (1,048,576 bytes); a " + kind +
                   " is a few KB of TOML");
}

}  // namespace omnisim
