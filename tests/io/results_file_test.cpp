#include "sim/io/results_file.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "tests/support/hdf5_read.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim {
namespace {

namespace fs = std::filesystem;

class ResultsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        fs::temp_directory_path() /
        ("omnisim-io-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::size_t files_in_directory() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(directory_), fs::directory_iterator()));
  }

  fs::path directory_;
  const Model model_ =
      testing::builtin_model({"simulation.customers=500", "simulation.replications=2"});
};

TEST_F(ResultsFileTest, WritesTheSchemaAndRenamesIntoPlace) {
  const fs::path target = directory_ / "out.h5";
  const ExperimentResults results =
      testing::run_strategies(model_, {"multichannel", "omnichannel"});
  {
    ResultsFile file(target, false, model_, OutputMetadata{"compare", 2}, false);
    EXPECT_FALSE(fs::exists(target));  // only the temporary file exists until commit
    file.write_results(results);
    file.commit();
  }
  ASSERT_TRUE(fs::exists(target));
  EXPECT_EQ(files_in_directory(), 1u);
  EXPECT_EQ(testing::read_string_attribute(target, "file_type"), "omnisim-results");
  EXPECT_EQ(testing::read_int_attribute(target, "schema_version"),
            (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(testing::read_string_attribute(target, "command"), "compare");
  EXPECT_NE(testing::read_string_attribute(target, "scenario").find("[strategies.omnichannel]"),
            std::string::npos);
  const auto kpi = testing::read_doubles(target, "/kpi/values");
  EXPECT_EQ(kpi.shape, (std::vector<unsigned long long>{2, 2, results.kpis.size()}));
  EXPECT_EQ(kpi.values[0], results.kpi_values[0][0][0]);
  const auto revenue = testing::read_doubles(target, "/timeseries/revenue_eur");
  EXPECT_EQ(revenue.shape, (std::vector<unsigned long long>{
                               2, 2, static_cast<unsigned long long>(model_.time.n_periods)}));
}

TEST_F(ResultsFileTest, RefusesToOverwriteWithoutForce) {
  const fs::path target = directory_ / "out.h5";
  std::ofstream(target) << "precious";
  EXPECT_THROW(ResultsFile(target, false, model_, OutputMetadata{"run", 1}, false), InputError);
  {
    ResultsFile file(target, true, model_, OutputMetadata{"run", 1}, false);
    file.commit();
  }
  EXPECT_EQ(testing::read_string_attribute(target, "command"), "run");
}

TEST_F(ResultsFileTest, AbandonedFileLeavesNothingBehind) {
  const fs::path target = directory_ / "out.h5";
  {
    ResultsFile file(target, false, model_, OutputMetadata{"run", 1}, true);
    // destroyed without commit, as when a run throws
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(files_in_directory(), 0u);
}

TEST_F(ResultsFileTest, MissingDirectoryIsAnInputError) {
  EXPECT_THROW(ResultsFile(directory_ / "no" / "such" / "out.h5", false, model_,
                           OutputMetadata{"run", 1}, false),
               InputError);
}

}  // namespace
}  // namespace omnisim
