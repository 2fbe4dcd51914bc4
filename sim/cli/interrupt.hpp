#pragma once
// Ctrl-C (SIGINT) or a kill (SIGTERM) during a long run must not leave a
// results file's temporary behind: while a guard lives, either signal
// removes the file, then ends the process as the signal would have.

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
