#include "sim/io/hdf5_reader.hpp"

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

Handle variable_utf8_type(const std::string& what) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, what);
  if (H5Tset_size(type.id(), H5T_VARIABLE) < 0 || H5Tset_cset(type.id(), H5T_CSET_UTF8) < 0) {
    throw IoError("HDF5: cannot " + what);
  }
  return type;
}

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
  const Handle type = variable_utf8_type(what);
  std::vector<char*> texts(points(space.id()), nullptr);
  if (H5Aread(attribute.id(), type.id(), texts.data()) < 0) {
    throw InputError("HDF5: cannot " + what + " as text");
  }
  return take_strings(texts);
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
  const Handle type = variable_utf8_type(what);
  std::vector<char*> texts(points(space.id()), nullptr);
  if (!texts.empty() &&
      H5Dread(data.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()) < 0) {
    throw InputError("HDF5: cannot " + what + " as text");
  }
  return take_strings(texts);
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
  std::vector<double> values(points(space.id()));
  if (!values.empty() &&
      H5Dread(data.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw InputError("HDF5: cannot " + what + ": no such numeric field");
  }
  return values;
}

}  // namespace omnisim::h5
