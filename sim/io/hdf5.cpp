#include "sim/io/hdf5.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sim/core/error.hpp"

namespace omnisim::h5 {
namespace {

// Why the last HDF5 call failed, from its error stack: the system's reason
// when the failure came from the operating system ("No space left on
// device"), else the innermost message.
std::string failure_reason() {
  std::string innermost;
  const auto visit = [](unsigned depth, const H5E_error2_t* error, void* data) -> herr_t {
    if (depth == 0 && error->desc != nullptr) *static_cast<std::string*>(data) = error->desc;
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, visit, &innermost);
  H5Eclear2(H5E_DEFAULT);
  const std::string marker = "error message = '";
  if (const auto start = innermost.find(marker); start != std::string::npos) {
    const auto begin = start + marker.size();
    return innermost.substr(begin, innermost.find('\'', begin) - begin);
  }
  return innermost;
}

[[noreturn]] void fail(const std::string& what) {
  const std::string reason = failure_reason();
  throw IoError("HDF5: cannot " + what + (reason.empty() ? "" : ": " + reason));
}

hid_t check(hid_t id, const std::string& what) {
  if (id < 0) fail(what);
  return id;
}

void check_status(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

// Strings are stored fixed-length (the longest one's bytes, NUL-padded),
// never as variable-length strings: those live in the file's global heap,
// and libhdf5 1.10 follows a flipped byte in a heap reference into a crash.
// Readers (h5py's asstr(), pandas, omnisim) see the same text.
Handle fixed_string_type(std::size_t width) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "create a string type");
  check_status(H5Tset_size(type.id(), std::max<std::size_t>(width, 1)), "size a string type");
  check_status(H5Tset_strpad(type.id(), H5T_STR_NULLPAD), "pad a string type");
  check_status(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8");
  return type;
}

std::size_t longest(const std::vector<std::string>& values) {
  std::size_t width = 0;
  for (const auto& value : values)
    width = std::max(width, value.size());
  return std::max<std::size_t>(width, 1);
}

// `values` side by side, each in `width` bytes, NUL-padded.
std::vector<char> packed(const std::vector<std::string>& values, std::size_t width) {
  std::vector<char> bytes(values.size() * width, '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    std::copy(values[i].begin(), values[i].end(), bytes.begin() + static_cast<long>(i * width));
  return bytes;
}

// Dataset creation properties: one chunk the size of the whole dataset with
// a Fletcher-32 checksum, so a flipped byte in the data is an error on read
// rather than a wrong number; an empty dataset (which cannot be chunked)
// stays contiguous.
Handle checksummed_layout(const std::vector<hsize_t>& shape, const std::string& what) {
  Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, what);
  const bool empty = std::any_of(shape.begin(), shape.end(), [](hsize_t n) { return n == 0; });
  if (!shape.empty() && !empty) {
    check_status(H5Pset_chunk(properties.id(), static_cast<int>(shape.size()), shape.data()), what);
    check_status(H5Pset_fletcher32(properties.id()), what);
  }
  return properties;
}

Handle simple_space(const std::vector<hsize_t>& shape) {
  return Handle(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose,
                "create a dataspace");
}

void write_attribute(hid_t object, const std::string& where, const std::string& name,
                     hid_t file_type, hid_t memory_type, const Handle& space, const void* data) {
  const std::string what = "write attribute " + name + " of " + where;
  Handle attribute(
      H5Acreate2(object, name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
      what);
  check_status(H5Awrite(attribute.id(), memory_type, data), what);
}

void write_string_attribute(hid_t object, const std::string& where, const std::string& name,
                            const std::vector<std::string>& values) {
  const std::size_t width = longest(values);
  const Handle type = fixed_string_type(width);
  write_attribute(object, where, name, type.id(), type.id(), simple_space({values.size()}),
                  packed(values, width).data());
}

}  // namespace

Handle::Handle(hid_t id, Closer closer, const std::string& what)
    : id_(check(id, what)), closer_(closer) {}

herr_t Handle::close() {
  const herr_t status = id_ >= 0 && closer_ != nullptr ? closer_(id_) : 0;
  id_ = H5I_INVALID_HID;
  return status;
}

void Handle::reset() {
  if (id_ >= 0 && closer_ != nullptr) closer_(id_);
  id_ = H5I_INVALID_HID;
}

std::string Group::child_path(const std::string& name) const {
  return path_ == "/" ? "/" + name : path_ + "/" + name;
}

Group Group::create_group(const std::string& name) {
  const std::string path = child_path(name);
  return Group(Handle(H5Gcreate2(id(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      H5Gclose, "create group " + path),
               path);
}

void Group::set_attribute(const std::string& name, const std::string& value) {
  const Handle type = fixed_string_type(value.size());
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  write_attribute(id(), path_, name, type.id(), type.id(), space,
                  packed({value}, std::max<std::size_t>(value.size(), 1)).data());
}

void Group::set_attribute(const std::string& name, double value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  write_attribute(id(), path_, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space, &value);
}

void Group::set_attribute(const std::string& name, std::int64_t value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  write_attribute(id(), path_, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space, &value);
}

void Group::set_attribute(const std::string& name, std::span<const std::int64_t> values) {
  write_attribute(id(), path_, name, H5T_STD_I64LE, H5T_NATIVE_INT64, simple_space({values.size()}),
                  values.data());
}

void Group::set_attribute(const std::string& name, const std::vector<std::string>& values) {
  write_string_attribute(id(), path_, name, values);
}

void Group::write(const std::string& name, std::span<const double> values,
                  const std::vector<hsize_t>& shape) {
  const std::string what = "write dataset " + child_path(name);
  hsize_t expected = 1;
  for (auto extent : shape)
    expected *= extent;
  if (expected != values.size()) throw IoError("HDF5: shape mismatch in " + what);
  const Handle space = simple_space(shape);
  const Handle layout = checksummed_layout(shape, what);
  Handle dataset(H5Dcreate2(id(), name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT,
                            layout.id(), H5P_DEFAULT),
                 H5Dclose, what);
  check_status(
      H5Dwrite(dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
      what);
}

void Group::write(const std::string& name, const std::vector<std::string>& values) {
  const std::string what = "write dataset " + child_path(name);
  const std::size_t width = longest(values);
  const Handle type = fixed_string_type(width);
  const Handle space = simple_space({values.size()});
  const Handle layout = checksummed_layout({values.size()}, what);
  Handle dataset(
      H5Dcreate2(id(), name.c_str(), type.id(), space.id(), H5P_DEFAULT, layout.id(), H5P_DEFAULT),
      H5Dclose, what);
  check_status(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                        packed(values, width).data()),
               what);
}

void File::close() {
  const std::string what = "write and close the file";
  check_status(H5Fflush(file_.id(), H5F_SCOPE_GLOBAL), what);
  root_ = Group(Handle(), "/");
  check_status(file_.close(), what);
}

File File::create(const std::filesystem::path& path) {
  // The 1.8 file format: attributes over 64 KiB (a large scenario's text,
  // now a fixed-length string) go to dense storage, which the 1.6 format
  // lacks; every HDF5 since 1.8 (2008), h5py included, reads it.
  const Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
  check_status(H5Pset_libver_bounds(access.id(), H5F_LIBVER_V18, H5F_LIBVER_V18),
               "choose the file format");
  errno = 0;  // HDF5's POSIX driver leaves open()'s reason here
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, access.id());
  const int code = errno;
  if (id < 0) {
    throw IoError("cannot create " + path.string() +
                  (code != 0 ? std::string(": ") + std::strerror(code) : std::string()));
  }
  Handle file(id, H5Fclose, "create file " + path.string());
  Handle root(H5Gopen2(file.id(), "/", H5P_DEFAULT), H5Gclose, "open the root group");
  return File(std::move(file), Group(std::move(root), "/"));
}

Table::Table(Group& parent, const std::string& name, std::size_t row_size,
             std::span<const Field> fields, int deflate_level, std::size_t rows_per_chunk,
             Checksum checksum)
    : path_(parent.path() == "/" ? "/" + name : parent.path() + "/" + name),
      rows_per_chunk_(rows_per_chunk),
      deflate_(deflate_level > 0),
      checksum_(checksum == Checksum::kFletcher32) {
  const std::string what = "create table " + path_;
  type_ = Handle(H5Tcreate(H5T_COMPOUND, row_size), H5Tclose, what);
  for (const auto& field : fields) {
    check_status(H5Tinsert(type_.id(), field.name, field.offset, field.type), what);
  }
  // The file keeps the fields packed: HDF5 converts each row on write, so the
  // struct's padding bytes (whatever memory held) never reach the file.
  const Handle file_type(H5Tcopy(type_.id()), H5Tclose, what);
  check_status(H5Tpack(file_type.id()), what);
  const hsize_t initial = 0, unlimited = H5S_UNLIMITED, chunk = rows_per_chunk_;
  const Handle space(H5Screate_simple(1, &initial, &unlimited), H5Sclose, what);
  const Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, what);
  check_status(H5Pset_chunk(properties.id(), 1, &chunk), what);
  if (deflate_level > 0) {
    check_status(H5Pset_deflate(properties.id(), static_cast<unsigned>(deflate_level)), what);
  }
  // Checked last, over the stored (compressed) bytes.
  if (checksum_) check_status(H5Pset_fletcher32(properties.id()), what);
  dataset_ = Handle(H5Dcreate2(parent.id(), name.c_str(), file_type.id(), space.id(), H5P_DEFAULT,
                               properties.id(), H5P_DEFAULT),
                    H5Dclose, what);
}

void Table::append(const void* rows, std::size_t n_rows) {
  if (n_rows == 0) return;
  const std::string what = "append to " + path_;
  const hsize_t start = n_rows_, count = n_rows, total = n_rows_ + n_rows;
  check_status(H5Dset_extent(dataset_.id(), &total), what);
  const Handle file_space(H5Dget_space(dataset_.id()), H5Sclose, what);
  check_status(
      H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, &start, nullptr, &count, nullptr), what);
  const Handle memory_space(H5Screate_simple(1, &count, nullptr), H5Sclose, what);
  check_status(
      H5Dwrite(dataset_.id(), type_.id(), memory_space.id(), file_space.id(), H5P_DEFAULT, rows),
      what);
  n_rows_ = total;
}

void Table::append_stored_chunk(std::span<const unsigned char> bytes, bool deflated,
                                std::size_t n_rows) {
  const std::string what = "append a chunk to " + path_;
  if (n_rows_ % rows_per_chunk_ != 0 || n_rows == 0 || n_rows > rows_per_chunk_ ||
      (deflated && !deflate_) || checksum_) {
    throw IoError("HDF5: cannot " + what +
                  ": not at a chunk boundary, not a deflated table, or a checksummed one");
  }
  const hsize_t offset = n_rows_, total = n_rows_ + n_rows;
  check_status(H5Dset_extent(dataset_.id(), &total), what);
  // Bit 0 of the mask skips the first (deflate) filter: a chunk stored raw
  // in a deflated table, as HDF5 itself does when compression does not pay.
  const std::uint32_t skipped_filters = deflate_ && !deflated ? 1U : 0U;
  check_status(H5Dwrite_chunk(dataset_.id(), H5P_DEFAULT, skipped_filters, &offset, bytes.size(),
                              bytes.data()),
               what);
  n_rows_ = total;
}

void Table::set_attribute(const std::string& name, const std::vector<std::string>& values) {
  write_string_attribute(dataset_.id(), path_, name, values);
}

void Table::set_attribute(const std::string& name, std::int64_t value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  write_attribute(dataset_.id(), path_, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space, &value);
}

}  // namespace omnisim::h5
