#include "sim/io/sweep_journal.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

constexpr std::array<char, 8> kMagic{'O', 'M', 'S', 'W', 'J', '0', '0', '1'};
constexpr std::uint32_t kRecordMagic = 0x31544E50;  // "PNT1"
// A record larger than this is a corrupt length, not a point.
constexpr std::uint64_t kMaxValues = std::uint64_t{1} << 28;

std::uint32_t checksum(const void* data, std::size_t size, std::uint32_t crc = 0) {
  return static_cast<std::uint32_t>(
      crc32(crc, static_cast<const Bytef*>(data), static_cast<uInt>(size)));
}

IoError failure(const std::filesystem::path& path, const std::string& what) {
  return IoError(path.string() + ": " + what + " (" + std::strerror(errno) + ")");
}

void write_all(int descriptor, const std::filesystem::path& path, const void* data,
               std::size_t size, std::uint64_t offset) {
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = ::pwrite(descriptor, bytes, size, static_cast<off_t>(offset));
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) throw failure(path, "cannot write the sweep journal");
    bytes += written;
    size -= static_cast<std::size_t>(written);
    offset += static_cast<std::uint64_t>(written);
  }
}

// Reads exactly `size` bytes at `offset`; false at the end of the file.
bool read_all(int descriptor, const std::filesystem::path& path, void* data, std::size_t size,
              std::uint64_t offset) {
  auto* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = ::pread(descriptor, bytes, size, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw failure(path, "cannot read the sweep journal");
    if (got == 0) return false;
    bytes += got;
    size -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

// One process per journal: a second sweep writing the same journal would
// interleave its records with the first's. The lock goes with the process.
void lock_exclusively(int descriptor, const std::filesystem::path& path) {
  if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      throw InputError(path.string() +
                       ": another omnisim sweep is writing this journal; wait for it, or give "
                       "this one another --out");
    }
    throw failure(path, "cannot lock the sweep journal");
  }
}

// Whether a record of `n_values` values at `offset` is whole and passes its
// CRC (read only when it fits in the file: a corrupt length allocates
// nothing).
bool whole_record_of(int descriptor, const std::filesystem::path& path, std::uint64_t offset,
                     std::uint64_t n_values, std::uint64_t file_end) {
  const std::uint64_t head_bytes = sizeof kRecordMagic + 2 * sizeof(std::uint64_t);
  if (n_values > kMaxValues || offset + head_bytes + n_values * sizeof(double) + 4 > file_end) {
    return false;
  }
  std::uint64_t head[2] = {};
  std::vector<double> values(n_values);
  std::uint32_t stored_crc = 0;
  return read_all(descriptor, path, head, sizeof head, offset + sizeof kRecordMagic) &&
         read_all(descriptor, path, values.data(), values.size() * sizeof(double),
                  offset + head_bytes) &&
         read_all(descriptor, path, &stored_crc, sizeof stored_crc,
                  offset + head_bytes + values.size() * sizeof(double)) &&
         stored_crc ==
             checksum(values.data(), values.size() * sizeof(double), checksum(head, sizeof head));
}

void sync_directory(const std::filesystem::path& path) {
  const auto directory =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const int descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) return;  // the entry is still written; only its durability is weaker
  ::fsync(descriptor);
  ::close(descriptor);
}

}  // namespace

SweepJournal::SweepJournal(std::filesystem::path path, int descriptor)
    : path_(std::move(path)), descriptor_(descriptor) {}

SweepJournal::SweepJournal(SweepJournal&& other) noexcept
    : path_(std::move(other.path_)),
      descriptor_(std::exchange(other.descriptor_, -1)),
      points_(std::move(other.points_)),
      offsets_(std::move(other.offsets_)),
      lengths_(std::move(other.lengths_)),
      problems_(std::move(other.problems_)),
      end_(other.end_) {}

SweepJournal::~SweepJournal() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

