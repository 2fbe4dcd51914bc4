#include "tests/support/hdf5_read.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>

#include <hdf5.h>

namespace omnisim::testing {
namespace {

// Minimal owner for test reads; throws on any failure.
struct Id {
  hid_t id;
  herr_t (*close)(hid_t);
  Id(hid_t value, herr_t (*closer)(hid_t), const std::string& what) : id(value), close(closer) {
    if (id < 0) throw std::runtime_error("HDF5 read failed: " + what);
  }
  ~Id() { close(id); }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
};

// `n` strings read by `read` in the file's own string type: fixed-length
// (omnisim's) or variable-length.
template <typename Read>
std::vector<std::string> texts(hid_t type, std::size_t n, const Read& read) {
  std::vector<std::string> values;
  if (H5Tis_variable_str(type) > 0) {
    std::vector<char*> pointers(n, nullptr);
    if (n > 0 && read(pointers.data()) < 0) throw std::runtime_error("HDF5 read of text failed");
    for (char* text : pointers) {
      values.emplace_back(text != nullptr ? text : "");
      H5free_memory(text);
    }
    return values;
  }
  const std::size_t width = H5Tget_size(type);
  std::vector<char> bytes(n * width);
  if (n > 0 && read(bytes.data()) < 0) throw std::runtime_error("HDF5 read of text failed");
  for (std::size_t i = 0; i < n; ++i) {
    const char* first = bytes.data() + i * width;
    values.emplace_back(first, std::find(first, first + width, '\0'));
  }
  return values;
}

Id open_file(const std::filesystem::path& file) {
  return Id(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, file.string());
}

}  // namespace

DoubleDataset read_doubles(const std::filesystem::path& file, const std::string& dataset) {
  const Id h5 = open_file(file);
  const Id data(H5Dopen2(h5.id, dataset.c_str(), H5P_DEFAULT), H5Dclose, dataset);
  const Id space(H5Dget_space(data.id), H5Sclose, dataset);
  const int rank = H5Sget_simple_extent_ndims(space.id);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
  DoubleDataset result;
  std::size_t total = 1;
  for (auto d : dims) {
    result.shape.push_back(d);
    total *= d;
  }
  result.values.resize(total);
  if (H5Dread(data.id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, result.values.data()) <
      0) {
    throw std::runtime_error("HDF5 read failed: " + dataset);
  }
  return result;
}

std::vector<std::string> read_strings(const std::filesystem::path& file,
                                      const std::string& dataset) {
  const Id h5 = open_file(file);
  const Id data(H5Dopen2(h5.id, dataset.c_str(), H5P_DEFAULT), H5Dclose, dataset);
  const Id space(H5Dget_space(data.id), H5Sclose, dataset);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id));
  const Id type(H5Dget_type(data.id), H5Tclose, dataset);
  return texts(type.id, n, [&](void* buffer) {
    return H5Dread(data.id, type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  });
}

bool has_object(const std::filesystem::path& file, const std::string& path) {
  const Id h5 = open_file(file);
  return H5Lexists(h5.id, path.c_str(), H5P_DEFAULT) > 0;
}

