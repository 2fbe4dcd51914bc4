// Regression tests from the scenario fuzzer (tests/fuzz/scenario_fuzz.cpp):
// inputs that made toml++ 3.3.0 overflow the stack or reach undefined
// behaviour, which sim/scenario/toml_guard.cpp now refuses with a clean
// InputError naming the file, line and column.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/scenario/load.hpp"
#include "tests/scenario/scenario_problems.hpp"

namespace omnisim::toml_guard_test {
namespace {

using ::testing::AllOf;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The loader's problems for `text`, or {} when it loads.
std::vector<std::string> problems_of(const std::string& text,
                                     const std::vector<std::string>& overrides = {}) {
  return testing::scenario_problems(text, overrides, "fuzz.toml");
}

// before + `times` copies of part + after.
std::string repeated(const std::string& part, int times, const std::string& before = "",
                     const std::string& after = "") {
  std::string text = before;
  for (int i = 0; i < times; ++i)
    text += part;
  text += after;
  return text;
}

// Found by the fuzzer: '§' (U+00A7) where toml++ asks whether a character
// is whitespace reaches an "unreachable" branch (undefined behaviour; it
// happened to give a syntax error in gcc's build).
TEST(TomlGuard, NonAsciiCharacterAfterAValue) {
  EXPECT_THAT(problems_of("a = 1\xC2\xA7\n"),
              ElementsAre("fuzz.toml:1:6: not valid TOML: unexpected '\xC2\xA7' (U+00A7): outside "
                          "strings and comments TOML allows only ASCII"));
}

TEST(TomlGuard, NonAsciiCharacterInAKeyOrAfterAHeader) {
  EXPECT_THAT(problems_of("a\xC2\xA7= 1\n"),
              ElementsAre(StartsWith("fuzz.toml:1:2: not valid TOML: "
                                     "unexpected '\xC2\xA7'")));
  EXPECT_THAT(problems_of("[simulation]\xC2\xA0\n"),
              ElementsAre(StartsWith("fuzz.toml:1:13: not valid TOML: unexpected '\xC2\xA0' "
                                     "(U+00A0)")));
  EXPECT_THAT(problems_of("a = [1,\xC2\xA7]\n"),
              ElementsAre(StartsWith("fuzz.toml:1:8: not valid TOML: unexpected")));
}

// Found by the fuzzer (through a --set): a quote inside a bare value opens no
// string for toml++, which scans on through what follows as part of the value.
TEST(TomlGuard, QuoteInsideABareValueOpensNoString) {
  EXPECT_THAT(problems_of("a = 1\"\xC2\xA7\"\n"),
              ElementsAre(StartsWith("fuzz.toml:1:7: not valid TOML: unexpected '\xC2\xA7'")));
  EXPECT_THAT(problems_of("a = 1.\"\xC2\xA7\"\n"),
              ElementsAre(StartsWith("fuzz.toml:1:8: not valid TOML: unexpected '\xC2\xA7'")));
  EXPECT_THAT(problems_of("a = [1, 2\"\xC2\xA7\"]\n"),
              ElementsAre(StartsWith("fuzz.toml:1:11: not valid TOML: unexpected '\xC2\xA7'")));
  // The fuzzer's override: not TOML, so the value is taken as a string.
  EXPECT_THAT(
      problems_of(std::string(builtin_scenario_text()), {"simulation.customers=10\"\xEF\xBA\xBF"}),
      ElementsAre(StartsWith("--set simulation.customers=10\"\xEF\xBA\xBF: "
                             "simulation.customers: expected an integer")));
}

TEST(TomlGuard, BytesThatAreNotUtf8OutsideStrings) {
  EXPECT_THAT(problems_of("a = 1\n\xFF = 2\n"),
              ElementsAre("fuzz.toml:2:1: not valid TOML: unexpected byte 0xFF (not UTF-8): "
                          "outside strings and comments TOML allows only ASCII"));
}

TEST(TomlGuard, NonAsciiAfterABackslashInAMultiLineString) {
  EXPECT_THAT(problems_of("a = \"\"\"\\\xC3\xA9\"\"\"\n"),
              ElementsAre("fuzz.toml:1:9: not valid TOML: '\\' followed by '\xC3\xA9' (U+00E9) is "
                          "not an escape sequence"));
  // A line-ending backslash: the continued text may not start with one.
  EXPECT_THAT(problems_of("a = \"\"\"x\\\n  \xC3\xA9t\xC3\xA9\"\"\"\n"),
              ElementsAre(AllOf(StartsWith("fuzz.toml:2:3: not valid TOML: '\xC3\xA9' (U+00E9) "
                                           "right after a line-ending backslash"),
                                HasSubstr("start the continued text with an ASCII one"))));
}

// A known toml++ 3.3.0 limit, checked by hand (the fuzzer's inputs are too
// short to reach it): a table header of 50 000 parts overflows the stack
// (a segfault in the release build).
TEST(TomlGuard, DeepTableHeader) {
  EXPECT_THAT(problems_of(repeated("a.", 50000, "[", "a]\n")),
              ElementsAre("fuzz.toml:1:65: not valid TOML: a dotted key or table header of more "
                          "than 32 parts (omnisim's limit)"));
}

TEST(TomlGuard, DeepDottedKey) {
  EXPECT_THAT(problems_of("[simulation]\n" + repeated("a.", 50000) + "a = 1\n"),
              ElementsAre(StartsWith("fuzz.toml:2:64: not valid TOML: a dotted key or table "
                                     "header of more than 32 parts")));
}

TEST(TomlGuard, DeepArraysAndInlineTables) {
  EXPECT_THAT(problems_of("a = " + repeated("[", 50000) + repeated("]", 50000) + "\n"),
              ElementsAre("fuzz.toml:1:37: not valid TOML: arrays, inline tables and table "
                          "headers nested more than 32 deep (omnisim's limit)"));
  EXPECT_THAT(problems_of("a = " + repeated("{b = ", 50000) + "1" + repeated("}", 50000) + "\n"),
              ElementsAre(StartsWith("fuzz.toml:1:165: not valid TOML: arrays, inline tables")));
}

TEST(TomlGuard, LimitsAreFarAboveAnyScenario) {
  // 32 parts and 32 levels pass the guard (and fail later, as unknown keys).
  const auto at_the_limit = problems_of(repeated("a.", 31) + "a = " + repeated("[", 31) + "{}" +
                                        repeated("]", 31) + "\n");
  ASSERT_FALSE(at_the_limit.empty());
  EXPECT_THAT(at_the_limit[0], StartsWith("fuzz.toml:1:1: a: unknown key"));
  EXPECT_THAT(at_the_limit, Each(Not(HasSubstr("not valid TOML"))));
}

TEST(TomlGuard, NonAsciiInCommentsAndStringsIsFine) {
  const std::string text =
      "\xEF\xBB\xBF# caf\xC3\xA9 \xC2\xA7 \xC2\xA0\n"  // BOM, then a comment
      "a = \"\xC2\xA7 \xC2\xA0\"  # \xE2\x80\xA8\n"
      "b = '\xC2\xA7'\n"
      "c = \"\"\"\xC2\xA7\n\xC2\xA0\"\"\"\"\n"
      "d = '''\xC2\xA7''''\n"
      "e = \"\\\"\xC2\xA7[[[[\"\n";
  EXPECT_THAT(problems_of(text),
              ElementsAre(StartsWith("fuzz.toml:2:1: a: unknown key"),
                          StartsWith("fuzz.toml:3:1: b: unknown key"),
                          StartsWith("fuzz.toml:4:1: c: unknown key"),
                          StartsWith("fuzz.toml:6:1: d: unknown key"),
                          StartsWith("fuzz.toml:7:1: e: unknown key"), HasSubstr("segment"),
                          HasSubstr("channel"), HasSubstr("strateg")));
}

TEST(TomlGuard, NonAsciiInQuotedKeysAndNestedValuesIsFine) {
  const std::string text =
      "a.\"b\xC2\xA7\" = 1\n"
      "c = {d.\"\xC2\xA7\" = \"\xC2\xA7\", e = [\"\xC2\xA7\", {f = '\xC2\xA7'}]}\n"
      "[g.\"\xC2\xA7\"]\n"
      "[[\"\xC2\xA7\"]]\n"
      "h = [\n# x\n\"\xC2\xA7\",\n  '\xC2\xA7' ]\n";
  const auto problems = problems_of(text);
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems[0], StartsWith("fuzz.toml:1:1: a: unknown key"));
  EXPECT_THAT(problems, Each(Not(HasSubstr("not valid TOML"))));
}

TEST(TomlGuard, GuardsOverridesToo) {
  const std::string deep = repeated("a.", 50000) + "a=1";
  EXPECT_THAT(problems_of(std::string(builtin_scenario_text()), {deep}),
              ElementsAre(AllOf(StartsWith("--set a.a.a."),
                                HasSubstr(": expected key.path=value with a dotted key of names (a "
                                          "dotted key or table header of more than 32 parts"))));
  // A bare non-ASCII value is not TOML, so it is taken as a string.
  EXPECT_THAT(problems_of(std::string(builtin_scenario_text()), {"analysis.baseline=caf\xC3\xA9"}),
              ElementsAre(StartsWith("--set analysis.baseline=caf\xC3\xA9: analysis.baseline: "
                                     "unknown strategy \"caf\xC3\xA9\"")));
}

// Found by the --set fuzzer (tests/fuzz/set_fuzz.cpp): toml++ scans a bare
// value ahead to its terminator, over quotes, so a non-ASCII character in
// what looks like a string after it reaches the same unreachable branch.
TEST(TomlGuard, NonAsciiInsideABareValueIsRefused) {
  EXPECT_THAT(problems_of("a = [2x=[\"\xC2\xA7\"]]\n"),
              ElementsAre(AllOf(StartsWith("fuzz.toml:1:"),
                                HasSubstr("outside strings and comments TOML allows only ASCII"))));
  // A string after a bare value's terminator is still a string.
  EXPECT_THAT(problems_of(std::string(builtin_scenario_text()),
                          {"strategies.omnichannel.bridges=[\"ropo\", \"g\xC3\xB6\"]"}),
              ElementsAre(HasSubstr("unknown bridge \"g\xC3\xB6\"")));
}

}  // namespace
}  // namespace omnisim::toml_guard_test
