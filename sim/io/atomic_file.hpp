#pragma once
// An output written under a temporary name in the target's directory and
// renamed into place only when complete: a crash or an error never leaves a
// half-written file, and an existing file is never replaced without `force`.

#include <filesystem>

#include "sim/core/error.hpp"

namespace omnisim {

// The target exists and `force` was not given (the command line says how
// to give it).
class OutputExistsError : public InputError {
 public:
  using InputError::InputError;
};

class AtomicFile {
 public:
  // Throws OutputExistsError if `target` exists and `force` is false,
  // InputError if its directory does not exist.
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

// Throws InputError unless `target` can be created (directory exists), and
// OutputExistsError if it exists without `force`.
void check_output_path(const std::filesystem::path& target, bool force);

}  // namespace omnisim
