#include "sim/io/results_file.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <hdf5.h>

#include "sim/core/error.hpp"
#include "sim/engine/run.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "tests/support/hdf5_read.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::results_file_test {
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
            (std::vector<std::int64_t>{1, 5}));
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

// Passes rows to the file and keeps them, to compare with what it reads back.
class KeptRows : public CustomerRowSink {
 public:
  explicit KeptRows(ResultsFile& file) : file_(file) {}
  void write(int strategy, int replication, std::span<const CustomerRow> rows) override {
    file_.write(strategy, replication, rows);
    rows_.insert(rows_.end(), rows.begin(), rows.end());
  }
  ResultsFile& file_;
  std::vector<CustomerRow> rows_;
};

bool same_day(double a, double b) {
  return std::isnan(a) ? std::isnan(b) : a == b;
}

TEST_F(ResultsFileTest, CustomersTableHasTheFirstAndLastPurchaseDays) {
  for (const char* lifetime : {"pareto_nbd", "bg_nbd"}) {
    SCOPED_TRACE(lifetime);
    // No switching to the competitor: BG/NBD customers then leave only
    // right after a purchase, which the rows must show.
    const Model model = testing::builtin_model({"simulation.customers=3000",
                                                std::string("lifetime.model=") + lifetime,
                                                "mechanisms.competition.switch_probability=0"});
    const fs::path target = directory_ / (std::string(lifetime) + ".h5");
    std::vector<CustomerRow> rows;
    {
      ResultsFile file(target, false, model, OutputMetadata{"run", 1}, true);
      KeptRows kept(file);
      RunRequest request;
      request.strategy = model.strategy_index("omnichannel");
      request.customer_rows = &kept;
      run_simulation(model, request);
      file.commit();
      rows = std::move(kept.rows_);
    }
    const auto stored = testing::read_customers(target);
    ASSERT_EQ(stored.size(), rows.size());
    std::size_t dropped_buyers = 0;
    // ASSERT: the first row that disagrees is enough to read.
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& row = stored[i];
      ASSERT_EQ(row.id, rows[i].id);
      ASSERT_TRUE(same_day(row.first_purchase_day, rows[i].first_purchase_day)) << row.id;
      ASSERT_TRUE(same_day(row.last_purchase_day, rows[i].last_purchase_day)) << row.id;
      ASSERT_EQ(row.orders == 0, std::isnan(row.first_purchase_day)) << row.id;
      ASSERT_EQ(row.orders == 0, std::isnan(row.last_purchase_day)) << row.id;
      if (row.orders == 0) continue;
      ASSERT_LE(row.first_purchase_day, row.last_purchase_day) << row.id;
      ASSERT_LE(row.last_purchase_day, model.time.horizon_days) << row.id;
      if (std::isnan(row.dropout_day)) continue;
      ++dropped_buyers;
      // Purchase days are kept as floats; rounding is monotone, so the
      // dropout day rounded the same way is never earlier.
      const auto dropout = static_cast<double>(static_cast<float>(row.dropout_day));
      ASSERT_LE(row.last_purchase_day, dropout) << row.id;
      // BG/NBD customers leave right after a purchase.
      if (std::string(lifetime) == "bg_nbd") {
        ASSERT_EQ(row.last_purchase_day, dropout) << row.id;
      }
    }
    EXPECT_GT(dropped_buyers, 100u);
  }
}

// Hardening, second round: one flipped byte in a sweep file's global heap
// (where variable-length strings live) crashed libhdf5 1.10 inside
// `summarize`. Strings are now fixed-length -- no heap, in the file's
// datasets or its attributes -- and every non-empty dataset carries a
// Fletcher-32 checksum, so a flipped byte in the data is refused (an
// InputError naming the file and the dataset), not read as another number.
TEST_F(ResultsFileTest, StringsAreFixedLengthAndAFlippedDataByteIsRefused) {
  const fs::path target = directory_ / "out.h5";
  {
    ResultsFile file(target, false, model_, OutputMetadata{"compare", 2}, true);
    file.write_results(testing::run_strategies(model_, {"multichannel", "omnichannel"}));
    file.commit();
  }
  // No variable-length string anywhere.
  const hid_t h5 = H5Fopen(target.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(h5, 0);
  struct Visit {
    std::vector<std::string> variable;
  } visit;
  const auto attributes = [](hid_t object, const char* name, const H5A_info_t*, void* data) {
    const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    const hid_t type = H5Aget_type(attribute);
    if (H5Tis_variable_str(type) > 0) static_cast<Visit*>(data)->variable.emplace_back(name);
    H5Tclose(type);
    H5Aclose(attribute);
    return herr_t{0};
  };
  H5Aiterate2(h5, H5_INDEX_NAME, H5_ITER_INC, nullptr, attributes, &visit);
  for (const char* dataset : {"/kpi/kpi", "/kpi/strategy", "/kpi/unit"}) {
    const hid_t data = H5Dopen2(h5, dataset, H5P_DEFAULT);
    const hid_t type = H5Dget_type(data);
    if (H5Tis_variable_str(type) != 0) visit.variable.emplace_back(dataset);
    H5Tclose(type);
    H5Dclose(data);
  }
  EXPECT_TRUE(visit.variable.empty()) << "variable-length: " << visit.variable.front();
  // Where /kpi/values' one chunk lies in the file.
  const hid_t data = H5Dopen2(h5, "/kpi/values", H5P_DEFAULT);
  const hsize_t origin[3] = {0, 0, 0};
  unsigned filter_mask = 0;
  haddr_t address = 0;
  hsize_t size = 0;
  ASSERT_GE(H5Dget_chunk_info_by_coord(data, origin, &filter_mask, &address, &size), 0)
      << "/kpi/values is chunked";
  H5Dclose(data);
  H5Fclose(h5);
  {
    std::fstream file(target, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(address + 8));
    const char byte = static_cast<char>(file.get() ^ 0x10);
    file.seekp(static_cast<std::streamoff>(address + 8));
    file.put(byte);
  }
  try {
    h5::Reader(target).doubles("/kpi/values");
    FAIL() << "read a dataset with a flipped byte";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("/kpi/values in " + target.string()),
              std::string::npos)
        << error.what();
  }
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
}  // namespace omnisim::results_file_test
