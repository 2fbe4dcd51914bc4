#include "sim/cli/interrupt.hpp"

#include <csignal>
#include <cstring>
#include <iterator>

#include <limits.h>
#include <unistd.h>

namespace omnisim::cli {
namespace {

// A signal handler may only touch lock-free static state: the paths live in
// fixed buffers, written before their slot is armed.
constexpr std::size_t kSlots = 4;  // a command's outputs written at once
char pending_paths[kSlots][PATH_MAX];
volatile std::sig_atomic_t armed[kSlots] = {};
std::size_t guards = 0;  // live guards: the handlers are installed while > 0
// Those whose default action ends the process and that a user or the system
// sends (SIGSEGV and the like are bugs, and SIGKILL cannot be caught).
constexpr int kSignals[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGTERM, SIGPIPE,   SIGXCPU,
                            SIGXFSZ, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF};
constexpr std::size_t kCount = std::size(kSignals);
struct sigaction previous[kCount];
bool installed[kCount] = {};

extern "C" void remove_and_reraise(int signal_number) {
  for (std::size_t slot = 0; slot < kSlots; ++slot) {
    if (armed[slot] != 0) ::unlink(pending_paths[slot]);
  }
  // SA_RESETHAND has restored the default action: the signal now ends the
  // process as it would have without the guard.
  ::raise(signal_number);
}

}  // namespace

RemoveOnInterrupt::RemoveOnInterrupt(const std::filesystem::path& path) {
  const std::string& text = path.native();
  if (text.size() >= PATH_MAX) return;  // too long to track; the run still works
  for (std::size_t slot = 0; slot < kSlots; ++slot) {
    if (armed[slot] != 0) continue;
    std::memcpy(pending_paths[slot], text.c_str(), text.size() + 1);
    armed[slot] = 1;
    slot_ = static_cast<int>(slot);
    break;
  }
  if (slot_ < 0 || guards++ > 0) return;  // no room (the run still works), or installed
  struct sigaction action {};
  action.sa_handler = remove_and_reraise;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (const int signal_number : kSignals)
    sigaddset(&action.sa_mask, signal_number);  // one handler at a time
  for (std::size_t i = 0; i < kCount; ++i) {
    // A signal the parent chose to ignore (a background job's SIGINT, a
    // nohup's SIGHUP) stays ignored.
    if (sigaction(kSignals[i], nullptr, &previous[i]) != 0 || previous[i].sa_handler == SIG_IGN) {
      continue;
    }
    installed[i] = sigaction(kSignals[i], &action, nullptr) == 0;
  }
}

RemoveOnInterrupt::~RemoveOnInterrupt() {
  if (slot_ < 0) return;
  armed[slot_] = 0;
  if (--guards > 0) return;
  for (std::size_t i = 0; i < kCount; ++i) {
    if (installed[i]) sigaction(kSignals[i], &previous[i], nullptr);
    installed[i] = false;
  }
}

namespace {

std::atomic<bool> stop_requested{false};
volatile std::sig_atomic_t stop_signal = 0;
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr std::size_t kStopCount = std::size(kStopSignals);
struct sigaction stop_previous[kStopCount];
bool stop_installed[kStopCount] = {};

static_assert(std::atomic<bool>::is_always_lock_free,
              "a signal handler may set only lock-free state");

extern "C" void request_stop(int signal_number) {
  stop_signal = signal_number;
  stop_requested.store(true, std::memory_order_relaxed);
  // SA_RESETHAND has restored the default action for the next one.
}

}  // namespace

StopOnInterrupt::StopOnInterrupt() {
  stop_requested.store(false);
  stop_signal = 0;
  struct sigaction action {};
  action.sa_handler = request_stop;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < kStopCount; ++i) {
    if (sigaction(kStopSignals[i], nullptr, &stop_previous[i]) != 0 ||
        stop_previous[i].sa_handler == SIG_IGN) {
      continue;
    }
    stop_installed[i] = sigaction(kStopSignals[i], &action, nullptr) == 0;
  }
}

StopOnInterrupt::~StopOnInterrupt() {
  for (std::size_t i = 0; i < kStopCount; ++i) {
    if (stop_installed[i]) sigaction(kStopSignals[i], &stop_previous[i], nullptr);
    stop_installed[i] = false;
  }
}

const std::atomic<bool>& StopOnInterrupt::requested() const {
  return stop_requested;
}

int StopOnInterrupt::signal_number() const {
  return stop_signal;
}

}  // namespace omnisim::cli
