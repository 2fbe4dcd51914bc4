#pragma once
// Reading an HDF5 file omnisim wrote (omnisim report): attributes, numeric
// datasets with their shape, string datasets, and numeric fields of compound
// tables. A file that is not HDF5, or lacks or mis-shapes what is asked,
// throws InputError naming the file and the object (bad input: exit 2);
// only a file the system cannot read throws IoError.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/io/hdf5.hpp"

namespace omnisim::h5 {

struct Doubles {
  std::vector<double> values;  // row-major
  std::vector<std::size_t> shape;
};

class Reader {
 public:
  explicit Reader(const std::filesystem::path& path);
  const std::filesystem::path& path() const { return path_; }

  // Whether a group or dataset exists ("/kpi/values").
  bool has(const std::string& object) const;
  // Whether `object` ("/" or a dataset) carries the attribute.
  bool has_attribute(const std::string& object, const std::string& name) const;
  // A string attribute, or the strings of a string-array attribute.
  std::vector<std::string> strings_attribute(const std::string& object,
                                             const std::string& name) const;
  std::string string_attribute(const std::string& object, const std::string& name) const;
  // A numeric attribute (scalar or array), converted to double.
  std::vector<double> numbers_attribute(const std::string& object, const std::string& name) const;
  // A scalar integer attribute, exactly (a 64-bit seed does not survive a double).
  std::int64_t integer_attribute(const std::string& object, const std::string& name) const;

  Doubles doubles(const std::string& dataset) const;
  std::vector<std::string> strings(const std::string& dataset) const;
  // One numeric field of a 1-D compound dataset, converted to double.
  std::vector<double> field(const std::string& dataset, const std::string& name) const;

 private:
  Handle attribute(const std::string& object, const std::string& name,
                   const std::string& what) const;
  std::filesystem::path path_;
  Handle file_;
};

}  // namespace omnisim::h5
