#pragma once
// A signal that ends the process (Ctrl-C, a kill, a closed terminal or pipe,
// a CPU or file-size limit, an unhandled user or timer signal) during a
// long run must not leave a results
// file's temporary behind: while a guard lives, such a signal removes the
// file, then ends the process as the signal would have. SIGKILL cannot be
// caught; remove_stale_temporaries cleans up after it on the next run.

#include <atomic>
#include <filesystem>

namespace omnisim::cli {

// Up to four guards at once (a stream's output, latency log and ground
// truth), each for its own file.
class RemoveOnInterrupt {
 public:
  explicit RemoveOnInterrupt(const std::filesystem::path& path);
  ~RemoveOnInterrupt();
  RemoveOnInterrupt(const RemoveOnInterrupt&) = delete;
  RemoveOnInterrupt& operator=(const RemoveOnInterrupt&) = delete;

 private:
  int slot_ = -1;
};

// A long job that can stop cleanly (a sweep): while a guard lives, the first
// SIGINT, SIGTERM or SIGHUP only sets requested(), and the job stops at its
// next safe point; a second one ends the process as the signal would.
class StopOnInterrupt {
 public:
  StopOnInterrupt();
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;
  const std::atomic<bool>& requested() const;
  // The signal that asked to stop (0 if none), for the exit code 128 + signal.
  int signal_number() const;
};

}  // namespace omnisim::cli
