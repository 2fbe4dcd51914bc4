#pragma once
// An output written under a temporary name in the target's directory and
// renamed into place only when complete: a crash or an error never leaves a
// half-written file, and an existing file is never replaced without `force`.

#include <filesystem>

namespace omnisim {

class AtomicFile {
 public:
  // Throws InputError if `target` exists and `force` is false, or if its
  // directory does not exist.
  AtomicFile(std::filesystem::path target, bool force);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::filesystem::path& temporary_path() const { return temporary_; }
  // The name the file for `target` is written under, known before it exists.
  static std::filesystem::path temporary_path_for(const std::filesystem::path& target);
  const std::filesystem::path& target() const { return target_; }

  // Moves the temporary file to the target (atomically; without `force`,
  // fails rather than replace a file that appeared meanwhile).
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  bool force_;
  bool committed_ = false;
};

// Throws InputError unless `target` can be created (directory exists, and
// the file does not exist unless `force`).
void check_output_path(const std::filesystem::path& target, bool force);

}  // namespace omnisim
