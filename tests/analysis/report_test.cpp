// omnisim report's data (analysis/report): what the page embeds equals what
// the results file holds, read independently (tests/support/hdf5_read);
// files of another kind or a newer major schema are refused by name; the
// page inlines its library and gives its data back unchanged.

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include "analysis/report/report_data.hpp"
#include "analysis/report/report_page.hpp"
#include "analysis/statistics.hpp"
#include "sim/core/error.hpp"
#include "tests/support/hdf5_read.hpp"
#include "tests/support/shell.hpp"

namespace omnisim::report_test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

// One small compare (with the customers table) and one events file, made
// once per test process by the omnisim binary (ctest runs each test in its
// own process, two at once: each process has its own folder).
class ReportData : public ::testing::Test {
 protected:
  void SetUp() override {
    // Removed when the process exits.
    static const struct Cleanup {
      ~Cleanup() { fs::remove_all(directory()); }
    } cleanup;
    static const bool made = [] {
      const std::string binary = testing::shell_quote(OMNISIM_BINARY);
      const std::string small = " --customers 400 --replications 3 -q --force --out ";
      fs::remove_all(directory());
      fs::create_directories(directory());
      return std::system((binary + " compare --customers-table" + small +
                          testing::shell_quote((directory() / "compare.h5").string()))
                             .c_str()) == 0 &&
             std::system((binary + " events --format hdf5" + small +
                          testing::shell_quote((directory() / "events.h5").string()))
                             .c_str()) == 0;
    }();
    ASSERT_TRUE(made) << "omnisim could not make the test's files";
  }
  static fs::path directory() {
    return fs::temp_directory_path() / ("omnisim-report-test-" + std::to_string(::getpid()));
  }
};

const json& row_of(const json& rows, const std::string& strategy, const std::string& kpi) {
  for (const json& row : rows) {
    if (row["strategy"] == strategy && row["kpi"] == kpi) return row;
  }
  static const json none;
  ADD_FAILURE() << "no row for " << strategy << " " << kpi;
  return none;
}

