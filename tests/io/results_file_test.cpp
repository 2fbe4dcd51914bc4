#include "sim/io/results_file.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/engine/run.hpp"
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
            (std::vector<std::int64_t>{1, 4}));
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
