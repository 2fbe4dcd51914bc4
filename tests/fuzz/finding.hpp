#pragma once
// How a fuzz target reports a finding: the message on stderr, then abort(),
// which libFuzzer turns into a crash report with the reproducer saved.

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace omnisim::fuzz {

[[noreturn]] inline void finding(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace omnisim::fuzz
