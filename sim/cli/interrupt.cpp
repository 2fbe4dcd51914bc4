#include "sim/cli/interrupt.hpp"

#include <csignal>
#include <cstring>

#include <limits.h>
#include <unistd.h>

namespace omnisim::cli {
namespace {

// A signal handler may only touch lock-free static state: the path lives in
// a fixed buffer, written before the handler is armed.
char pending_path[PATH_MAX];
volatile std::sig_atomic_t armed = 0;
constexpr int kSignals[] = {SIGINT, SIGTERM};
struct sigaction previous[2];

extern "C" void remove_and_reraise(int signal_number) {
  if (armed != 0) ::unlink(pending_path);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

}  // namespace

RemoveOnInterrupt::RemoveOnInterrupt(const std::filesystem::path& path) {
  const std::string& text = path.native();
  if (text.size() >= sizeof(pending_path)) return;  // too long to track; the run still works
  std::memcpy(pending_path, text.c_str(), text.size() + 1);
  armed = 1;
  struct sigaction action {};
  action.sa_handler = remove_and_reraise;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 2; ++i)
    sigaction(kSignals[i], &action, &previous[i]);
}

RemoveOnInterrupt::~RemoveOnInterrupt() {
  if (armed == 0) return;
  for (int i = 0; i < 2; ++i)
    sigaction(kSignals[i], &previous[i], nullptr);
  armed = 0;
}

}  // namespace omnisim::cli
