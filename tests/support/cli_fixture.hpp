#pragma once
// The fixture of the end-to-end tests: a fresh directory per test, the
// omnisim binary run there with its exit code, stdout and stderr, and the
// files it leaves behind.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "tests/support/shell.hpp"

namespace omnisim {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("omnisim-cli-" +
                  std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  // Runs omnisim in the test's directory with `args`.
  Outcome omnisim(const std::vector<std::string>& args) const {
    std::string command = "cd " + testing::shell_quote(directory_.string()) + " && " +
                          testing::shell_quote(OMNISIM_BINARY);
    for (const auto& arg : args) {
      command.push_back(' ');
      command.append(testing::shell_quote(arg));
    }
    return shell(command);
  }

  Outcome shell(const std::string& command) const {
    const fs::path err = directory_ / "stderr.txt";
    FILE* pipe = ::popen((command + " 2>" + testing::shell_quote(err.string())).c_str(), "r");
    std::string out;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
      out.append(buffer, n);
    const int status = ::pclose(pipe);
    std::string error_text = testing::read_text(err);
    fs::remove(err);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, error_text};
  }

  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(directory_ / name) << text;
    return directory_ / name;
  }

  // Nothing but the given files in the test directory (no temporaries).
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  // An input error: exit code 2, the message, and no output file.
  void expect_input_error(const std::vector<std::string>& args, const std::string& message) {
    const Outcome outcome = omnisim(args);
    EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
    EXPECT_THAT(outcome.err, ::testing::HasSubstr(message));
    for (const auto& name : files()) {
      EXPECT_EQ(name.find(".h5"), std::string::npos) << "left " << name;
    }
  }

  fs::path directory_;
};

}  // namespace omnisim
