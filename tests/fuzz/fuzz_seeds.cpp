// Writes the journal target's seeds (journal_fuzz.cpp) into a directory:
// journals of its sweep (journal_layout.hpp) with no record, one, several in
// any order, a torn last record, and the same point twice. scripts/fuzz.sh
// runs it each time, so the seeds follow the journal's format; the ones in
// tests/fuzz/corpus/journal were written by it.
//   omnisim_fuzz_seeds DIR

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/io/sweep_journal.hpp"
#include "tests/fuzz/journal_layout.hpp"

namespace {

using omnisim::SweepJournal;
namespace fuzz = omnisim::fuzz;

void write_journal(const std::filesystem::path& path, const std::vector<std::size_t>& points) {
  std::filesystem::remove(path);
  SweepJournal journal = SweepJournal::create(path, std::string(fuzz::kIdentity));
  for (const std::size_t point : points) {
    std::vector<double> values(fuzz::kValuesPerPoint);
    for (std::size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<double>(point) + 0.25 * static_cast<double>(i);
    journal.append(point, values);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: omnisim_fuzz_seeds DIR\n");
    return 2;
  }
  try {
    const std::filesystem::path directory = argv[1];
    std::filesystem::create_directories(directory);
    write_journal(directory / "empty", {});
    write_journal(directory / "one", {0});
    write_journal(directory / "several", {3, 0, 15, 7});
    write_journal(directory / "torn", {1, 2});
    std::filesystem::resize_file(directory / "torn",
                                 std::filesystem::file_size(directory / "torn") - 5);
    // A point twice: a second journal's records appended to the first's.
    write_journal(directory / "twice", {4, 5});
    write_journal(directory / "twice.tail", {4});
    {
      std::FILE* tail = std::fopen((directory / "twice.tail").c_str(), "rb");
      std::FILE* out = std::fopen((directory / "twice").c_str(), "ab");
      const auto header = std::filesystem::file_size(directory / "empty");
      std::fseek(tail, static_cast<long>(header), SEEK_SET);
      for (int c = std::fgetc(tail); c != EOF; c = std::fgetc(tail))
        std::fputc(c, out);
      std::fclose(tail);
      std::fclose(out);
    }
    std::filesystem::remove(directory / "twice.tail");
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "omnisim_fuzz_seeds: %s\n", error.what());
    return 1;
  }
}
