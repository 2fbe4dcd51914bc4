// libFuzzer target over the readers of omnisim's HDF5 files: report_data, as
// `omnisim report` reads a results file (compare, explain, facts) or a sweep
// file, every dataset and attribute the page shows.
//
// Structure-aware: the input is not a file but a list of edits made through
// the HDF5 API to a copy of a valid file -- datasets and groups deleted,
// replaced by others of another shape, type or length, moved over one
// another, values overwritten with NaN, infinities and extremes, attributes
// deleted or replaced. A byte flipped at random mostly breaks HDF5's own
// structures (libhdf5's business, and its checksums'); these edits make
// files HDF5 reads without complaint and omnisim must still refuse cleanly.
// The files edited (OMNISIM_FUZZ_BASES, a directory of *.h5) are written by
// the same build: scripts/fuzz.sh makes them. The first input byte picks
// the file. reader_check.hpp says what counts as a finding.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <hdf5.h>

#include "analysis/report/report_data.hpp"
#include "tests/fuzz/reader_check.hpp"

namespace {

// The input, read front to back; zeros once it runs out.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : byte() % n; }
  std::string text(std::size_t max_length) {
    std::string value;
    const std::size_t length = pick(max_length + 1);
    while (value.size() < length && !empty())
      value.push_back(static_cast<char>(byte()));
    return value;
  }
  // A value a reader must survive: ordinary, zero, negative, huge, tiny, not finite.
  double number() {
    constexpr double kValues[] = {0.0,    1.0,    -1.0, 0.5, 2.0,  1e308,
                                  -1e308, 1e-310, 3.0,  1e6, -0.0, 255.0};
    const std::uint8_t choice = byte();
    if (choice < 16) return std::numeric_limits<double>::quiet_NaN();
    if (choice < 24) return std::numeric_limits<double>::infinity();
    if (choice < 32) return -std::numeric_limits<double>::infinity();
    return kValues[choice % std::size(kValues)] *
           (choice >= 128 ? 1.0 : static_cast<double>(byte()));
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

struct Base {
  std::string name;
  std::string bytes;
};

std::vector<Base>& bases() {
  static std::vector<Base> files;
  return files;
}

const omnisim::fuzz::ScratchDirectory& scratch() {
  static const omnisim::fuzz::ScratchDirectory directory;
  return directory;
}

herr_t collect(hid_t, const char* name, const H5O_info_t* info, void* objects) {
  if (std::strcmp(name, ".") != 0 &&
      (info->type == H5O_TYPE_DATASET || info->type == H5O_TYPE_GROUP)) {
    static_cast<std::vector<std::string>*>(objects)->push_back(std::string("/") + name);
  }
  return 0;
}

std::vector<std::string> objects_of(hid_t file) {
  std::vector<std::string> objects;
  H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, collect, &objects, H5O_INFO_BASIC);
  return objects;
}

void write_strings(hid_t location, const char* name, const std::vector<std::string>& values,
                   bool attribute) {
  std::size_t width = 1;
  for (const auto& value : values)
    width = std::max(width, value.size());
  std::vector<char> bytes(values.size() * width, '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    std::copy(values[i].begin(), values[i].end(), bytes.begin() + static_cast<long>(i * width));
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, width);
  const hsize_t n = values.size();
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  if (attribute) {
    const hid_t id = H5Acreate2(location, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (id >= 0) {
      H5Awrite(id, type, bytes.data());
      H5Aclose(id);
    }
  } else {
    const hid_t id = H5Dcreate2(location, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (id >= 0) {
      if (n > 0) H5Dwrite(id, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
      H5Dclose(id);
    }
  }
  H5Sclose(space);
  H5Tclose(type);
}

void write_numbers(hid_t location, const char* name, Bytes& in, bool attribute) {
  const int rank = attribute ? 1 : 1 + static_cast<int>(in.pick(3));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  std::size_t n = 1;
  for (auto& extent : dims) {
    extent = in.pick(9);
    n *= extent;
  }
  std::vector<double> values(n);
  for (auto& value : values)
    value = in.number();
  const hid_t space = H5Screate_simple(rank, dims.data(), nullptr);
  if (attribute) {
    const hid_t id = H5Acreate2(location, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    if (id >= 0) {
      H5Awrite(id, H5T_NATIVE_DOUBLE, values.data());
      H5Aclose(id);
    }
  } else {
    const hid_t id =
        H5Dcreate2(location, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (id >= 0) {
      if (n > 0) H5Dwrite(id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
      H5Dclose(id);
    }
  }
  H5Sclose(space);
}

std::vector<std::string> texts(Bytes& in) {
  std::vector<std::string> values(in.pick(6));
  for (auto& value : values)
    value = in.text(24);
  return values;
}

// Overwrites up to four values of a numeric dataset where they are.
void overwrite_values(hid_t file, const std::string& object, Bytes& in) {
  const hid_t dataset = H5Dopen2(file, object.c_str(), H5P_DEFAULT);
  if (dataset < 0) return;
  const hid_t type = H5Dget_type(dataset);
  const hid_t space = H5Dget_space(dataset);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (H5Tget_class(type) == H5T_FLOAT && n > 0 && n < (1 << 20)) {
    std::vector<double> values(static_cast<std::size_t>(n));
    if (H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0) {
      for (int k = 1 + static_cast<int>(in.pick(4)); k > 0; --k)
        values[(static_cast<std::size_t>(in.byte()) << 8 | in.byte()) % values.size()] =
            in.number();
      H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    }
  }
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(dataset);
}

void edit_attribute(hid_t file, const std::string& object, Bytes& in) {
  const hid_t id = H5Oopen(file, object.c_str(), H5P_DEFAULT);
  if (id < 0) return;
  H5O_info_t info;
  if (H5Oget_info2(id, &info, H5O_INFO_NUM_ATTRS) >= 0 && info.num_attrs > 0) {
    const auto index = static_cast<hsize_t>(in.pick(static_cast<std::size_t>(info.num_attrs)));
    char name[256] = {};
    if (H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, name, sizeof name,
                           H5P_DEFAULT) > 0) {
      H5Adelete(id, name);
      switch (in.pick(4)) {
        case 0:
          break;  // deleted
        case 1:
          write_strings(id, name, texts(in), true);
          break;
        case 2:
          write_numbers(id, name, in, true);
          break;
        default: {
          const std::int64_t value = static_cast<std::int64_t>(in.byte()) - 128;
          const hid_t space = H5Screate(H5S_SCALAR);
          const hid_t attribute =
              H5Acreate2(id, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
          if (attribute >= 0) {
            H5Awrite(attribute, H5T_NATIVE_INT64, &value);
            H5Aclose(attribute);
          }
          H5Sclose(space);
        }
      }
    }
  }
  H5Oclose(id);
}

void edit(hid_t file, Bytes& in) {
  const std::vector<std::string> objects = objects_of(file);
  if (objects.empty()) return;
  const std::string& object = objects[in.pick(objects.size())];
  const std::string& other = objects[in.pick(objects.size())];
  switch (in.pick(8)) {
    case 0:
      H5Ldelete(file, object.c_str(), H5P_DEFAULT);
      break;
    case 1:
      H5Ldelete(file, object.c_str(), H5P_DEFAULT);
      write_numbers(file, object.c_str(), in, false);
      break;
    case 2:
      H5Ldelete(file, object.c_str(), H5P_DEFAULT);
      write_strings(file, object.c_str(), texts(in), false);
      break;
    case 3:
    case 4:
      edit_attribute(file, in.pick(4) == 0 ? std::string("/") : object, in);
      break;
    case 5:
      overwrite_values(file, object, in);
      break;
    case 6: {  // an empty group where the object was
      H5Ldelete(file, object.c_str(), H5P_DEFAULT);
      const hid_t group = H5Gcreate2(file, object.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      if (group >= 0) H5Gclose(group);
      break;
    }
    default:  // another object copied over this one
      if (object != other && other.rfind(object + "/", 0) != 0) {
        H5Ldelete(file, object.c_str(), H5P_DEFAULT);
        H5Ocopy(file, other.c_str(), file, object.c_str(), H5P_DEFAULT, H5P_DEFAULT);
      }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // failed edits are expected: no stack dumps
  const char* directory = std::getenv("OMNISIM_FUZZ_BASES");
  if (directory == nullptr || !std::filesystem::is_directory(directory)) {
    omnisim::fuzz::finding("OMNISIM_FUZZ_BASES must name a directory of omnisim HDF5 files",
                           "(scripts/fuzz.sh writes them)");
  }
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() != ".h5") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    bases().push_back(
        {entry.path().filename().string(), std::string(std::istreambuf_iterator<char>(in), {})});
  }
  std::sort(bases().begin(), bases().end(),
            [](const Base& a, const Base& b) { return a.name < b.name; });
  if (bases().empty()) omnisim::fuzz::finding("no *.h5 in OMNISIM_FUZZ_BASES", directory);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const Base& base = bases()[in.pick(bases().size())];
  const auto path = scratch().write("edited-" + base.name, base.bytes);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) omnisim::fuzz::finding("cannot open the base file", path.string());
  for (int edits = 0; edits < 8 && !in.empty(); ++edits)
    edit(file, in);
  H5Fclose(file);
  omnisim::fuzz::check_read(path.string(), [&] { omnisim::report_data(path); });
  return 0;
}
