// End to end: omnisim fit on the CDNOW sample (tests/data/cdnow) and on a
// log written as omnisim events writes it, and its input errors.

#include <cmath>

#include "sim/io/hdf5_reader.hpp"
#include "tests/support/cli_fixture.hpp"

namespace omnisim::fit_cli_test {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

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
            "customer,x,t_x,T,mean_repeat_spend,holdout_x,p_alive_bgnbd,expected_purchases_bgnbd,"
            "clv_bgnbd,p_alive_mbgnbd,expected_purchases_mbgnbd,clv_mbgnbd,p_alive_pnbd,"
            "expected_purchases_pnbd,clv_pnbd,expected_spend");
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
  for (const char* model : {"bgnbd", "mbgnbd", "pnbd"}) {
    EXPECT_EQ(file.doubles(std::string("/predictions/p_alive_") + model).values.size(), 2357u);
    EXPECT_EQ(file.doubles(std::string("/predictions/clv_") + model).values.size(), 2357u);
    // No holdout: the tracking curve runs 52 weeks past calibration, with
    // no actual values there.
    EXPECT_EQ(file.doubles(std::string("/tracking/expected_") + model).values.size(), 39u + 52u);
  }
  EXPECT_TRUE(std::isnan(file.doubles("/tracking/actual").values.back()));
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

// The README's pandas snippet for a fit file, run as written.
TEST_F(Cli, FitReadmePandasSnippetLoadsTheTrackingCurveAndThePredictions) {
  const std::string readme = testing::read_text(fs::path(OMNISIM_SOURCE_DIR) / "README.md");
  const auto at = readme.find("<!-- tested: pandas-fit -->");
  ASSERT_NE(at, std::string::npos) << "README lost its tested fit snippet";
  const auto begin = readme.find("```python\n", at);
  const auto end = readme.find("```", begin + 10);
  ASSERT_NE(begin, std::string::npos);
  write("snippet.py", readme.substr(begin + 10, end - begin - 10) +
                          "\nprint(tracking.shape, customers.shape, customers.customer[0])\n");
  ASSERT_EQ(omnisim(fit({"--calibration-end", "19970930", "--holdout-end", "19980630",
                         "--predictions", "cdnow-fit.h5"}))
                .exit_code,
            0);
  const Outcome outcome =
      shell("cd " + testing::shell_quote(directory_.string()) + " && /usr/bin/python3 snippet.py");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  // 78 weeks x (unit, actual, 3 models); 2,357 customers x (id, summary 5,
  // 3 x 3 predictions, expected spend).
  EXPECT_THAT(outcome.out, HasSubstr("(78, 5) (2357, 16) 0001"));
}

const std::string kMaster = std::string(OMNISIM_SOURCE_DIR) + "/tests/data/cdnow/CDNOW_master.txt";

