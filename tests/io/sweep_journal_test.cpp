// The sweep journal (sim/io/sweep_journal.hpp): records read back as
// written, a record torn by a crash is cut off, a corrupt or duplicated one
// before it is stepped over and said, and a journal of another sweep is
// refused.

#include "sim/io/sweep_journal.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "sim/core/error.hpp"

namespace omnisim::sweep_journal_test {
namespace {

namespace fs = std::filesystem;

// Points of the sweep these journals are of.
constexpr std::size_t kPoints = 10;

class Journal : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("omnisim-journal-" + std::to_string(::getpid()));
    fs::remove(path_);
  }
  void TearDown() override { fs::remove(path_); }
  fs::path path_;
};

TEST_F(Journal, RecordsReadBackAndATornLastRecordIsCutOff) {
  {
    SweepJournal journal = SweepJournal::create(path_, "sweep A");
    journal.append(3, std::vector<double>{1.5, 2.5});
    journal.append(0, std::vector<double>{-1.0, 4.0});
    EXPECT_THROW(SweepJournal::create(path_, "sweep A"), IoError);  // never over a journal
  }
  const auto whole = fs::file_size(path_);
  {
    // A crash in the middle of the third record's write.
    SweepJournal journal = SweepJournal::resume(path_, "sweep A", 2, kPoints);
    journal.append(7, std::vector<double>{9.0, 9.5});
  }
  fs::resize_file(path_, fs::file_size(path_) - 5);
  {
    SweepJournal journal = SweepJournal::resume(path_, "sweep A", 2, kPoints);
    EXPECT_EQ(journal.points(), (std::vector<std::size_t>{3, 0}));
    EXPECT_EQ(journal.values(0), (std::vector<double>{1.5, 2.5}));
    EXPECT_EQ(journal.values(1), (std::vector<double>{-1.0, 4.0}));
    EXPECT_EQ(fs::file_size(path_), whole);  // the torn bytes are gone
    journal.append(7, std::vector<double>{9.0, 9.5});
  }
  EXPECT_EQ(SweepJournal::resume(path_, "sweep A", 2, kPoints).points(),
            (std::vector<std::size_t>{3, 0, 7}));
}

// One record of one value: magic (4), point and length (16), value (8), CRC (4).
constexpr std::streamoff kRecordBytes = 32;

// Overwrites `bytes` at `offset` of the file.
void overwrite(const fs::path& path, std::streamoff offset, const std::string& bytes) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(offset);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST_F(Journal, ACorruptLastRecordIsCutOff) {
  {
    SweepJournal journal = SweepJournal::create(path_, "sweep A");
    journal.append(1, std::vector<double>{1.0});
    journal.append(2, std::vector<double>{2.0});
  }
  // Flip a byte of the last record's value: its CRC no longer matches.
  overwrite(path_, static_cast<std::streamoff>(fs::file_size(path_)) - 6, "\x7f");
  const SweepJournal journal = SweepJournal::resume(path_, "sweep A", 1, kPoints);
  EXPECT_EQ(journal.points(), (std::vector<std::size_t>{1}));
  EXPECT_TRUE(journal.problems().empty());  // a torn write, as a crash leaves
}

// Hardening, second round: a corrupt record in the middle once made resume
// drop every good record after it, silently.
TEST_F(Journal, ACorruptRecordInTheMiddleIsSteppedOverAndSaid) {
  {
    SweepJournal journal = SweepJournal::create(path_, "sweep A");
    for (std::size_t point = 0; point < 4; ++point)
      journal.append(point, std::vector<double>{static_cast<double>(point)});
  }
  const auto end = static_cast<std::streamoff>(fs::file_size(path_));
  const std::streamoff second = end - 3 * kRecordBytes;
  overwrite(path_, second + 22, "\x7f");  // a byte of point 1's value
  const SweepJournal journal = SweepJournal::resume(path_, "sweep A", 1, kPoints);
  EXPECT_EQ(journal.points(), (std::vector<std::size_t>{0, 2, 3}));
  EXPECT_EQ(journal.values(2), (std::vector<double>{3.0}));
  ASSERT_EQ(journal.problems().size(), 1u);
  EXPECT_EQ(journal.problems()[0], "the record at byte " + std::to_string(second) +
                                       " is corrupt; its point will run again");
}

// Hardening, second round: a corrupt length field once made resume allocate
// what it said (2 GiB and more).
TEST_F(Journal, ACorruptLengthAllocatesNothing) {
  {
    SweepJournal journal = SweepJournal::create(path_, "sweep A");
    journal.append(0, std::vector<double>{0.5});
    journal.append(1, std::vector<double>{1.5});
  }
  const std::streamoff first = static_cast<std::streamoff>(fs::file_size(path_)) - 2 * kRecordBytes;
  const std::uint64_t huge = std::uint64_t{1} << 40;
  overwrite(path_, first + 12, std::string(reinterpret_cast<const char*>(&huge), sizeof huge));
  const SweepJournal journal = SweepJournal::resume(path_, "sweep A", 1, kPoints);
  EXPECT_EQ(journal.points(), (std::vector<std::size_t>{1}));
  EXPECT_EQ(journal.problems().size(), 1u);
}

