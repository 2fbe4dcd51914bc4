#pragma once
// An output written under a temporary name in the target's directory and
// renamed into place only when complete: a crash or an error never leaves a
// half-written file, and an existing file is never replaced without `force`.
// Targets are regular files or new paths; a symlink to a regular file is
// written through (the link stays, the file it names is replaced).

#include <filesystem>
#include <functional>
#include <ostream>
#include <vector>

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
  // Throws as check_output_path does.
  AtomicFile(const std::filesystem::path& target, bool force);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::filesystem::path& temporary_path() const { return temporary_; }
  // The name the file for `target` is written under, known before it exists:
  // `<name>.tmp.<pid>` next to the file a symlink names, the name shortened
  // to fit the file system's limit.
  static std::filesystem::path temporary_path_for(const std::filesystem::path& target);
  // The file replaced on commit (a symlink's target, resolved).
  const std::filesystem::path& target() const { return target_; }

  // Moves the temporary file to the target (atomically; without `force`,
  // fails rather than replace a file that appeared meanwhile, and never
  // replaces what is not a regular file).
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  bool force_;
  bool committed_ = false;
};

// Throws InputError unless `target` is a new path or a regular file (or a
// symlink to one) whose name fits and whose directory takes new files, and
// OutputExistsError if it exists without `force`.
void check_output_path(const std::filesystem::path& target, bool force);

// A text file written whole or not at all: `write` fills the temporary,
// which is renamed into place (IoError if the stream failed).
void write_atomically(const std::filesystem::path& path, bool force,
                      const std::function<void(std::ostream&)>& write);

// Removes the temporaries of `target` left by processes no longer running on
// this host (a SIGKILL or power cut leaves them) and returns their paths.
// Only files named exactly as such a process would have named them go.
std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& target);

}  // namespace omnisim
