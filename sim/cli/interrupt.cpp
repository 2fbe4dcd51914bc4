#include "sim/cli/interrupt.hpp"

#include <csignal>
#include <cstring>

#include <limits.h>
#include <unistd.h>

namespace omnisim::cli {
namespace {

// A signal handler may only touch lock-free static state: the path lives in
// a fixed buffer, written before the handler is installed.
char pending_path[PATH_MAX];
volatile std::sig_atomic_t armed = 0;
constexpr int kSignals[] = {SIGINT, SIGTERM};
struct sigaction previous[2];
bool installed[2] = {false, false};

extern "C" void remove_and_reraise(int signal_number) {
  if (armed != 0) ::unlink(pending_path);
  // SA_RESETHAND has restored the default action: the signal now ends the
  // process as it would have without the guard.
  ::raise(signal_number);
}

}  // namespace

RemoveOnInterrupt::RemoveOnInterrupt(const std::filesystem::path& path) {
  const std::string& text = path.native();
  if (text.size() >= sizeof(pending_path)) return;  // too long to track; the run still works
  std::memcpy(pending_path, text.c_str(), text.size() + 1);
  armed = 1;
  struct sigaction action {};
  action.sa_handler = remove_and_reraise;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 2; ++i) {
    // A signal the parent chose to ignore (a background job's SIGINT) stays ignored.
    if (sigaction(kSignals[i], nullptr, &previous[i]) != 0 || previous[i].sa_handler == SIG_IGN) {
      continue;
    }
    installed[i] = sigaction(kSignals[i], &action, nullptr) == 0;
  }
}

RemoveOnInterrupt::~RemoveOnInterrupt() {
  if (armed == 0) return;
  for (int i = 0; i < 2; ++i) {
    if (installed[i]) sigaction(kSignals[i], &previous[i], nullptr);
    installed[i] = false;
  }
  armed = 0;
}

}  // namespace omnisim::cli