TEST_F(ReportData, EmbedsTheFilesKpisWithTheirIntervalsAndPairedDifferences) {
  const fs::path file = directory() / "compare.h5";
  const json data = report_data(file);
  const auto values = testing::read_doubles(file, "/kpi/values");
  const auto strategies = testing::read_strings(file, "/kpi/strategy");
  const auto kpis = testing::read_strings(file, "/kpi/kpi");
  ASSERT_EQ(values.shape, (std::vector<unsigned long long>{6, 3, kpis.size()}));
  EXPECT_EQ(data["strategies"].get<std::vector<std::string>>(), strategies);
  EXPECT_EQ(data["baseline"], "multichannel");
  EXPECT_EQ(data["provenance"]["command"], "compare");
  EXPECT_EQ(data["provenance"]["customers"], 400.0);
  const auto at = [&](std::size_t s, std::size_t r, std::size_t k) {
    return values.values[(s * 3 + r) * kpis.size() + k];
  };
  const std::size_t baseline = 2;
  ASSERT_EQ(strategies[baseline], "multichannel");
  std::size_t checked = 0;
  for (std::size_t s = 0; s < strategies.size(); ++s) {
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      const std::vector<double> sample{at(s, 0, k), at(s, 1, k), at(s, 2, k)};
      if (!std::isfinite(sample[0] + sample[1] + sample[2])) continue;
      const json& row = row_of(data["summary"], strategies[s], kpis[k]);
      EXPECT_DOUBLE_EQ(row["mean"].get<double>(), (sample[0] + sample[1] + sample[2]) / 3.0)
          << strategies[s] << " " << kpis[k];
      const Interval interval = mean_interval(sample, 0.95);
      if (std::isfinite(interval.half_width)) {
        EXPECT_DOUBLE_EQ(row["half_width"].get<double>(), interval.half_width);
      }
      if (s != baseline) {
        // Over the replications where both values are finite (a KPI of a
        // channel can be undefined in one replication).
        double sum = 0.0;
        int pairs = 0;
        for (std::size_t r = 0; r < 3; ++r) {
          const double difference = at(s, r, k) - at(baseline, r, k);
          if (std::isfinite(difference)) {
            sum += difference;
            ++pairs;
          }
        }
        if (pairs > 0) {
          EXPECT_NEAR(row_of(data["differences"], strategies[s], kpis[k])["mean"].get<double>(),
                      sum / pairs, 1e-9 * (1.0 + std::abs(sum)))
              << strategies[s] << " " << kpis[k];
        }
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 5U * 60U);
  for (const std::string kpi : kHeadlineKpis) {
    EXPECT_NE(std::find(kpis.begin(), kpis.end(), kpi), kpis.end()) << kpi;
  }
}

TEST_F(ReportData, EmbedsTheTimeSeriesAndRetentionMeans) {
  const fs::path file = directory() / "compare.h5";
  const json data = report_data(file);
  const auto revenue = testing::read_doubles(file, "/timeseries/revenue_eur");
  const auto days = testing::read_doubles(file, "/timeseries/period_end_day");
  const std::size_t periods = revenue.shape[2];
  std::size_t checked = 0;
  for (const json& row : data["timeseries"]) {
    if (row["series"] != "revenue_eur" || row["strategy"] != "omnichannel") continue;
    const auto p = static_cast<std::size_t>(
        std::find(days.values.begin(), days.values.end(), row["period_end_day"].get<double>()) -
        days.values.begin());
    ASSERT_LT(p, periods);
    const std::size_t s = 5;  // omnichannel, the built-in scenario's sixth strategy
    double sum = 0.0;
    for (std::size_t r = 0; r < 3; ++r)
      sum += revenue.values[(s * 3 + r) * periods + p];
    EXPECT_DOUBLE_EQ(row["mean"].get<double>(), sum / 3.0);
    ++checked;
  }
  EXPECT_EQ(checked, periods);
  const auto alive = testing::read_doubles(file, "/retention/alive_share");
  const json& first = data["retention"][0];
  EXPECT_EQ(first["strategy"], "mono_store");
  EXPECT_DOUBLE_EQ(
      first["mean"].get<double>(),
      (alive.values[0] + alive.values[alive.shape[2]] + alive.values[2 * alive.shape[2]]) / 3.0);
}

TEST_F(ReportData, WhaleCurveRanksEveryCustomerOnce) {
  const fs::path file = directory() / "compare.h5";
  const json data = report_data(file);
  const auto customers = testing::read_customers(file);
  double total = 0.0, best = -1e300;
  std::size_t count = 0;
  for (const auto& customer : customers) {
    if (customer.strategy != 5 || customer.acquisition >= 2) continue;  // omnichannel, acquired
    total += customer.clv_eur;
    best = std::max(best, customer.clv_eur);
    ++count;
  }
  ASSERT_GT(count, 100U);
  std::vector<json> curve;
  for (const json& row : data["whale"]) {
    if (row["strategy"] == "omnichannel") curve.push_back(row);
  }
  ASSERT_EQ(curve.size(), 101U);
  EXPECT_EQ(curve.front()["profit_share"].get<double>(), 0.0);
  EXPECT_NEAR(curve.back()["profit_share"].get<double>(), 1.0, 1e-12);
  // The first point past 0 holds the top 1 % of customers, the best first.
  EXPECT_GE(curve[1]["profit_share"].get<double>() * total, best - 1e-9 * std::abs(best));
}

TEST_F(ReportData, RefusesAnotherKindOfFileByName) {
  try {
    report_data(directory() / "events.h5");
    FAIL() << "an events file was accepted";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("events.h5: an omnisim-events file"));
    EXPECT_THAT(error.what(),
                HasSubstr("results files of run, compare, facts, explain, sweep and fit"));
  }
  const fs::path text = directory() / "not.h5";
  std::ofstream(text) << "a text file\n";
  EXPECT_THROW(report_data(text), InputError);  // bad input, not an I/O failure: exit 2
}

