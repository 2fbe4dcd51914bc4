// The sweep file's reader (sim/io/sweep_file.hpp) checks every count against
// the file's own before it indexes anything: a /design/value shorter than
// the points, a kpi_units attribute shorter than the KPIs or an index out of
// range in /runs is an InputError naming the file and what is wrong -- not
// a read past the buffer (hardening, second round).

#include "sim/io/sweep_file.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include "sim/core/error.hpp"

namespace omnisim::sweep_file_test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class SweepFileReader : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ =
        fs::temp_directory_path() / ("omnisim-sweep-file-" + std::to_string(::getpid()) + ".h5");
    SweepLayout layout;
    layout.sweep_text = "a test sweep";
    layout.scenario_text = "";
    layout.design = "grid";
    layout.strategies = {"a", "b"};
    layout.kpis = {"y", "z"};
    layout.kpi_units = {"EUR", "share"};
    layout.parameters = {"x1", "x2"};
    layout.points = 3;
    layout.unit = {0.0, 0.0, 0.5, 0.5, 1.0, 1.0};
    layout.value = layout.unit;
    write_sweep_file(path_, true, layout, {0, 1, 2}, [](std::size_t point) {
      return std::vector<double>{static_cast<double>(point), 2.0, 3.0,
                                 4.0};  // 2 strategies x 1 replication x 2 KPIs
    });
  }
  void TearDown() override { fs::remove(path_); }

  // Replaces dataset `name` by a 1-D one of `values`.
  void replace_dataset(const char* name, const std::vector<double>& values) const {
    const hid_t file = H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    ASSERT_GE(H5Ldelete(file, name, H5P_DEFAULT), 0);
    const hsize_t size = values.size();
    const hid_t space = H5Screate_simple(1, &size, nullptr);
    const hid_t set =
        H5Dcreate2(file, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
    H5Dclose(set);
    H5Sclose(space);
    H5Fclose(file);
  }

  // Replaces the root's string-array attribute `name` by `values`.
  void replace_strings(const char* name, const std::vector<const char*>& values) const {
    const hid_t file = H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    const hid_t root = H5Gopen2(file, "/", H5P_DEFAULT);
    ASSERT_GE(H5Adelete(root, name), 0);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    const hsize_t size = values.size();
    const hid_t space = H5Screate_simple(1, &size, nullptr);
    const hid_t attribute = H5Acreate2(root, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(H5Awrite(attribute, type, values.data()), 0);
    H5Aclose(attribute);
    H5Sclose(space);
    H5Tclose(type);
    H5Gclose(root);
    H5Fclose(file);
  }

  std::string error_reading() const {
    try {
      read_sweep_file(path_);
    } catch (const InputError& error) {
      return error.what();
    }
    return "(read without error)";
  }

  fs::path path_;
};

TEST_F(SweepFileReader, ReadsTheFileItWrote) {
  const SweepData data = read_sweep_file(path_);
  EXPECT_EQ(data.points_done, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(data.values[2], (std::vector<double>{2.0, 2.0, 3.0, 4.0}));
}

TEST_F(SweepFileReader, RefusesADesignShorterThanItsPoints) {
  replace_dataset("/design/value", {0.0, 0.0});
  const std::string error = error_reading();
  EXPECT_THAT(error, HasSubstr(path_.string() + ": /design/value holds 2 values, not one per "
                                                "point and parameter (6)"));
}

// The results fuzzer's finding: a design coordinate of infinity (or NaN)
// once reached the report's binning, a conversion out of range (UBSan).
TEST_F(SweepFileReader, RefusesADesignOutsideTheUnitCubeOrNotFinite) {
  const double infinity = std::numeric_limits<double>::infinity();
  replace_dataset("/design/unit", {0.0, 0.0, 0.5, infinity, 1.0, 1.0});
  EXPECT_THAT(error_reading(), HasSubstr(": /design holds inf (0.500000) for point 1; a design "
                                         "lies in [0, 1] with finite values"));
  replace_dataset("/design/unit", {0.0, 0.0, 0.5, 0.5, 1.0, 1.0});
  replace_dataset("/design/value", {0.0, 0.0, 0.5, std::nan(""), 1.0, 1.0});
  EXPECT_THAT(error_reading(),
              HasSubstr("for point 1; a design lies in [0, 1] with finite values"));
}

TEST_F(SweepFileReader, RefusesFewerKpiUnitsThanKpis) {
  replace_strings("kpi_units", {"EUR"});
  EXPECT_THAT(error_reading(), HasSubstr("the kpi_units attribute has 1 entries for 2 KPIs"));
}

}  // namespace
}  // namespace omnisim::sweep_file_test
