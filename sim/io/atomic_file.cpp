#include "sim/io/atomic_file.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

namespace fs = std::filesystem;

constexpr const char* kOnlyRegular =
    ", not a regular file; omnisim writes results only to regular files or new paths";

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "a special file";
}

fs::path directory_of(const fs::path& file) {
  return file.has_parent_path() ? file.parent_path() : fs::path(".");
}

// The file the results for `target` replace: itself, or the regular file a
// symlink names. Anything else is refused here, before the run.
fs::path resolve(const fs::path& target) {
  struct stat info {};
  if (::lstat(target.c_str(), &info) != 0) {
    const int code = errno;
    // A new path, or one check_output_path explains better.
    if (code == ENOENT || code == ENOTDIR || code == ENAMETOOLONG) return target;
    throw InputError(target.string() + ": cannot examine it: " + std::strerror(code));
  }
  if (S_ISREG(info.st_mode)) return target;
  if (!S_ISLNK(info.st_mode)) {
    throw InputError(target.string() + ": is " + kind_of(info.st_mode) + kOnlyRegular);
  }
  std::error_code ignored;
  const std::string link = target.string() + ": is a symbolic link to " +
                           fs::read_symlink(target, ignored).string() + ", which ";
  // Another user's link in a shared directory (sticky or world-writable,
  // /tmp say) may point anywhere they chose: as root, writing through it
  // would replace any file. The kernel's protected_symlinks refuses to
  // follow such links for the same reason.
  struct stat directory {};
  if (info.st_uid != ::geteuid() && ::stat(directory_of(target).c_str(), &directory) == 0 &&
      (directory.st_mode & (S_ISVTX | S_IWOTH)) != 0) {
    throw InputError(link +
                     "omnisim does not write through: the link belongs to another user "
                     "(uid " +
                     std::to_string(info.st_uid) +
                     ") in a shared directory; name the file itself, or another path");
  }
  if (::stat(target.c_str(), &info) != 0) {
    const int code = errno;
    if (code == ENOENT) throw InputError(link + "does not exist");
    throw InputError(link + "cannot be followed: " + std::strerror(code));
  }
  if (!S_ISREG(info.st_mode)) throw InputError(link + "is " + kind_of(info.st_mode) + kOnlyRegular);
  std::error_code error;
  fs::path file = fs::canonical(target, error);
  if (error) throw InputError(link + "cannot be resolved: " + error.message());
  return file;
}

// The longest file name `directory` takes (pathconf: -1 when unknown).
std::size_t name_max(const fs::path& directory) {
  const long limit = ::pathconf(directory.c_str(), _PC_NAME_MAX);
  return limit > 0 ? static_cast<std::size_t>(limit) : NAME_MAX;
}

// `<name>.tmp.<pid>`, `name` cut (at a UTF-8 character boundary) to fit `limit`.
std::string temporary_name(const std::string& name, long pid, std::size_t limit) {
  const std::string suffix = ".tmp." + std::to_string(pid);
  if (name.size() + suffix.size() <= limit) return name + suffix;
  std::size_t keep = limit > suffix.size() ? limit - suffix.size() : 0;
  while (keep > 0 && (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80)
    --keep;
  return name.substr(0, keep) + suffix;
}

fs::path temporary_for_resolved(const fs::path& file) {
  fs::path temporary = file;
  temporary.replace_filename(
      temporary_name(file.filename().string(), ::getpid(), name_max(directory_of(file))));
  return temporary;
}

// The pid in `entry` if it is exactly what process pid would name the
// temporary of `name` (so no other file ever matches), else 0.
long temporary_owner(const std::string& entry, const std::string& name, std::size_t limit) {
  const auto at = entry.rfind(".tmp.");
  if (at == std::string::npos) return 0;
  const std::string digits = entry.substr(at + 5);
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 0;
  }
  const long pid = std::stol(digits);
  return pid > 0 && temporary_name(name, pid, limit) == entry ? pid : 0;
}

// Makes `path` durable before it is published (or after, for its directory).
void sync(const fs::path& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY);
  if (descriptor < 0 || ::fsync(descriptor) != 0) {
    const int code = errno;
    if (descriptor >= 0) ::close(descriptor);
    throw IoError(path.string() + ": cannot flush to disk: " + std::strerror(code));
  }
  ::close(descriptor);
}

}  // namespace

void check_output_path(const fs::path& target, bool force) {
  if (target.empty() || !target.has_filename()) {
    throw InputError("\"" + target.string() + "\": expected a file name for the results");
  }
  const fs::path file = resolve(target);
  std::error_code error;
  if (fs::exists(file, error) && !force) {
    throw OutputExistsError(target.string() + ": file exists");
  }
  const fs::path directory = directory_of(file);
  if (!fs::exists(directory, error)) {
    throw InputError(target.string() + ": directory " + directory.string() + " does not exist");
  }
  if (!fs::is_directory(directory, error)) {
    throw InputError(target.string() + ": " + directory.string() + " is not a directory");
  }
  const std::size_t length = file.filename().native().size(), limit = name_max(directory);
  if (length > limit) {
    throw InputError(target.string() + ": the file name is " + std::to_string(length) +
                     " bytes long; the longest this file system takes is " + std::to_string(limit));
  }
  // The temporary file is created next to the target, so the directory must
  // take new files (a read-only one would fail only after the whole run).
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    const int code = errno;
    throw InputError(target.string() + ": cannot create files in " + directory.string() + ": " +
                     std::strerror(code));
  }
}

std::vector<fs::path> remove_stale_temporaries(const fs::path& target) {
  const fs::path file = resolve(target);
  const fs::path directory = directory_of(file);
  const std::string name = file.filename().string();
  const std::size_t limit = name_max(directory);
  std::vector<fs::path> removed;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    const std::string entry = it->path().filename().string();
    const long pid = temporary_owner(entry, name, limit);
    if (pid == 0 || pid == ::getpid()) continue;
    // EPERM means alive under another user: only ESRCH proves it gone.
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    if (!it->is_symlink(ignored) && it->is_regular_file(ignored) &&
        fs::remove(it->path(), ignored)) {
      removed.push_back(file.has_parent_path() ? it->path() : fs::path(entry));
    }
  }
  return removed;
}

AtomicFile::AtomicFile(const fs::path& target, bool force) : force_(force) {
  check_output_path(target, force_);
  target_ = resolve(target);
  temporary_ = temporary_for_resolved(target_);
}

fs::path AtomicFile::temporary_path_for(const fs::path& target) {
  return temporary_for_resolved(resolve(target));
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove(temporary_, ignored);
  }
}

void AtomicFile::commit() {
  sync(temporary_);
  if (force_) {
    // What was checked before the run may have changed since: rename() would
    // replace a device or FIFO (or a symlink) as readily as a file.
    struct stat info {};
    if (::lstat(target_.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
      throw IoError(target_.string() + ": is now " + kind_of(info.st_mode) +
                    ", not a regular file; it was left as it is");
    }
    std::error_code error;
    fs::rename(temporary_, target_, error);
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
    fs::remove(temporary_, ignored);
  }
  committed_ = true;
  sync(directory_of(target_));
}

void write_atomically(const std::filesystem::path& path, bool force,
                      const std::function<void(std::ostream&)>& write) {
  AtomicFile atomic(path, force);
  {
    std::ofstream out(atomic.temporary_path());
    write(out);
    out.flush();
    if (!out) throw IoError(path.string() + ": cannot write");
  }
  atomic.commit();
}

}  // namespace omnisim