TEST_F(ReportData, RefusesANewerMajorSchema) {
  const fs::path newer = directory() / "newer.h5";
  fs::copy_file(directory() / "compare.h5", newer, fs::copy_options::overwrite_existing);
  {
    const hid_t h5 = H5Fopen(newer.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(h5, 0);
    const hid_t attribute = H5Aopen(h5, "schema_version", H5P_DEFAULT);
    const std::int64_t version[2] = {2, 0};
    ASSERT_GE(H5Awrite(attribute, H5T_NATIVE_INT64, version), 0);
    H5Aclose(attribute);
    H5Fclose(h5);
  }
  try {
    report_data(newer);
    FAIL() << "a schema 2.0 file was accepted";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(),
                HasSubstr("newer.h5: results schema 2.0; this omnisim reads schema 1.x"));
  }
}

// Hardening, second round: a results file whose datasets disagree with its
// own counts was once read past its buffers ("vector::_M_range_check", or a
// crash); now it is an InputError naming the file and the dataset.
TEST_F(ReportData, RefusesDatasetsThatDisagreeWithTheFilesCounts) {
  const auto corrupted = [&](const char* name, const std::function<void(hid_t)>& change) {
    const fs::path path = directory() / name;
    fs::copy_file(directory() / "compare.h5", path, fs::copy_options::overwrite_existing);
    const hid_t h5 = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    EXPECT_GE(h5, 0);
    change(h5);
    H5Fclose(h5);
    try {
      report_data(path);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("(read without error)");
  };
  const std::string units = corrupted("units.h5", [](hid_t h5) {
    H5Ldelete(h5, "/kpi/unit", H5P_DEFAULT);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    const hsize_t one = 1;
    const hid_t space = H5Screate_simple(1, &one, nullptr);
    const hid_t set =
        H5Dcreate2(h5, "/kpi/unit", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const char* unit[] = {"EUR"};
    H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, unit);
    H5Dclose(set);
    H5Sclose(space);
    H5Tclose(type);
  });
  EXPECT_THAT(units, HasSubstr("units.h5: /kpi/unit has 1 entries for "));
  const std::string values = corrupted("values.h5", [](hid_t h5) {
    H5Ldelete(h5, "/kpi/values", H5P_DEFAULT);
    const hsize_t shape[2] = {6, 3};
    const std::vector<double> zeros(18, 0.0);
    const hid_t space = H5Screate_simple(2, shape, nullptr);
    const hid_t set = H5Dcreate2(h5, "/kpi/values", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT,
                                 H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data());
    H5Dclose(set);
    H5Sclose(space);
  });
  EXPECT_THAT(values, HasSubstr("values.h5: /kpi/values has shape [6, 3], expected [6 strategies, "
                                "replications, "));
}

TEST_F(ReportData, ThePageInlinesItsLibraryAndGivesTheDataBack) {
  const json data = report_data(directory() / "compare.h5");
  const std::string page = report_html(data);
  for (const char* needle :
       {"vegaEmbed=", "vega-lite", "Interactive Data Lab",
        "==== vega-embed 7.0.2 ====", "<script type=\"application/json\" id=\"omnisim-data\">"}) {
    EXPECT_THAT(page, HasSubstr(needle));
  }
  EXPECT_EQ(page.find("<!-- OMNISIM:"), std::string::npos) << "a placeholder was left";
  EXPECT_EQ(page.find("src=\"http"), std::string::npos) << "the page loads nothing";
  const std::string open = "id=\"omnisim-data\">";
  const std::size_t from = page.find(open) + open.size();
  const std::string embedded = page.substr(from, page.find("</script>", from) - from);
  EXPECT_EQ(json::parse(embedded),
            json::parse(data.dump(-1, ' ', false, json::error_handler_t::replace)));
}

}  // namespace
}  // namespace omnisim::report_test