std::string read_string_attribute(const std::filesystem::path& file, const std::string& name,
                                  const std::string& object) {
  const Id h5 = open_file(file);
  const Id attribute(H5Aopen_by_name(h5.id, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                     H5Aclose, name);
  const Id type(H5Aget_type(attribute.id), H5Tclose, name);
  const std::vector<std::string> values =
      texts(type.id, 1, [&](void* buffer) { return H5Aread(attribute.id, type.id, buffer); });
  return values.front();
}

std::vector<std::int64_t> read_int_attribute(const std::filesystem::path& file,
                                             const std::string& name) {
  const Id h5 = open_file(file);
  const Id attribute(H5Aopen_by_name(h5.id, "/", name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                     name);
  const Id space(H5Aget_space(attribute.id), H5Sclose, name);
  const auto n = H5Sget_simple_extent_npoints(space.id);
  std::vector<std::int64_t> values(static_cast<std::size_t>(n));
  if (H5Aread(attribute.id, H5T_NATIVE_INT64, values.data()) < 0) {
    throw std::runtime_error("read " + name);
  }
  return values;
}

std::vector<StoredCustomerRow> read_customers(const std::filesystem::path& file) {
  const Id h5 = open_file(file);
  const Id data(H5Dopen2(h5.id, "/customers", H5P_DEFAULT), H5Dclose, "/customers");
  const Id space(H5Dget_space(data.id), H5Sclose, "/customers");
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id));
  // HDF5 converts by member name, so a subset of the stored fields can be read.
  const Id type(H5Tcreate(H5T_COMPOUND, sizeof(StoredCustomerRow)), H5Tclose, "row type");
  H5Tinsert(type.id, "id", offsetof(StoredCustomerRow, id), H5T_NATIVE_UINT64);
  H5Tinsert(type.id, "strategy", offsetof(StoredCustomerRow, strategy), H5T_NATIVE_UINT16);
  H5Tinsert(type.id, "replication", offsetof(StoredCustomerRow, replication), H5T_NATIVE_UINT16);
  H5Tinsert(type.id, "orders", offsetof(StoredCustomerRow, orders), H5T_NATIVE_UINT32);
  H5Tinsert(type.id, "first_purchase_day", offsetof(StoredCustomerRow, first_purchase_day),
            H5T_NATIVE_DOUBLE);
  H5Tinsert(type.id, "last_purchase_day", offsetof(StoredCustomerRow, last_purchase_day),
            H5T_NATIVE_DOUBLE);
  H5Tinsert(type.id, "revenue_eur", offsetof(StoredCustomerRow, revenue_eur), H5T_NATIVE_DOUBLE);
  H5Tinsert(type.id, "clv_eur", offsetof(StoredCustomerRow, clv_eur), H5T_NATIVE_DOUBLE);
  H5Tinsert(type.id, "dropout_day", offsetof(StoredCustomerRow, dropout_day), H5T_NATIVE_DOUBLE);
  H5Tinsert(type.id, "acquisition", offsetof(StoredCustomerRow, acquisition), H5T_NATIVE_UINT8);
  std::vector<StoredCustomerRow> rows(n);
  if (n > 0 && H5Dread(data.id, type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()) < 0) {
    throw std::runtime_error("read /customers");
  }
  return rows;
}

std::vector<StoredEventRow> read_events(const std::filesystem::path& file) {
  const Id h5 = open_file(file);
  const Id data(H5Dopen2(h5.id, "/events", H5P_DEFAULT), H5Dclose, "/events");
  const Id space(H5Dget_space(data.id), H5Sclose, "/events");
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id));
  const Id type(H5Tcreate(H5T_COMPOUND, sizeof(StoredEventRow)), H5Tclose, "row type");
  const struct {
    const char* name;
    std::size_t offset;
    hid_t type;
  } fields[] = {
      {"customer_id", offsetof(StoredEventRow, customer_id), H5T_NATIVE_UINT64},
      {"day", offsetof(StoredEventRow, day), H5T_NATIVE_DOUBLE},
      {"amount_eur", offsetof(StoredEventRow, amount_eur), H5T_NATIVE_DOUBLE},
      {"cost_eur", offsetof(StoredEventRow, cost_eur), H5T_NATIVE_DOUBLE},
      {"sequence", offsetof(StoredEventRow, sequence), H5T_NATIVE_UINT32},
      {"journey_id", offsetof(StoredEventRow, journey_id), H5T_NATIVE_UINT32},
      {"replication", offsetof(StoredEventRow, replication), H5T_NATIVE_UINT16},
      {"strategy", offsetof(StoredEventRow, strategy), H5T_NATIVE_UINT8},
      {"type", offsetof(StoredEventRow, type), H5T_NATIVE_UINT8},
      {"stage", offsetof(StoredEventRow, stage), H5T_NATIVE_UINT8},
      {"channel", offsetof(StoredEventRow, channel), H5T_NATIVE_UINT8},
      {"segment", offsetof(StoredEventRow, segment), H5T_NATIVE_UINT8},
      {"detail", offsetof(StoredEventRow, detail), H5T_NATIVE_UINT8},
  };
  for (const auto& field : fields)
    H5Tinsert(type.id, field.name, field.offset, field.type);
  std::vector<StoredEventRow> rows(n);
  if (n > 0 && H5Dread(data.id, type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()) < 0) {
    throw std::runtime_error("read /events");
  }
  return rows;
}

}  // namespace omnisim::testing
