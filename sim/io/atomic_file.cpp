#include "sim/io/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "sim/core/error.hpp"

namespace omnisim {

void check_output_path(const std::filesystem::path& target, bool force) {
  if (target.empty() || !target.has_filename()) {
    throw InputError("\"" + target.string() + "\": expected a file name for the results");
  }
  std::error_code error;
  if (std::filesystem::is_directory(target, error)) {
    throw InputError(target.string() + ": is a directory, expected a file name");
  }
  if (std::filesystem::exists(target, error) && !force) {
    throw OutputExistsError(target.string() + ": file exists");
  }
  const std::filesystem::path directory = target.has_parent_path() ? target.parent_path() : ".";
  if (!std::filesystem::exists(directory, error)) {
    throw InputError(target.string() + ": directory " + directory.string() + " does not exist");
  }
  if (!std::filesystem::is_directory(directory, error)) {
    throw InputError(target.string() + ": " + directory.string() + " is not a directory");
  }
  // The temporary file is created next to the target, so the directory must
  // take new files (a read-only one would fail only after the whole run).
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    const int code = errno;
    throw InputError(target.string() + ": cannot create files in " + directory.string() + ": " +
                     std::strerror(code));
  }
}

AtomicFile::AtomicFile(std::filesystem::path target, bool force)
    : target_(std::move(target)), force_(force) {
  check_output_path(target_, force_);
  temporary_ = temporary_path_for(target_);
}

std::filesystem::path AtomicFile::temporary_path_for(const std::filesystem::path& target) {
  std::filesystem::path temporary = target;
  temporary += ".tmp." + std::to_string(::getpid());
  return temporary;
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
}

namespace {
// Makes `path` durable before it is published (or after, for its directory).
void sync(const std::filesystem::path& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY);
  if (descriptor < 0 || ::fsync(descriptor) != 0) {
    const int code = errno;
    if (descriptor >= 0) ::close(descriptor);
    throw IoError(path.string() + ": cannot flush to disk: " + std::strerror(code));
  }
  ::close(descriptor);
}
}  // namespace

void AtomicFile::commit() {
  sync(temporary_);
  if (force_) {
    std::error_code error;
    std::filesystem::rename(temporary_, target_, error);
    if (error) throw IoError(target_.string() + ": cannot rename into place: " + error.message());
  } else {
    // link() refuses an existing target, unlike rename().
    if (::link(temporary_.c_str(), target_.c_str()) != 0) {
      const int code = errno;
      if (code == EEXIST) {
        throw IoError(target_.string() + ": file appeared while running; it was left as it is");
      }
      throw IoError(target_.string() + ": cannot create: " + std::strerror(code));
    }
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
  committed_ = true;
  sync(target_.has_parent_path() ? target_.parent_path() : std::filesystem::path("."));
}

}  // namespace omnisim