// Hardening, second round: a duplicated record once gave a file of 25 of 24
// points that every reader refused.
TEST_F(Journal, APointRecordedTwiceKeepsItsFirstRecord) {
  {
    SweepJournal journal = SweepJournal::create(path_, "sweep A");
    journal.append(0, std::vector<double>{0.5});
    journal.append(1, std::vector<double>{1.5});
    EXPECT_THROW(journal.append(1, std::vector<double>{9.0}), ModelError);
  }
  // A copy of the last record appended by hand.
  const auto end = static_cast<std::streamoff>(fs::file_size(path_));
  std::string last(kRecordBytes, '\0');
  {
    std::ifstream in(path_, std::ios::binary);
    in.seekg(end - kRecordBytes);
    in.read(last.data(), kRecordBytes);
  }
  overwrite(path_, end, last);
  const SweepJournal journal = SweepJournal::resume(path_, "sweep A", 1, kPoints);
  EXPECT_EQ(journal.points(), (std::vector<std::size_t>{0, 1}));
  ASSERT_EQ(journal.problems().size(), 1u);
  EXPECT_EQ(journal.problems()[0], "point 1 is recorded again at byte " + std::to_string(end) +
                                       "; the first record is kept");
}

TEST_F(Journal, AWholeRecordOfAnotherLengthIsRefusedNotCutOff) {
  {
    SweepJournal journal = SweepJournal::create(path_, "sweep A");
    journal.append(1, std::vector<double>{1.0, 2.0});
    journal.append(2, std::vector<double>{3.0});
    journal.append(3, std::vector<double>{4.0, 5.0});
  }
  const auto size = fs::file_size(path_);
  EXPECT_THROW(SweepJournal::resume(path_, "sweep A", 2, kPoints), InputError);
  EXPECT_EQ(fs::file_size(path_), size);  // nothing cut
}

// A whole record (its checksum right) of a point the sweep does not have is
// another sweep's, refused before anything is sized by it: a point index
// near 2^64 once made resume allocate for every point up to it.
TEST_F(Journal, ARecordOfAPointPastTheSweepsIsRefused) {
  {
    SweepJournal journal = SweepJournal::create(path_, "sweep A");
    journal.append(2, std::vector<double>{1.0});
    journal.append(std::size_t{1} << 62, std::vector<double>{2.0});
  }
  try {
    SweepJournal::resume(path_, "sweep A", 1, kPoints);
    FAIL() << "resumed a record of a point past the sweep's";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("is of point 4611686018427387904, and this sweep has 10 points"),
              std::string::npos)
        << error.what();
  }
}

// How a sweep takes its journal (--force, --resume or neither), each
// refusal saying what to do.
TEST_F(Journal, OpenTakesTheJournalAsTheSweepStartsAndSaysWhatToDo) {
  const auto refusal = [&](JournalStart start) -> std::string {
    try {
      SweepJournal::open(path_, "sweep A", 1, kPoints, start);
    } catch (const InputError& error) {
      return error.what();
    }
    return "(opened)";
  };
  EXPECT_NE(refusal(JournalStart::kResume).find("no journal to resume from"), std::string::npos);
  EXPECT_FALSE(fs::exists(path_));
  SweepJournal::open(path_, "sweep A", 1, kPoints, JournalStart::kNew)
      .append(4, std::vector<double>{1.0});
  EXPECT_NE(refusal(JournalStart::kNew)
                .find("a stopped sweep's journal is here; continue it with "
                      "--resume, or start over with --force"),
            std::string::npos);
  EXPECT_EQ(SweepJournal::open(path_, "sweep A", 1, kPoints, JournalStart::kResume).points(),
            std::vector<std::size_t>{4});
  {
    const SweepJournal writing =
        SweepJournal::open(path_, "sweep A", 1, kPoints, JournalStart::kResume);
    for (const JournalStart start : {JournalStart::kReplace, JournalStart::kResume}) {
      EXPECT_NE(refusal(start).find("another omnisim sweep is writing this journal"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(
      SweepJournal::open(path_, "sweep A", 1, kPoints, JournalStart::kReplace).points().empty());
}

TEST_F(Journal, OneWriterAtATime) {
  {
    SweepJournal first = SweepJournal::create(path_, "sweep A");
    EXPECT_TRUE(SweepJournal::in_use(path_));
    EXPECT_THROW(SweepJournal::resume(path_, "sweep A", 1, kPoints), InputError);
  }
  EXPECT_FALSE(SweepJournal::in_use(path_));  // released with its writer
  EXPECT_NO_THROW(SweepJournal::resume(path_, "sweep A", 1, kPoints));
}

TEST_F(Journal, AJournalOfAnotherSweepIsRefused) {
  SweepJournal::create(path_, "sweep A").append(1, std::vector<double>{1.0});
  try {
    SweepJournal::resume(path_, "sweep B", 1, kPoints);
    FAIL() << "resumed another sweep's journal";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("this journal is not of this sweep"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace omnisim::sweep_journal_test
