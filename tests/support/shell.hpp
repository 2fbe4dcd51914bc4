#pragma once
// Small helpers for tests that run the omnisim binary through a shell.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace omnisim::testing {

// `text` as one single-quoted shell word.
inline std::string shell_quote(const std::string& text) {
  std::string quoted(1, '\'');
  for (char c : text) {
    if (c == '\'') {
      quoted.append("'\\''");
    } else {
      quoted.push_back(c);
    }
  }
  quoted.push_back('\'');
  return quoted;
}

// The whole file, or "" if it cannot be read.
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace omnisim::testing
