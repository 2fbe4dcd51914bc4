#include "sim/io/hdf5_reader.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace omnisim::h5 {
namespace {

// HDF5 frees the variable-length strings it allocated when read.
std::vector<std::string> take_strings(std::vector<char*>& texts) {
  std::vector<std::string> values;
  values.reserve(texts.size());
  for (char* text : texts) {
    values.emplace_back(text != nullptr ? text : "");
    H5free_memory(text);
  }
  return values;
}

// A memory type for strings of `file_type`'s character set (HDF5 converts
// no character set into another; the bytes are the same for std::string).
Handle string_type(hid_t file_type, std::size_t size, const std::string& what) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, what);
  const H5T_cset_t cset = H5Tget_cset(file_type);
  if (cset < 0 || H5Tset_size(type.id(), size) < 0 || H5Tset_cset(type.id(), cset) < 0 ||
      (size != H5T_VARIABLE && H5Tset_strpad(type.id(), H5T_STR_NULLPAD) < 0)) {
    throw IoError("HDF5: cannot " + what);
  }
  return type;
}

// Fixed-length strings of `width` bytes side by side, each cut at its first NUL.
std::vector<std::string> split_strings(const std::vector<char>& bytes, std::size_t width) {
  std::vector<std::string> values;
  for (std::size_t start = 0; start < bytes.size(); start += width) {
    const char* const first = bytes.data() + start;
    values.emplace_back(first, std::find(first, first + width, '\0'));
  }
  return values;
}

// Most bytes an attribute may hold: omnisim's largest is a scenario's text
// (the loader takes up to 1 MiB).
constexpr std::size_t kMaxAttributeBytes = std::size_t{16} << 20;

// A handle on an object of the file: failing to open one means the file is
// damaged or not one omnisim wrote -- bad input, which names the file and
// the object.
Handle opened(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0)
    throw InputError("HDF5: cannot " + what + " (a damaged file, or not one omnisim wrote)");
  return Handle(id, closer, what);
}

Handle open_file(const std::filesystem::path& path) {
  const htri_t hdf5 = H5Fis_hdf5(path.c_str());
  if (hdf5 == 0) throw InputError(path.string() + ": not an HDF5 file");
  if (hdf5 < 0) throw IoError("HDF5: cannot open " + path.string() + ": unreadable");
  return opened(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                "open " + path.string());
}

std::size_t points(hid_t space) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

// What the dataset's shape and type claim, in bytes, checked against what
// the file stores for it before anything is allocated: omnisim writes every
// value, and zlib packs at most about 1,000 to 1, so a claim far beyond the
// stored bytes is a damaged or hand-made file, not one to allocate for.
void check_declared_size(hid_t dataset, std::size_t n_points, std::size_t element_bytes,
                         const std::string& what) {
  const double declared = static_cast<double>(n_points) * static_cast<double>(element_bytes);
  const double stored = static_cast<double>(H5Dget_storage_size(dataset));
  if (declared > 1100.0 * stored + 65536.0) {
    throw InputError("HDF5: cannot " + what + ": it declares " + std::to_string(n_points) +
                     " values but the file stores " +
                     std::to_string(static_cast<long long>(stored)) +
                     " bytes of them (a damaged file, or not one omnisim wrote)");
  }
}

// The strings of an attribute or dataset whose file type is `file_type`:
// fixed-length (as omnisim writes them since results schema 1.5, sweep and
// events schema 1.1) or variable-length (older files, other writers).
template <typename Read>
std::vector<std::string> read_strings(hid_t file_type, std::size_t n_points, const Read& read,
                                      const std::string& what) {
  if (H5Tget_class(file_type) != H5T_STRING)
    throw InputError("HDF5: cannot " + what + ": not text");
  const htri_t variable = H5Tis_variable_str(file_type);
  if (variable < 0) throw InputError("HDF5: cannot " + what + ": not text");
  if (variable > 0) {
    const Handle type = string_type(file_type, H5T_VARIABLE, what);
    std::vector<char*> texts(n_points, nullptr);
    if (n_points > 0 && read(type.id(), static_cast<void*>(texts.data())) < 0) {
      throw InputError("HDF5: cannot " + what + " as text");
    }
    return take_strings(texts);
  }
  const std::size_t width = H5Tget_size(file_type);
  if (width == 0) throw InputError("HDF5: cannot " + what + ": a string type of no bytes");
  const Handle type = string_type(file_type, width, what);
  std::vector<char> bytes(n_points * width);
  if (n_points > 0 && read(type.id(), static_cast<void*>(bytes.data())) < 0) {
    throw InputError("HDF5: cannot " + what + " as text");
  }
  return split_strings(bytes, width);
}

}  // namespace

Reader::Reader(const std::filesystem::path& path) : path_(path), file_(open_file(path)) {}

