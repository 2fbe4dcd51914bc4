#pragma once
// A signal that ends the process (Ctrl-C, a kill, a closed terminal or pipe,
// a CPU or file-size limit) during a long run must not leave a results
// file's temporary behind: while a guard lives, such a signal removes the
// file, then ends the process as the signal would have. SIGKILL cannot be
// caught; remove_stale_temporaries cleans up after it on the next run.

#include <filesystem>

namespace omnisim::cli {

class RemoveOnInterrupt {
 public:
  explicit RemoveOnInterrupt(const std::filesystem::path& path);
  ~RemoveOnInterrupt();
  RemoveOnInterrupt(const RemoveOnInterrupt&) = delete;
  RemoveOnInterrupt& operator=(const RemoveOnInterrupt&) = delete;
};

}  // namespace omnisim::cli
