#pragma once
// What the file-reader targets check of one read: it works, or it throws an
// InputError that names the file (bad input: exit 2, "FILE: ..."); anything
// else -- another exception, a crash, a sanitizer report, a hang, memory
// over the limit -- is a finding.

#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include "sim/core/error.hpp"
#include "tests/fuzz/finding.hpp"

namespace omnisim::fuzz {

template <typename Read>
void check_read(std::string_view file, const Read& read) {
  try {
    read();
  } catch (const InputError& error) {
    if (std::string_view(error.what()).find(file) == std::string_view::npos) {
      finding("InputError that names no file", error.what());
    }
  } catch (const std::exception& error) {
    finding("unexpected exception (not an InputError)", error.what());
  } catch (...) {
    finding("unexpected exception of a non-standard type", "");
  }
}

// A directory of this process's own under /dev/shm (memory, so a fuzzer
// writing a file per input wears no disk), removed when the process ends.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    const std::filesystem::path shm = "/dev/shm";
    path_ = (std::filesystem::is_directory(shm) ? shm : std::filesystem::temp_directory_path()) /
            ("omnisim-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `bytes` to `name` in the directory (replacing it) and returns its path.
  std::filesystem::path write(const std::string& name, std::string_view bytes) const {
    std::filesystem::path file = path_ / name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) finding("cannot write the scratch file", file.string());
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace omnisim::fuzz