// The whole cohort as published: a header line in a whitespace file, and a
// customer (10244) whose only repeat purchase cost $0.00.
TEST_F(Cli, FitTheFullCdnowCohortNamesTheZeroSpendCustomerAndPredictsWithEveryModel) {
  const Outcome outcome =
      omnisim({"fit", kMaster, "--no-header", "--customer", "1", "--date", "2", "--amount", "4",
               "--date-format", "yyyymmdd", "--calibration-end", "19970930", "--holdout-end",
               "19980630", "--predictions", "master.h5"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err << outcome.out;
  EXPECT_THAT(outcome.out, HasSubstr("69659 transactions, 23570 customers in the cohort"));
  for (const char* model :
       {"bg/nbd (23570", "mbg/nbd (23570", "pareto/nbd (23570", "gamma-gamma (9450"}) {
    EXPECT_THAT(outcome.out, HasSubstr(model));
  }
  EXPECT_THAT(outcome.out, HasSubstr("1 customer whose repeat purchases spent 0 left out"));
  EXPECT_THAT(outcome.out, HasSubstr(": 10244"));
  EXPECT_THAT(outcome.out, ::testing::Not(HasSubstr("NOT IDENTIFIED")));
  const h5::Reader file(directory_ / "master.h5");
  EXPECT_EQ(file.strings("/predictions/customer").size(), 23570u);
  const auto actual = file.doubles("/tracking/actual").values;
  ASSERT_EQ(actual.size(), 78u);
  EXPECT_EQ(actual[38], 24337.0);  // every repeat purchase of calibration
  EXPECT_EQ(file.strings("/holdout_by_frequency/frequency").back(), "7+");
  EXPECT_EQ(file.doubles("/holdout_by_frequency/expected_pnbd").values.size(), 8u);
}

TEST_F(Cli, FitReadsWhatUsersHaveAndRefusesWhatIsWrongNamingLineAndColumn) {
  // A byte-order mark before the header, a customer id with a comma.
  write("bom.csv",
        "\xEF\xBB\xBF"
        "customer_id,day,amount_eur\n\"a,1\",0,10\n\"a,1\",8,12\nb,1,5\nb,20,6\n"
        "c,3,5\n");
  const Outcome bom = omnisim({"fit", "bom.csv", "--calibration-end", "30", "--time-unit", "days",
                               "--models", "bgnbd", "--predictions", "p.csv"});
  ASSERT_EQ(bom.exit_code, 0) << bom.err;
  EXPECT_THAT(bom.out, ::testing::Not(HasSubstr("mbg/nbd")));
  EXPECT_THAT(testing::read_text(directory_ / "p.csv"), HasSubstr("\n\"a,1\",1,8,30,12,"));

  write("negative.csv", "customer_id,day,amount_eur\n1,0,10\n1,3,-4\n");
  const Outcome negative = omnisim({"fit", "negative.csv", "--calibration-end", "30"});
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_THAT(negative.err, HasSubstr("negative.csv:3: --amount column: -4 is negative"));

  const Outcome zero = omnisim({"fit", "/dev/zero", "--calibration-end", "30"});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_THAT(zero.err, HasSubstr("a line longer than 1 MiB"));

  for (const auto& [option, value] : {std::pair{"--horizon", "inf"},
                                      {"--horizon", "nan"},
                                      {"--discount-rate-per-year", "nan"},
                                      {"--discount-rate-per-year", "-50"}}) {
    const Outcome bad = omnisim({"fit", "bom.csv", "--calibration-end", "30", option, value});
    EXPECT_EQ(bad.exit_code, 2) << option << ' ' << value;
    EXPECT_THAT(bad.err, HasSubstr(option)) << value;
  }
  const Outcome models = omnisim({"fit", "bom.csv", "--calibration-end", "30", "--models", "bg"});
  EXPECT_EQ(models.exit_code, 2);
  EXPECT_THAT(models.err, HasSubstr("--models: expected"));

  // Every customer bought once, at the end of calibration: nothing to fit.
  write("degenerate.csv", "customer_id,day,amount_eur\n1,30,10\n2,30,12\n3,30,5\n");
  const Outcome degenerate = omnisim({"fit", "degenerate.csv", "--calibration-end", "30"});
  EXPECT_NE(degenerate.exit_code, 0);
  EXPECT_THAT(degenerate.out, HasSubstr("bgnbd: not fitted: bg/nbd: degenerate data: no customer "
                                        "was observed for any time"));
}

TEST_F(Cli, FitOpportunitiesWritesBgBbPredictions) {
  const Outcome outcome =
      omnisim({"fit", std::string(OMNISIM_SOURCE_DIR) + "/tests/data/donations/donations.csv",
               "--opportunities", "--horizon", "5", "--predictions", "bgbb.h5"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const h5::Reader file(directory_ / "bgbb.h5");
  const auto alive = file.doubles("/predictions/p_alive_bgbb").values;
  ASSERT_EQ(alive.size(), 22u);
  for (const double p : alive) {
    EXPECT_GT(p, 0.0);
    EXPECT_LE(p, 1.0);
  }
  EXPECT_EQ(file.doubles("/predictions/expected_purchases_bgbb").values.size(), 22u);
}

#ifndef OMNISIM_SLOW_BUILD
// 100,000 simulated customers: BG/NBD's a and b move together along a
// ridge (the data pin a / (a + b), not a and b), which the fit must say.
TEST_F(Cli, FitFlagsTheBgNbdRidgeOfASimulatedCohort) {
  const Outcome events =
      omnisim({"events", "--export", "transactions", "--customers", "100000", "--replications", "1",
               "--order", "customer", "-o", "tx.csv", "-q"});
  ASSERT_EQ(events.exit_code, 0) << events.err;
  const Outcome outcome =
      omnisim({"fit", "tx.csv", "--calibration-end", "2027-06-30", "--models", "bgnbd,mbgnbd"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const std::string bg = outcome.out.substr(0, outcome.out.find("mbg/nbd"));
  // Named as a ridge (the likelihood barely moves along it) or, where the
  // fit ran to the edge of the search, as singular information along it.
  EXPECT_THAT(bg, ::testing::ContainsRegex("NOT IDENTIFIED: (ridge: moving the parameters by a "
                                           "factor e\\^2 = 7.4|the observed information is "
                                           "singular) along \\(a up, b up\\)"));
  const std::string mbg = outcome.out.substr(outcome.out.find("mbg/nbd"));
  EXPECT_THAT(mbg, ::testing::Not(HasSubstr("NOT IDENTIFIED")));
}
#endif

}  // namespace
}  // namespace omnisim::fit_cli_test
