#pragma once
// A loopback sink for the streaming tests: tests/support/http_counter.py in
// the background (HTTP, or TCP with "--tcp"), its URL, and its counts when
// stopped.

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "tests/support/shell.hpp"

namespace omnisim::testing {

// A loopback HTTP sink (tests/support/http_counter.py) for the streaming
// tests; stop() returns the batches and events it received.
class HttpCounter {
 public:
  HttpCounter(const std::filesystem::path& directory, const std::string& options = "")
      : port_file_(directory / "port"), count_file_(directory / "count") {
    const std::string command =
        "python3 " +
        shell_quote(std::string(OMNISIM_SOURCE_DIR) + "/tests/support/http_counter.py") + " " +
        shell_quote(port_file_.string()) + " " + shell_quote(count_file_.string()) + " " + options +
        " >/dev/null 2>&1 & echo $!";
    FILE* pipe = ::popen(command.c_str(), "r");
    char buffer[32] = {};
    if (std::fgets(buffer, sizeof buffer, pipe) != nullptr) pid_ = std::atoi(buffer);
    ::pclose(pipe);
    for (int i = 0; i < 200 && !std::filesystem::exists(port_file_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    port_ = read_text(port_file_);
  }
  std::string url() const { return "http://127.0.0.1:" + port_ + "/events"; }
  std::string tcp() const { return "tcp://127.0.0.1:" + port_; }
  std::pair<long, long> stop() {
    // A TCP sender is done once the kernel has its bytes; let the server read them.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 200 && !std::filesystem::exists(count_file_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    std::istringstream counts(read_text(count_file_));
    long batches = -1, events = -1;
    counts >> batches >> events;
    return {batches, events};
  }

 private:
  std::filesystem::path port_file_, count_file_;
  std::string port_;
  int pid_ = 0;
};

}  // namespace omnisim::testing
