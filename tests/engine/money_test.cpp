// docs/model.md §7 and §3.5: money conventions. The day-0 base was acquired
// before the horizon, so its acquisition cost is sunk and charged apart; a
// return is refunded whether or not service resolves it, so poor service
// never raises revenue.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/statistics.hpp"
#include "sim/engine/run.hpp"
#include "tests/support/row_collector.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::money_test {
namespace {

using testing::builtin_model;
using testing::concat;

const std::vector<std::string> kSmall{"simulation.customers=6000", "simulation.replications=1"};

TEST(Money, TheDayZeroBaseCarriesNoAcquisitionCost) {
  const Model model = builtin_model(concat(kSmall, {"acquisition.initial_share=0.5"}));
  testing::RowCollector rows;
  RunRequest request;
  request.strategy = model.strategy_index("omnichannel");
  request.customer_rows = &rows;
  const RunResult result = run_simulation(model, request);
  std::size_t base = 0, later = 0;
  double cac_paid = 0.0;
  for (const CustomerRow& row : rows.all) {
    if (row.acquisition >= 2) continue;  // never a customer
    const double cac = row.clv_eur - row.clv_net_eur;
    if (row.acquisition == 0 && row.acquisition_day == 0.0) {
      ++base;
      EXPECT_EQ(row.clv_net_eur, row.clv_eur) << "customer " << row.id;
      EXPECT_GT(row.sunk_cac_eur, 0.0) << "customer " << row.id;
    } else {
      ++later;
      EXPECT_GT(cac, 0.0) << "customer " << row.id;
      EXPECT_EQ(row.sunk_cac_eur, 0.0) << "customer " << row.id;
      cac_paid += cac;
    }
  }
  ASSERT_GT(base, 1000u);
  ASSERT_GT(later, 1000u);
  // What the run paid for acquisitions is the later customers' CAC, to the cent.
  EXPECT_NEAR(result.totals[Sum::kAcquisitionCost], cac_paid, 1e-6 * cac_paid);
  const ExperimentResults results = testing::run_strategies(model, {"omnichannel"});
  const double net = results.kpi_values[0][0][testing::kpi_index(results, "clv_net_eur")];
  const double with_base =
      results.kpi_values[0][0][testing::kpi_index(results, "clv_net_incl_base_cac_eur")];
  EXPECT_LT(with_base, net - 10.0) << "the base's CAC, charged apart, is some 30 EUR a head";
}

// Service outcomes move revenue only through the customer: with
// satisfaction moving no hazard, no word of mouth and no personalisation
// (what a contact teaches a channel), net revenue is the same to the cent
// whether every contact resolves or few do -- an unresolved return is
// refunded after an escalation, at a cost. With everything on, better
// resolution keeps customers, and never lowers revenue.
TEST(Money, BetterFirstContactResolutionNeverLowersNetRevenue) {
  const std::vector<std::string> poor{"mechanisms.first_contact_resolution.resolution_unseen=0.1",
                                      "mechanisms.service.give_up_probability=0.8"};
  const std::vector<std::string> good{"mechanisms.first_contact_resolution.resolution_unseen=0.85"};
  const std::vector<std::string> only_money{"mechanisms.satisfaction.enabled=false",
                                            "mechanisms.word_of_mouth.enabled=false",
                                            "mechanisms.personalisation.enabled=false"};
  for (const char* strategy : {"multichannel", "omnichannel"}) {
    SCOPED_TRACE(strategy);
    const auto revenue = [&](const std::vector<std::string>& overrides) {
      const Model model = builtin_model(concat(concat(kSmall, only_money), overrides));
      RunRequest request;
      request.strategy = model.strategy_index(strategy);
      return run_simulation(model, request).totals;
    };
    const Tally worse = revenue(poor), better = revenue(good);
    EXPECT_GT(worse[Count::kEscalatedReturns], better[Count::kEscalatedReturns]);
    EXPECT_EQ(worse[Count::kReturns], better[Count::kReturns]) << "every return is refunded";
    EXPECT_EQ(worse[Sum::kRevenue], better[Sum::kRevenue]);
    EXPECT_GT(worse[Sum::kReturnCost], better[Sum::kReturnCost]) << "escalations cost";
  }
  // The firm's net revenue -- a total: better service also brings referred
  // customers, who join late and would dilute an average per customer.
  const std::vector<std::string> size{testing::customers(20000)};
  for (const char* strategy : {"multichannel", "omnichannel"}) {
    SCOPED_TRACE(strategy);
    std::vector<double> worse, better;
    for (int replication = 0; replication < 3; ++replication) {
      const auto revenue = [&](const std::vector<std::string>& overrides) {
        const Model model = builtin_model(concat(size, overrides));
        RunRequest request;
        request.strategy = model.strategy_index(strategy);
        request.replication = replication;
        request.lifetime = false;
        return run_simulation(model, request).totals[Sum::kRevenue];
      };
      worse.push_back(revenue(poor));
      better.push_back(revenue(good));
    }
    const Interval gain = paired_difference(better, worse, 0.95);
    EXPECT_GT(gain.mean + gain.half_width, 0.0) << gain.mean << " EUR";
  }
}

}  // namespace
}  // namespace omnisim::money_test