bool SweepJournal::in_use(const std::filesystem::path& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return false;
  const bool locked = ::flock(descriptor, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(descriptor);
  return locked;
}

SweepJournal SweepJournal::open(const std::filesystem::path& path, const std::string& identity,
                                std::size_t values_per_point, std::size_t points,
                                JournalStart start) {
  if (start == JournalStart::kResume) {
    if (!std::filesystem::exists(path)) {
      throw InputError(path.string() +
                       ": no journal to resume from (the sweep finished, or never started here)");
    }
    return resume(path, identity, values_per_point, points);
  }
  if (std::filesystem::exists(path)) {
    if (in_use(path)) {
      throw InputError(path.string() +
                       ": another omnisim sweep is writing this journal; wait for it, or give "
                       "this one another --out");
    }
    if (start == JournalStart::kNew) {
      throw InputError(path.string() +
                       ": a stopped sweep's journal is here; continue it with --resume, or start "
                       "over with --force");
    }
    std::filesystem::remove(path);
  }
  return create(path, identity);
}

SweepJournal SweepJournal::create(const std::filesystem::path& path, const std::string& identity) {
  const int descriptor = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (descriptor < 0) throw failure(path, "cannot create the sweep journal");
  SweepJournal journal(path, descriptor);
  lock_exclusively(descriptor, path);
  const std::uint64_t size = identity.size();
  const std::uint32_t crc = checksum(identity.data(), identity.size());
  std::string header(kMagic.begin(), kMagic.end());
  header.append(reinterpret_cast<const char*>(&size), sizeof size);
  header += identity;
  header.append(reinterpret_cast<const char*>(&crc), sizeof crc);
  write_all(descriptor, path, header.data(), header.size(), 0);
  if (::fdatasync(descriptor) != 0) throw failure(path, "cannot sync the sweep journal");
  sync_directory(path);
  journal.end_ = header.size();
  return journal;
}

SweepJournal SweepJournal::resume(const std::filesystem::path& path, const std::string& identity,
                                  std::size_t values_per_point, std::size_t points) {
  const int descriptor = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (descriptor < 0) throw failure(path, "cannot open the sweep journal");
  SweepJournal journal(path, descriptor);
  lock_exclusively(descriptor, path);
  std::array<char, 8> magic{};
  std::uint64_t size = 0;
  const bool has_header = read_all(descriptor, path, magic.data(), magic.size(), 0) &&
                          magic == kMagic && read_all(descriptor, path, &size, sizeof size, 8) &&
                          size == identity.size();
  std::string stored(has_header ? size : 0, '\0');
  std::uint32_t crc = 0;
  if (!has_header || !read_all(descriptor, path, stored.data(), stored.size(), 16) ||
      !read_all(descriptor, path, &crc, sizeof crc, 16 + size) ||
      crc != checksum(stored.data(), stored.size()) || stored != identity) {
    throw InputError(path.string() +
                     ": this journal is not of this sweep (the sweep file, its scenario, the "
                     "shard or the omnisim version differ); start over with --force");
  }
  // Every record of this sweep has the same size, so a corrupt one is
  // stepped over and the good ones after it kept; its point runs again.
  if (values_per_point == 0 || values_per_point > kMaxValues) {
    throw ModelError(path.string() + ": a sweep of " + std::to_string(values_per_point) +
                     " values per point has no journal");
  }
  const std::uint64_t head_bytes = sizeof kRecordMagic + 2 * sizeof(std::uint64_t);
  const std::uint64_t record_bytes = head_bytes + values_per_point * sizeof(double) + sizeof crc;
  struct stat status {};
  if (::fstat(descriptor, &status) != 0) throw failure(path, "cannot read the sweep journal");
  const auto file_end = static_cast<std::uint64_t>(status.st_size);
  std::uint64_t offset = 16 + size + sizeof crc, kept_end = offset;
  std::vector<char> record(record_bytes);
  std::vector<double> values(values_per_point);
  std::vector<bool> seen(points, false);
  for (; offset + record_bytes <= file_end; offset += record_bytes) {
    read_all(descriptor, path, record.data(), record.size(), offset);
    std::uint32_t record_magic = 0, stored_crc = 0;
    std::uint64_t head[2] = {};  // point, number of values
    std::memcpy(&record_magic, record.data(), sizeof record_magic);
    std::memcpy(head, record.data() + sizeof record_magic, sizeof head);
    std::memcpy(values.data(), record.data() + head_bytes, values.size() * sizeof(double));
    std::memcpy(&stored_crc, record.data() + record_bytes - sizeof stored_crc, sizeof stored_crc);
    if (record_magic == kRecordMagic && head[1] != values_per_point &&
        whole_record_of(descriptor, path, offset, head[1], file_end)) {
      // A whole record of another length is not corruption but another
      // sweep's layout: stepping on would misread every record after it.
      throw InputError(path.string() + ": a record of " + std::to_string(head[1]) +
                       " values where this sweep has " + std::to_string(values_per_point) +
                       " per point; start over with --force");
    }
    const bool whole = record_magic == kRecordMagic && head[1] == values_per_point &&
                       stored_crc == checksum(values.data(), values.size() * sizeof(double),
                                              checksum(head, sizeof head));
    if (!whole) {
      // The last record: a write the crash cut short, cut off below.
      if (offset + record_bytes < file_end) {
        journal.problems_.push_back("the record at byte " + std::to_string(offset) +
                                    " is corrupt; its point will run again");
      }
      continue;
    }
    if (head[0] >= points) {
      throw InputError(path.string() + ": the record at byte " + std::to_string(offset) +
                       " is of point " + std::to_string(head[0]) + ", and this sweep has " +
                       std::to_string(points) + " points; start over with --force");
    }
    const auto point = static_cast<std::size_t>(head[0]);
    if (seen[point]) {
      journal.problems_.push_back("point " + std::to_string(point) + " is recorded again at byte " +
                                  std::to_string(offset) + "; the first record is kept");
      kept_end = offset + record_bytes;
      continue;
    }
    seen[point] = true;
    journal.points_.push_back(point);
    journal.offsets_.push_back(offset + head_bytes);
    journal.lengths_.push_back(head[1]);
    kept_end = offset + record_bytes;
  }
  offset = kept_end;
  // What follows the last whole record is a write the crash cut short.
  if (::ftruncate(descriptor, static_cast<off_t>(offset)) != 0) {
    throw failure(path, "cannot cut the torn end off the sweep journal");
  }
  journal.end_ = offset;
  return journal;
}

void SweepJournal::append(std::size_t point, std::span<const double> values) {
  if (std::find(points_.begin(), points_.end(), point) != points_.end()) {
    throw ModelError(path_.string() + ": point " + std::to_string(point) + " is recorded already");
  }
  const std::uint64_t head[2] = {point, values.size()};
  const std::uint32_t crc =
      checksum(values.data(), values.size_bytes(), checksum(head, sizeof head));
  std::string record(reinterpret_cast<const char*>(&kRecordMagic), sizeof kRecordMagic);
  record.append(reinterpret_cast<const char*>(head), sizeof head);
  record.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
  record.append(reinterpret_cast<const char*>(&crc), sizeof crc);
  write_all(descriptor_, path_, record.data(), record.size(), end_);
  if (::fdatasync(descriptor_) != 0) throw failure(path_, "cannot sync the sweep journal");
  points_.push_back(point);
  offsets_.push_back(end_ + sizeof kRecordMagic + sizeof head);
  lengths_.push_back(values.size());
  end_ += record.size();
}

std::vector<double> SweepJournal::values(std::size_t i) const {
  std::vector<double> values(lengths_.at(i));
  if (!read_all(descriptor_, path_, values.data(), values.size() * sizeof(double), offsets_[i])) {
    throw IoError(path_.string() + ": the sweep journal ends inside a record it listed");
  }
  return values;
}

}  // namespace omnisim
