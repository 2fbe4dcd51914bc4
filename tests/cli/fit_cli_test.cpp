// End to end: omnisim fit on the CDNOW sample (tests/data/cdnow) and on a
// log written as omnisim events writes it, and its input errors.

#include "sim/io/hdf5_reader.hpp"
#include "tests/support/cli_fixture.hpp"

namespace omnisim::fit_cli_test {
namespace {

using ::testing::HasSubstr;

const std::string kCdnow = std::string(OMNISIM_SOURCE_DIR) + "/tests/data/cdnow/CDNOW_sample.txt";
const std::vector<std::string> kCdnowColumns{
    "--no-header", "--customer", "2", "--date", "3", "--amount", "5", "--date-format", "yyyymmdd"};

std::vector<std::string> fit(std::vector<std::string> more) {
  std::vector<std::string> args{"fit", kCdnow};
  args.insert(args.end(), kCdnowColumns.begin(), kCdnowColumns.end());
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_F(Cli, FitPrintsThePublishedCdnowParametersAndWritesPredictions) {
  const Outcome outcome = omnisim(fit({"--calibration-end", "19970930", "--holdout-end", "19980630",
                                       "--predictions", "predictions.csv"}));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out,
              HasSubstr("6919 transactions, 2357 customers in the cohort, 2457 repeat"));
  EXPECT_THAT(outcome.out, HasSubstr("bg/nbd (2357 customers): log-likelihood -9582.4"));
  EXPECT_THAT(outcome.out, ::testing::Not(HasSubstr("NOT IDENTIFIED")));
  EXPECT_THAT(outcome.out, HasSubstr("gamma-gamma (946 customers): log-likelihood -4055.9"));
  const std::string predictions = testing::read_text(directory_ / "predictions.csv");
  EXPECT_EQ(predictions.substr(0, predictions.find('\n')),
            "customer,x,t_x,T,mean_repeat_spend,holdout_x,p_alive,expected_purchases,"
            "expected_spend,clv");
  EXPECT_EQ(std::count(predictions.begin(), predictions.end(), '\n'), 2358);
}

TEST_F(Cli, FitReadsAnEventsLogAndNamesBadInput) {
  write("events.csv",
        "customer_id,type,day,amount_eur\n"
        "1,acquisition,0,0\n1,purchase,0.5,20\n1,purchase,10.2,30\n1,purchase,10.7,5\n"
        "2,purchase,3,15\n2,purchase,40,25\n3,purchase,7,10\n4,need,8,0\n");
  const Outcome outcome = omnisim({"fit", "events.csv", "--calibration-end", "60", "--time-unit",
                                   "days", "--predictions", "p.csv"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  // Customer 1: purchases on days 0, 10 (two merged) -> x = 1; 2: x = 1; 3: x = 0.
  EXPECT_THAT(outcome.out, HasSubstr("6 transactions, 3 customers in the cohort, 2 repeat"));
  // Three customers identify nothing, and the output says so.
  EXPECT_THAT(outcome.out, HasSubstr("NOT IDENTIFIED"));
  EXPECT_THAT(testing::read_text(directory_ / "p.csv"), HasSubstr("\n1,1,10,60,35,0,"));

  // The transactions export: ISO dates, a customer per strategy and replication.
  write("tx.csv",
        "customer_id,date,amount_eur,strategy,replication\n"
        "1,2026-01-01,20,omni,0\n1,2026-01-11,30,omni,0\n1,2026-01-02,9,multi,0\n"
        "2,2026-01-04,15,omni,0\n2,2026-02-10,25,omni,0\n3,2026-01-08,10,omni,0\n");
  const Outcome export_fit = omnisim({"fit", "tx.csv", "--calibration-end", "2026-03-01"});
  ASSERT_EQ(export_fit.exit_code, 0) << export_fit.err;
  EXPECT_THAT(export_fit.out, HasSubstr("6 transactions, 4 customers in the cohort, 2 repeat"));

  write("bad.csv", "customer_id,type,day,amount_eur\n1,purchase,0.5,20\n1,purchase,soon,30\n");
  const Outcome bad = omnisim({"fit", "bad.csv", "--calibration-end", "60"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.csv:3: --date column: \"soon\" is not a number of days"));
  const Outcome column = omnisim({"fit", "bad.csv", "--calibration-end", "60", "--amount", "eur"});
  EXPECT_EQ(column.exit_code, 2);
  EXPECT_THAT(column.err, HasSubstr("bad.csv:1: --amount: no column \"eur\" in the header"));
  const Outcome date = omnisim(fit({"--calibration-end", "1997-09-30"}));
  EXPECT_EQ(date.exit_code, 2);
  EXPECT_THAT(date.err, HasSubstr("--calibration-end: \"1997-09-30\" is not a date YYYYMMDD"));
}

TEST_F(Cli, FitWritesPredictionsAndEveryModelsParametersToHdf5) {
  const Outcome outcome =
      omnisim(fit({"--calibration-end", "19970930", "--predictions", "fit.h5"}));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const h5::Reader file(directory_ / "fit.h5");
  EXPECT_EQ(file.string_attribute("/", "file_type"), "omnisim-fit");
  EXPECT_EQ(file.strings("/predictions/customer").size(), 2357u);
  EXPECT_EQ(file.doubles("/predictions/p_alive").values.size(), 2357u);
  const auto models = file.strings("/fits/model");
  const auto parameters = file.strings("/fits/parameter");
  const auto values = file.doubles("/fits/value").values;
  ASSERT_EQ(models.size(), 4u + 4u + 4u + 3u);  // BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma
  EXPECT_EQ(models.front(), "bg/nbd");
  EXPECT_EQ(parameters.front(), "r");
  EXPECT_NEAR(values.front(), 0.243, 0.0005);
  EXPECT_EQ(models.back(), "gamma-gamma");
}

TEST_F(Cli, FitOpportunitiesFitsBgBbToTheDonationsTableAndNamesBadRows) {
  const Outcome outcome =
      omnisim({"fit", std::string(OMNISIM_SOURCE_DIR) + "/tests/data/donations/donations.csv",
               "--opportunities"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("22 rows, 11104 customers"));
  EXPECT_THAT(outcome.out, HasSubstr("bg/bb (11104 customers): log-likelihood -33225.58"));
  write("bad.csv", "frequency,recency,periods\n1,1,6\n3,2,6\n");
  const Outcome bad = omnisim({"fit", "bad.csv", "--opportunities"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("bad.csv:3: expected 0 <= frequency <= recency <= periods"));
}

}  // namespace
}  // namespace omnisim::fit_cli_test