bool Reader::has(const std::string& object) const {
  // Each parent must exist before H5Lexists may be asked about a child.
  for (std::size_t slash = object.find('/', 1);; slash = object.find('/', slash + 1)) {
    const std::string prefix = object.substr(0, slash);
    if (H5Lexists(file_.id(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
  }
}

bool Reader::has_attribute(const std::string& object, const std::string& name) const {
  return (object == "/" || has(object)) &&
         H5Aexists_by_name(file_.id(), object.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

Handle Reader::attribute(const std::string& object, const std::string& name,
                         const std::string& what) const {
  return opened(H5Aopen_by_name(file_.id(), object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose, what);
}

std::vector<std::string> Reader::strings_attribute(const std::string& object,
                                                   const std::string& name) const {
  const std::string what = "read attribute " + name + " of " + object + " in " + path_.string();
  const Handle attribute = this->attribute(object, name, what);
  const Handle space = opened(H5Aget_space(attribute.id()), H5Sclose, what);
  const Handle file_type = opened(H5Aget_type(attribute.id()), H5Tclose, what);
  const std::size_t n_points = points(space.id());
  if (static_cast<double>(n_points) * static_cast<double>(H5Tget_size(file_type.id())) >
      static_cast<double>(kMaxAttributeBytes)) {
    throw InputError("HDF5: cannot " + what + ": larger than any omnisim writes");
  }
  return read_strings(
      file_type.id(), n_points,
      [&](hid_t memory_type, void* buffer) { return H5Aread(attribute.id(), memory_type, buffer); },
      what);
}

std::string Reader::string_attribute(const std::string& object, const std::string& name) const {
  const std::vector<std::string> values = strings_attribute(object, name);
  return values.empty() ? std::string() : values.front();
}

std::vector<double> Reader::numbers_attribute(const std::string& object,
                                              const std::string& name) const {
  const std::string what = "read attribute " + name + " of " + object + " in " + path_.string();
  const Handle attribute = this->attribute(object, name, what);
  const Handle space = opened(H5Aget_space(attribute.id()), H5Sclose, what);
  if (points(space.id()) > kMaxAttributeBytes / sizeof(double)) {
    throw InputError("HDF5: cannot " + what + ": larger than any omnisim writes");
  }
  std::vector<double> values(points(space.id()));
  if (H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, values.data()) < 0) {
    throw InputError("HDF5: cannot " + what + " as numbers");
  }
  return values;
}

std::int64_t Reader::integer_attribute(const std::string& object, const std::string& name) const {
  const std::string what = "read attribute " + name + " of " + object + " in " + path_.string();
  const Handle attribute = this->attribute(object, name, what);
  const Handle space = opened(H5Aget_space(attribute.id()), H5Sclose, what);
  if (points(space.id()) != 1) throw InputError("HDF5: cannot " + what + ": not one number");
  std::int64_t value = 0;
  if (H5Aread(attribute.id(), H5T_NATIVE_INT64, &value) < 0) {
    throw InputError("HDF5: cannot " + what + " as an integer");
  }
  return value;
}

Doubles Reader::doubles(const std::string& dataset) const {
  const std::string what = "read " + dataset + " in " + path_.string();
  const Handle data = opened(H5Dopen2(file_.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose, what);
  const Handle space = opened(H5Dget_space(data.id()), H5Sclose, what);
  const int rank = H5Sget_simple_extent_ndims(space.id());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  check_declared_size(data.id(), points(space.id()), sizeof(double), what);
  Doubles result;
  result.shape.assign(dims.begin(), dims.end());
  result.values.resize(points(space.id()));
  if (!result.values.empty() && H5Dread(data.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                        result.values.data()) < 0) {
    throw InputError("HDF5: cannot " + what + " as numbers");
  }
  return result;
}

std::vector<std::string> Reader::strings(const std::string& dataset) const {
  const std::string what = "read " + dataset + " in " + path_.string();
  const Handle data = opened(H5Dopen2(file_.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose, what);
  const Handle space = opened(H5Dget_space(data.id()), H5Sclose, what);
  const Handle file_type = opened(H5Dget_type(data.id()), H5Tclose, what);
  const std::size_t n_points = points(space.id());
  check_declared_size(data.id(), n_points, H5Tget_size(file_type.id()), what);
  return read_strings(
      file_type.id(), n_points,
      [&](hid_t memory_type, void* buffer) {
        return H5Dread(data.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      },
      what);
}

std::vector<double> Reader::field(const std::string& dataset, const std::string& name) const {
  const std::string what = "read field " + name + " of " + dataset + " in " + path_.string();
  const Handle data = opened(H5Dopen2(file_.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose, what);
  const Handle space = opened(H5Dget_space(data.id()), H5Sclose, what);
  // A compound of the one field: HDF5 picks it out of each row by name.
  const Handle type(H5Tcreate(H5T_COMPOUND, sizeof(double)), H5Tclose, what);
  if (H5Tinsert(type.id(), name.c_str(), 0, H5T_NATIVE_DOUBLE) < 0) {
    throw IoError("HDF5: cannot " + what);
  }
  const Handle file_type = opened(H5Dget_type(data.id()), H5Tclose, what);
  check_declared_size(data.id(), points(space.id()), H5Tget_size(file_type.id()), what);
  std::vector<double> values(points(space.id()));
  if (!values.empty() &&
      H5Dread(data.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw InputError("HDF5: cannot " + what + ": no such numeric field");
  }
  return values;
}

}  // namespace omnisim::h5
