#pragma once
// A thin RAII layer over the HDF5 C API: files, groups, attributes and
// datasets of numbers, strings and compound rows. Every failure throws
// IoError naming the object.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <hdf5.h>

namespace omnisim::h5 {

// Owns one HDF5 identifier and closes it with the right function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer, const std::string& what);
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t id() const { return id_; }
  // Closes now and reports failure (the destructor cannot).
  herr_t close();

 private:
  void reset();
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// A group (or the file's root group) that attributes and datasets go into.
class Group {
 public:
  Group(Handle handle, std::string path) : handle_(std::move(handle)), path_(std::move(path)) {}

  Group create_group(const std::string& name);

  void set_attribute(const std::string& name, const std::string& value);
  void set_attribute(const std::string& name, double value);
  void set_attribute(const std::string& name, std::int64_t value);
  void set_attribute(const std::string& name, std::span<const std::int64_t> values);
  void set_attribute(const std::string& name, const std::vector<std::string>& values);

  // Row-major numbers with the given shape.
  void write(const std::string& name, std::span<const double> values,
             const std::vector<hsize_t>& shape);
  void write(const std::string& name, const std::vector<std::string>& values);

  hid_t id() const { return handle_.id(); }
  const std::string& path() const { return path_; }

 private:
  std::string child_path(const std::string& name) const;
  Handle handle_;
  std::string path_;
};

class File {
 public:
  // Creates a new file; fails if it exists.
  static File create(const std::filesystem::path& path);
  Group& root() { return root_; }
  // Writes everything out and closes; throws IoError if HDF5 cannot (a full
  // disk, a file-size limit), where a destructor could only ignore it.
  void close();

 private:
  File(Handle file, Group root) : file_(std::move(file)), root_(std::move(root)) {}
  Handle file_;
  Group root_;
};

// One field of a compound row type: name, byte offset, HDF5 native type.
struct Field {
  const char* name;
  std::size_t offset;
  hid_t type;
};

// Whether a table's chunks carry HDF5's Fletcher-32 checksum (checked on
// every read: a flipped byte is an error, not a wrong value).
enum class Checksum { kFletcher32, kNone };

// An extendible, chunked, compressed 1-D dataset of compound rows.
class Table {
 public:
  // `deflate_level` 0 (none) to 9; `rows_per_chunk` the chunk's length;
  // kNone only for a table written by append_stored_chunk(), whose chunks
  // bypass HDF5's filters and so could not carry the checksum.
  Table(Group& parent, const std::string& name, std::size_t row_size, std::span<const Field> fields,
        int deflate_level = 4, std::size_t rows_per_chunk = 16384,
        Checksum checksum = Checksum::kFletcher32);
  void append(const void* rows, std::size_t n_rows);
  // The next chunk as its bytes on disk, bypassing HDF5's filters (for a
  // writer that deflates chunks itself, in parallel): a whole chunk of
  // packed rows, zlib-compressed if `deflated` (the deflate filter's
  // format), else raw, of which the first `n_rows` are data (all but in the
  // last chunk, padded). Not to be mixed with append().
  void append_stored_chunk(std::span<const unsigned char> bytes, bool deflated, std::size_t n_rows);
  void set_attribute(const std::string& name, const std::vector<std::string>& values);
  void set_attribute(const std::string& name, std::int64_t value);

 private:
  Handle dataset_;
  Handle type_;
  std::string path_;
  hsize_t n_rows_ = 0;
  hsize_t rows_per_chunk_;
  bool deflate_;
  bool checksum_;
};

}  // namespace omnisim::h5
