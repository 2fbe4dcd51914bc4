#include "sim/io/atomic_file.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/core/error.hpp"

namespace omnisim::atomic_file_test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("omnisim-atomic-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  // The InputError check_output_path throws for `target`, or "" if none.
  static std::string refusal(const fs::path& target, bool force = true) {
    try {
      check_output_path(target, force);
    } catch (const InputError& error) {
      return error.what();
    }
    return "";
  }

  fs::path directory_;
};

constexpr const char* kOnlyRegular =
    ", not a regular file; omnisim writes results only to regular files or new paths";

TEST_F(AtomicFileTest, RefusesEveryKindOfFileButARegularOne) {
  // Only checked, never written: a broken check must not replace /dev/null.
  EXPECT_THAT(refusal("/dev/null"),
              HasSubstr(std::string("/dev/null: is a character device") + kOnlyRegular));
  const fs::path fifo = directory_ / "fifo.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(refusal(fifo), HasSubstr(fifo.string() + ": is a FIFO" + kOnlyRegular));
  EXPECT_THAT(refusal(directory_), HasSubstr(": is a directory" + std::string(kOnlyRegular)));
  const fs::path socket_path = directory_ / "socket.h5";
  const int socket = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  socket_path.string().copy(address.sun_path, sizeof address.sun_path - 1);
  ASSERT_EQ(::bind(socket, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ::close(socket);
  EXPECT_THAT(refusal(socket_path), HasSubstr(": is a socket" + std::string(kOnlyRegular)));
  const fs::path link = directory_ / "null.h5";
  fs::create_symlink("/dev/null", link);
  EXPECT_THAT(refusal(link), HasSubstr(link.string() +
                                       ": is a symbolic link to /dev/null, which is a character "
                                       "device" +
                                       kOnlyRegular));
  fs::create_symlink("gone.h5", directory_ / "dangling.h5");
  EXPECT_THAT(refusal(directory_ / "dangling.h5", false),
              HasSubstr("dangling.h5: is a symbolic link to gone.h5, which does not exist"));
  EXPECT_EQ(refusal(directory_ / "new.h5"), "");
}

TEST_F(AtomicFileTest, CommitNeverReplacesWhatBecameANonRegularFile) {
  const fs::path target = directory_ / "out.h5";
  AtomicFile file(target, true);
  std::ofstream(file.temporary_path()) << "results";
  ASSERT_EQ(::mkfifo(target.c_str(), 0600), 0);  // appeared while running
  EXPECT_THROW(file.commit(), IoError);
  struct stat info {};
  ASSERT_EQ(::lstat(target.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
}

TEST_F(AtomicFileTest, SymlinkedTargetIsWrittenThrough) {
  std::ofstream(directory_ / "real.h5") << "old";
  fs::create_directories(directory_ / "links");
  const fs::path link = directory_ / "links" / "out.h5";
  fs::create_symlink("../real.h5", link);
  EXPECT_THROW(AtomicFile(link, false), OutputExistsError);
  {
    AtomicFile file(link, true);
    EXPECT_EQ(file.temporary_path().parent_path(), fs::canonical(directory_));
    std::ofstream(file.temporary_path()) << "new";
    file.commit();
  }
  EXPECT_TRUE(fs::is_symlink(link));
  std::ifstream read(directory_ / "real.h5");
  std::string text;
  read >> text;
  EXPECT_EQ(text, "new");
}

TEST_F(AtomicFileTest, TemporaryNameFitsTheFileSystem) {
  const std::string name(250, 'n');
  const fs::path temporary = AtomicFile::temporary_path_for(directory_ / name);
  const std::string suffix = ".tmp." + std::to_string(::getpid());
  const std::string temporary_name = temporary.filename().string();
  EXPECT_LE(temporary_name.size(), 255u);
  EXPECT_EQ(temporary_name.substr(temporary_name.size() - suffix.size()), suffix);
  EXPECT_EQ(temporary_name.substr(0, 200), name.substr(0, 200));
  {
    AtomicFile file(directory_ / name, false);
    std::ofstream(file.temporary_path()) << "results";
    file.commit();
  }
  EXPECT_TRUE(fs::exists(directory_ / name));
  EXPECT_THAT(refusal(directory_ / std::string(256, 'n')),
              HasSubstr("the file name is 256 bytes long; the longest this file system takes is "
                        "255"));
}

TEST_F(AtomicFileTest, RemovesOnlyTheStaleTemporariesOfItsTarget) {
  const pid_t child = ::fork();  // a pid that no longer runs
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  const std::string dead = std::to_string(child), live = std::to_string(::getpid());
  const std::string name(250, 'n');  // its temporaries' names are shortened
  const std::string shortened = name.substr(0, 255 - 5 - dead.size()) + ".tmp." + dead;
  const std::vector<std::string> kept{name.substr(0, 255 - 5 - live.size()) + ".tmp." + live,
                                      name.substr(0, 200) + ".tmp." + dead, "other.h5.tmp." + dead};
  for (const auto& file : kept)
    std::ofstream(directory_ / file) << "kept";
  std::ofstream(directory_ / shortened) << "stale";
  const auto removed = remove_stale_temporaries(directory_ / name);
  EXPECT_EQ(removed, std::vector<fs::path>{directory_ / shortened});
  EXPECT_FALSE(fs::exists(directory_ / shortened));
  for (const auto& file : kept)
    EXPECT_TRUE(fs::exists(directory_ / file)) << file;
}

}  // namespace
}  // namespace omnisim::atomic_file_test
