// The sweep journal (sim/io/sweep_journal.hpp): records read back as
// written, a record torn by a crash is cut off, and a journal of another
// sweep is refused.

#include "sim/io/sweep_journal.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "sim/core/error.hpp"

namespace omnisim::sweep_journal_test {
namespace {

namespace fs = std::filesystem;

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
    SweepJournal journal = SweepJournal::resume(path_, "sweep A", 2);
    journal.append(7, std::vector<double>{9.0, 9.5});
  }
  fs::resize_file(path_, fs::file_size(path_) - 5);
  {
    SweepJournal journal = SweepJournal::resume(path_, "sweep A", 2);
    EXPECT_EQ(journal.points(), (std::vector<std::size_t>{3, 0}));
    EXPECT_EQ(journal.values(0), (std::vector<double>{1.5, 2.5}));
    EXPECT_EQ(journal.values(1), (std::vector<double>{-1.0, 4.0}));
    EXPECT_EQ(fs::file_size(path_), whole);  // the torn bytes are gone
    journal.append(7, std::vector<double>{9.0, 9.5});
  }
  EXPECT_EQ(SweepJournal::resume(path_, "sweep A", 2).points(),
            (std::vector<std::size_t>{3, 0, 7}));
}

TEST_F(Journal, ACorruptRecordEndsTheJournalThere) {
  {
    SweepJournal journal = SweepJournal::create(path_, "sweep A");
    journal.append(1, std::vector<double>{1.0});
    journal.append(2, std::vector<double>{2.0});
  }
  // Flip a byte of the last record's value: its CRC no longer matches.
  std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(static_cast<std::streamoff>(fs::file_size(path_)) - 6);
  file.put('\x7f');
  file.close();
  EXPECT_EQ(SweepJournal::resume(path_, "sweep A", 1).points(), (std::vector<std::size_t>{1}));
}

TEST_F(Journal, AWholeRecordOfAnotherLengthIsRefusedNotCutOff) {
  {
    SweepJournal journal = SweepJournal::create(path_, "sweep A");
    journal.append(1, std::vector<double>{1.0, 2.0});
    journal.append(2, std::vector<double>{3.0});
    journal.append(3, std::vector<double>{4.0, 5.0});
  }
  const auto size = fs::file_size(path_);
  EXPECT_THROW(SweepJournal::resume(path_, "sweep A", 2), InputError);
  EXPECT_EQ(fs::file_size(path_), size);  // nothing cut
}

TEST_F(Journal, OneWriterAtATime) {
  {
    SweepJournal first = SweepJournal::create(path_, "sweep A");
    EXPECT_TRUE(SweepJournal::in_use(path_));
    EXPECT_THROW(SweepJournal::resume(path_, "sweep A", 1), InputError);
  }
  EXPECT_FALSE(SweepJournal::in_use(path_));  // released with its writer
  EXPECT_NO_THROW(SweepJournal::resume(path_, "sweep A", 1));
}

TEST_F(Journal, AJournalOfAnotherSweepIsRefused) {
  SweepJournal::create(path_, "sweep A").append(1, std::vector<double>{1.0});
  try {
    SweepJournal::resume(path_, "sweep B", 1);
    FAIL() << "resumed another sweep's journal";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("this journal is not of this sweep"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace omnisim::sweep_journal_test
