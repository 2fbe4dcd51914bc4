#pragma once
// The durable record of a sweep's finished points: an append-only file
// beside the results file (`OUT.h5.journal`). Each point is one record
// (point index, values, CRC-32) written and fdatasync'ed before the next
// point starts, so a SIGKILL or a power cut loses at most the point in
// flight; a record torn by the crash fails its CRC and is cut off on
// resume. The HDF5 file is assembled from the journal when the sweep ends
// or stops: an HDF5 file open for writing is not crash-safe (a kill during
// a metadata flush can leave it unreadable), an append-only file with
// checksums is.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace omnisim {

// How a sweep takes the journal beside its results file.
enum class JournalStart {
  kNew,      // there must be none: a stopped sweep's journal is not replaced
  kReplace,  // --force: a stopped sweep's journal is removed, a new one begun
  kResume,   // --resume: there must be one, and its records are kept
};

class SweepJournal {
 public:
  // The journal at `path` for a sweep of `points` points of
  // `values_per_point` values whose identity is `identity`, taken as `start`
  // says (create() or resume()). InputError, saying what to do, when another
  // sweep is writing it, when kNew finds a stopped sweep's journal, or when
  // kResume finds none.
  static SweepJournal open(const std::filesystem::path& path, const std::string& identity,
                           std::size_t values_per_point, std::size_t points, JournalStart start);
  // A new journal whose header is `identity` (the sweep's texts and shard:
  // what a resume must match). Fails if the file exists.
  static SweepJournal create(const std::filesystem::path& path, const std::string& identity);
  // An existing journal, checked against `identity`; a torn last record is
  // cut off. `values_per_point` is every record's length and `points` the
  // sweep's: a corrupt record before the last is stepped over (its point
  // runs again) and a point recorded twice keeps its first record, each said
  // in problems(); a whole record of another length or of a point past the
  // sweep's is an InputError (another sweep's journal).
  static SweepJournal resume(const std::filesystem::path& path, const std::string& identity,
                             std::size_t values_per_point, std::size_t points);

  // Whether a running sweep holds the journal at `path` (each holds its
  // journal's lock while it runs).
  static bool in_use(const std::filesystem::path& path);

  SweepJournal(SweepJournal&& other) noexcept;
  SweepJournal& operator=(SweepJournal&&) = delete;
  SweepJournal(const SweepJournal&) = delete;
  ~SweepJournal();

  // What resume() stepped over, one sentence each, for the user.
  const std::vector<std::string>& problems() const { return problems_; }
  // The points recorded, in the order they finished.
  const std::vector<std::size_t>& points() const { return points_; }
  // Appends one point and makes it durable before returning; ModelError if
  // the point is recorded already.
  void append(std::size_t point, std::span<const double> values);
  // The values of the i-th recorded point.
  std::vector<double> values(std::size_t i) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  SweepJournal(std::filesystem::path path, int descriptor);
  std::filesystem::path path_;
  int descriptor_ = -1;
  std::vector<std::size_t> points_;
  std::vector<std::uint64_t> offsets_;  // of each record's values
  std::vector<std::uint64_t> lengths_;  // values per record
  std::vector<std::string> problems_;
  std::uint64_t end_ = 0;
};

}  // namespace omnisim
