// Each mechanism does what docs/model.md §3-§5 says, seen through a run's tally.

#include <cmath>
#include <sstream>
#include <tuple>

#include <gtest/gtest.h>

#include "sim/engine/marketing.hpp"
#include "sim/engine/run.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::mechanism_test {
namespace {

using testing::builtin_model;
using testing::concat;

const std::vector<std::string> kSmall{"simulation.customers=10000", "simulation.replications=1"};

RunResult run(const Model& model, const std::string& strategy) {
  RunRequest request;
  request.strategy = model.strategy_index(strategy);
  return run_simulation(model, request);
}

TEST(Mechanisms, WithoutTheFunnelEveryNeedBuys) {
  const Model model = builtin_model(
      concat(kSmall, {"mechanisms.funnel.enabled=false", "mechanisms.stockouts.enabled=false",
                      "mechanisms.context_carryover.enabled=false"}));
  const Tally tally = run(model, "multichannel").totals;
  EXPECT_GT(tally[Count::kNeeds], 0u);
  EXPECT_EQ(tally[Count::kOrders], tally[Count::kNeeds]);
}

// docs/model.md §3.3: after a visit that does not buy (or a stock-out) the
// need is still there, and the search may go on -- to another channel, or
// the competitor.
TEST(Mechanisms, AFailedVisitCanStillEndInAPurchase) {
  const Model dropped = builtin_model(concat(kSmall, {"mechanisms.funnel.retry_probability=0"}));
  const Model searched = builtin_model(concat(kSmall, {"mechanisms.funnel.retry_probability=1"}));
  const Tally never = run(dropped, "multichannel").totals;
  const Tally always = run(searched, "multichannel").totals;
  EXPECT_EQ(never[Count::kOrdersAfterFailedVisit], 0u);
  EXPECT_GT(always[Count::kOrdersAfterFailedVisit], 0u);
  EXPECT_GT(static_cast<double>(always[Count::kOrders]),
            1.05 * static_cast<double>(never[Count::kOrders]));
  // The built-in scenario keeps searching after most failures.
  EXPECT_GT(run(builtin_model(kSmall), "omnichannel").totals[Count::kOrdersAfterFailedVisit], 0u);
  // A one-channel firm has nowhere else to offer: without stock-outs (where
  // a substitute stays on offer) the search can only go to the competitor,
  // which takes the need, and sometimes the customer.
  const std::vector<std::string> no_stockouts{"mechanisms.stockouts.enabled=false"};
  const auto mono_web = [&](const char* retry) {
    return run(builtin_model(concat(concat(kSmall, no_stockouts),
                                    {std::string("mechanisms.funnel.retry_probability=") + retry})),
               "mono_web")
        .totals;
  };
  const Tally alone = mono_web("1"), gives_up = mono_web("0");
  EXPECT_EQ(alone[Count::kOrdersAfterFailedVisit], 0u);
  EXPECT_GT(alone[Count::kOutsideChoices], gives_up[Count::kOutsideChoices]);
  EXPECT_LE(alone[Count::kOrders], gives_up[Count::kOrders]);
}

TEST(Mechanisms, WithoutServiceThereAreNoServiceContactsOrReturns) {
  const Model model = builtin_model(concat(kSmall, {"mechanisms.service.enabled=false"}));
  const Tally tally = run(model, "omnichannel").totals;
  EXPECT_EQ(tally[Count::kServiceIssues], 0u);
  EXPECT_EQ(tally[Count::kServiceContacts], 0u);
  EXPECT_EQ(tally[Count::kReturns], 0u);
}

TEST(Mechanisms, FullLinkageKeepsContextAcrossEverySwitch) {
  const Model model = builtin_model(concat(kSmall, {"strategies.omnichannel.linkage=1"}));
  EXPECT_EQ(run(model, "omnichannel").totals[Count::kContextLosses], 0u);
  EXPECT_GT(run(model, "multichannel").totals[Count::kContextLosses], 0u);
}

TEST(Mechanisms, FirstContactResolutionDependsOnWhatTheChannelSees) {
  const Model model = builtin_model(
      concat(kSmall, {"strategies.omnichannel.linkage=1", "strategies.omnichannel.bridges=[]"}));
  const Tally linked = run(model, "omnichannel").totals;
  const Tally silos = run(model, "multichannel").totals;
  // Fully linked: every contact sees the purchase, so FCR is resolution_seen.
  const double n = static_cast<double>(linked[Count::kFirstContacts]);
  const double fcr = static_cast<double>(linked[Count::kFirstContactsResolved]) / n;
  const double seen = model.mechanisms.first_contact_resolution.resolution_seen;
  EXPECT_NEAR(fcr, seen, 4.0 * std::sqrt(seen * (1.0 - seen) / n));
  const double silo_fcr = static_cast<double>(silos[Count::kFirstContactsResolved]) /
                          static_cast<double>(silos[Count::kFirstContacts]);
  EXPECT_LT(silo_fcr, fcr - 0.05);
}

TEST(Mechanisms, StockViewAvoidsWastedTrips) {
  const Model model = builtin_model(kSmall);
  // ROPO with the shared stock view: shoppers see the store's stock first
  EXPECT_EQ(run(model, "omnichannel").totals[Count::kWastedTrips], 0u);
  EXPECT_GT(run(model, "multichannel").totals[Count::kWastedTrips], 0u);
  // either bridge alone is not enough
  for (const char* bridge : {"ropo", "ship_from_store"}) {
    const Model without =
        builtin_model(concat(kSmall, {std::string("bridges.") + bridge + ".enabled=false"}));
    EXPECT_GT(run(without, "omnichannel").totals[Count::kWastedTrips], 0u) << bridge;
  }
  const Model no_stockouts = builtin_model(concat(kSmall, {"mechanisms.stockouts.enabled=false"}));
  EXPECT_EQ(run(no_stockouts, "multichannel").totals[Count::kStockouts], 0u);
}

// docs/model.md §3.3: a competitor offers what the firm does not. A
// customer whose preferred channels the firm lacks buys less often and
// leaves sooner than under a firm that offers them -- a store-only firm no
// longer sells more because its customers have nowhere else to go.
TEST(Competition, ACustomerWhosePreferredChannelIsClosedBuysLessAndDefectsMore) {
  for (const auto& row : {std::tuple{"digital_natives", "mono_store", "omnichannel"},
                          std::tuple{"digital_natives", "mono_store", "mono_web"},
                          std::tuple{"store_loyalists", "mono_web", "mono_store"}}) {
    const auto segment = std::get<0>(row);
    const auto lacking = std::get<1>(row);
    const auto offering = std::get<2>(row);
    SCOPED_TRACE(std::string(segment) + " under " + lacking + " against " + offering);
    std::vector<std::string> overrides = kSmall;
    for (const char* name :
         {"store_loyalists", "digital_natives", "switchers", "bargain_hunters"}) {
      overrides.push_back(std::string("segments.") + name +
                          ".share=" + (std::string(name) == segment ? "1" : "0"));
    }
    // What the firm lacking the channel loses, in orders per customer and
    // 12-month retention, with and without the competitor.
    const auto shortfall = [&](const std::vector<std::string>& scenario) {
      const ExperimentResults results =
          testing::run_strategies(builtin_model(scenario), {lacking, offering});
      const auto orders = testing::kpi_index(results, "orders_per_customer");
      const auto retention = testing::kpi_index(results, "retention_12m");
      return std::pair{results.kpi_values[1][0][orders] - results.kpi_values[0][0][orders],
                       results.kpi_values[1][0][retention] - results.kpi_values[0][0][retention]};
    };
    const auto [orders_lost, retention_lost] = shortfall(overrides);
    EXPECT_GT(orders_lost, 0.0);
    EXPECT_GT(retention_lost, 0.0);
    // The competitor is what widens it: same customers, competition off.
    const auto [orders_lost_alone, retention_lost_alone] =
        shortfall(concat(overrides, {"mechanisms.competition.enabled=false"}));
    EXPECT_GT(orders_lost, orders_lost_alone);
    EXPECT_GT(retention_lost, retention_lost_alone);
  }
}

// ... and wins fewer of the prospects who prefer what it lacks; the day-0
// base is its own whatever it offers, and a firm with every channel loses
// nobody to the competitor.
TEST(Competition, AFirmLackingAPreferredChannelWinsFewerProspects) {
  const Model model = builtin_model(kSmall);
  const Tally store_only = run(model, "mono_store").totals;
  EXPECT_GT(store_only[Count::kLostToCompetitors], 0u);
  EXPECT_EQ(run(model, "omnichannel").totals[Count::kLostToCompetitors], 0u);
  const Model base_only = builtin_model(concat(kSmall, {"acquisition.initial_share=1"}));
  EXPECT_EQ(run(base_only, "mono_store").totals[Count::kLostToCompetitors], 0u);
  const Model no_competitor =
      builtin_model(concat(kSmall, {"mechanisms.competition.enabled=false"}));
  EXPECT_EQ(run(no_competitor, "mono_store").totals[Count::kLostToCompetitors], 0u);
}

// One KPI of one strategy, single replication.
double kpi_of(const Model& model, const std::string& strategy, const std::string& kpi) {
  const ExperimentResults results = testing::run_strategies(model, {strategy});
  return results.kpi_column(0, testing::kpi_index(results, kpi))[0];
}

TEST(Mechanisms, HabitKeepsShoppersInFewerChannels) {
  const Model with = builtin_model(kSmall);
  const Model without = builtin_model(concat(kSmall, {"mechanisms.habit.enabled=false"}));
  EXPECT_LT(kpi_of(with, "multichannel", "channels_per_shopper"),
            kpi_of(without, "multichannel", "channels_per_shopper"));
}

TEST(Mechanisms, EffortLowersNps) {
  // Repeating information between unlinked channels costs effort, which
  // lowers satisfaction and so the NPS answers.
  const Model light =
      builtin_model(concat(kSmall, {"mechanisms.context_carryover.repeat_effort=0.1"}));
  const Model heavy =
      builtin_model(concat(kSmall, {"mechanisms.context_carryover.repeat_effort=3"}));
  EXPECT_LT(kpi_of(heavy, "multichannel", "nps"), kpi_of(light, "multichannel", "nps"));
}

TEST(Mechanisms, ClickAndCollectNeedsTheBridge) {
  const Model model = builtin_model(kSmall);
  const Tally cross = run(model, "cross_channel").totals;
  EXPECT_GT(cross[Count::kClickCollectOrders], 0u);
  EXPECT_GT(cross[Count::kAddons], 0u);
  EXPECT_EQ(run(model, "multichannel").totals[Count::kClickCollectOrders], 0u);
  const Model disabled = builtin_model(concat(kSmall, {"bridges.click_and_collect.enabled=false"}));
  EXPECT_EQ(run(disabled, "cross_channel").totals[Count::kClickCollectOrders], 0u);
}

TEST(Mechanisms, PersonalisationRaisesOrderValue) {
  const Model with = builtin_model(kSmall);
  const Model without = builtin_model(concat(kSmall, {"mechanisms.personalisation.enabled=false"}));
  const Tally a = run(with, "omnichannel").totals;
  const Tally b = run(without, "omnichannel").totals;
  const int store = with.channel_index("store");
  const double aov_with = a.at(store, ChannelSum::kOrderValue) /
                          static_cast<double>(a.at(store, ChannelCount::kOrders));
  const double aov_without = b.at(store, ChannelSum::kOrderValue) /
                             static_cast<double>(b.at(store, ChannelCount::kOrders));
  EXPECT_GT(aov_with, aov_without * 1.01);
}

TEST(Mechanisms, SatisfactionOffEqualsZeroKappa) {
  const Model off = builtin_model(concat(kSmall, {"mechanisms.satisfaction.enabled=false"}));
  const Model zero = builtin_model(concat(kSmall, {"mechanisms.satisfaction.kappa=0"}));
  EXPECT_EQ(run(off, "omnichannel").totals.clv_eur.sum,
            run(zero, "omnichannel").totals.clv_eur.sum);
}

TEST(Mechanisms, MonochannelStrategiesUseOnlyTheirChannel) {
  const Model model = builtin_model(kSmall);
  const Tally store = run(model, "mono_store").totals;
  EXPECT_EQ(store[Count::kShoppers], store[Count::kStoreOnly]);
  for (int c = 0; c < model.n_channels; ++c) {
    if (c == model.channel_index("store")) continue;
    EXPECT_EQ(store.at(c, ChannelCount::kOrders), 0u) << model.channels[c].name;
  }
}

TEST(Mechanisms, TraceNarratesTheCustomerFromAcquisitionToSummary) {
  const Model model = builtin_model(kSmall);
  RunRequest request;
  request.strategy = model.strategy_index("omnichannel");
  request.trace_customer = 3;
  std::ostringstream trace;
  request.trace_out = &trace;
  run_simulation(model, request);
  const std::string text = trace.str();
  EXPECT_NE(text.find("customer 3 under omnichannel"), std::string::npos);
  EXPECT_NE(text.find("acquired via"), std::string::npos);
  EXPECT_NE(text.find("summary: orders"), std::string::npos);
}

}  // namespace
}  // namespace omnisim::mechanism_test

namespace omnisim::mechanism_test {
namespace {

TEST(Marketing, SilosOverContactThenLoseSubscribers) {
  const Model model = testing::builtin_model(kSmall);
  const RunResult silos = run(model, "multichannel");
  const RunResult unified = run(model, "omnichannel");
  // Every silo sends at its own rate: more contacts while customers still listen...
  EXPECT_GT(silos.timeseries[0].marketing_contacts, 1.5 * unified.timeseries[0].marketing_contacts);
  // ...which tires them: more unsubscribes, fewer needs triggered per contact.
  const auto per_customer = [](const Tally& t, Count c) {
    return static_cast<double>(t[c]) / static_cast<double>(t[Count::kCustomersClosed]);
  };
  EXPECT_GT(per_customer(silos.totals, Count::kUnsubscribes),
            2.0 * per_customer(unified.totals, Count::kUnsubscribes));
  const auto triggers_per_contact = [](const Tally& t) {
    return static_cast<double>(t[Count::kMarketingTriggers]) /
           static_cast<double>(t[Count::kMarketingContacts]);
  };
  EXPECT_LT(triggers_per_contact(silos.totals), triggers_per_contact(unified.totals));
}

TEST(Marketing, AFloodOfContactsTiresAndAnnoys) {
  // One silo campaign at 0, 12 and 200 contacts a year, on the same
  // customers: a few contacts trigger needs; a flood gets less from each
  // contact (Hillstrom's demand ~ contacts^0.41), loses more subscribers
  // and, annoying, keeps fewer customers.
  const auto run_at = [](const std::string& contacts_per_year) {
    const Model model = testing::builtin_model(testing::concat(
        kSmall, {"campaigns.email.contacts_per_year=" + contacts_per_year,
                 "campaigns.social.contacts_per_year=0", "campaigns.app.contacts_per_year=0"}));
    return run(model, "multichannel").totals;
  };
  const auto per = [](const Tally& t, Count what, Count by) {
    return static_cast<double>(t[what]) / static_cast<double>(t[by]);
  };
  const Tally none = run_at("0"), some = run_at("12"), flood = run_at("200");
  EXPECT_GT(per(some, Count::kOrders, Count::kCustomersClosed),
            per(none, Count::kOrders, Count::kCustomersClosed));
  EXPECT_LT(per(flood, Count::kMarketingTriggers, Count::kMarketingContacts),
            0.7 * per(some, Count::kMarketingTriggers, Count::kMarketingContacts));
  EXPECT_GT(per(flood, Count::kUnsubscribes, Count::kCustomersClosed),
            3.0 * per(some, Count::kUnsubscribes, Count::kCustomersClosed));
  EXPECT_GT(flood[Count::kDropouts], some[Count::kDropouts]);
}

TEST(Marketing, SwitchedOffSendsNothing) {
  const Model model =
      testing::builtin_model(testing::concat(kSmall, {"mechanisms.marketing.enabled=false"}));
  const Tally tally = run(model, "multichannel").totals;
  EXPECT_EQ(tally[Count::kMarketingContacts], 0u);
  EXPECT_EQ(tally[Sum::kMarketingCost], 0.0);
}

TEST(Bridges, ReturnAnywhereLetsTheStoreSeeOnlinePurchases) {
  // Without linkage, only the bridge lets the store desk see an online order
  // being returned, so first contacts resolve more often with it.
  const std::vector<std::string> unlinked =
      testing::concat(kSmall, {"strategies.cross_channel.linkage=0"});
  const auto first_contact_resolution = [](const Tally& t) {
    return static_cast<double>(t[Count::kFirstContactsResolved]) /
           static_cast<double>(t[Count::kFirstContacts]);
  };
  const Model with = testing::builtin_model(unlinked);
  const Model without =
      testing::builtin_model(testing::concat(unlinked, {"bridges.return_anywhere.enabled=false"}));
  EXPECT_GT(first_contact_resolution(run(with, "cross_channel").totals),
            first_contact_resolution(run(without, "cross_channel").totals));
}

TEST(Bridges, SharedStockViewAvoidsStockouts) {
  const Model with = testing::builtin_model(kSmall);
  const Model without =
      testing::builtin_model(testing::concat(kSmall, {"bridges.ship_from_store.enabled=false"}));
  const auto rate = [](const Tally& t) {
    return static_cast<double>(t[Count::kStockouts]) /
           static_cast<double>(t[Count::kDecisionJourneys]);
  };
  EXPECT_LT(rate(run(with, "omnichannel").totals), 0.6 * rate(run(without, "omnichannel").totals));
}

TEST(Bridges, CartSyncKeepsContextBetweenWebAndApp) {
  // Without linkage, only the bridge can carry context between web and app.
  const std::vector<std::string> silos{"strategies.omnichannel.linkage=0",
                                       "strategies.omnichannel.bridges=[]"};
  const Model synced = testing::builtin_model(testing::concat(
      testing::concat(kSmall, silos), {"strategies.omnichannel.bridges=[\"cart_sync\"]"}));
  const Model unsynced = testing::builtin_model(testing::concat(kSmall, silos));
  EXPECT_LT(run(synced, "omnichannel").totals[Count::kContextLosses],
            run(unsynced, "omnichannel").totals[Count::kContextLosses]);
}

}  // namespace
}  // namespace omnisim::mechanism_test

namespace omnisim::mechanism_test {
namespace {

// Regressions found in review: inputs at the edges of the valid ranges.
TEST(Robustness, PeriodsThatAreNotWholeDaysNeverStall) {
  const Model model = testing::builtin_model(
      testing::concat(kSmall, {"simulation.period_days=30.42", "money.discounting=per_period",
                               "simulation.customers=3000"}));
  const Tally tally = run(model, "omnichannel").totals;
  EXPECT_EQ(tally[Count::kCustomersClosed] + tally[Count::kAcquisitionsLost],
            tally[Count::kAcquisitionsPaid] + tally[Count::kAcquisitionsReferral] +
                tally[Count::kAcquisitionsLost]);
}

TEST(Robustness, UnreachableMarketingChannelsSendNothing) {
  // The unified policy sends through the channel a customer prefers; when
  // every campaign channel's weight has underflowed to 0 it has no channel
  // to pick and must not send. Siloed campaigns weigh by their own rates.
  const Model model = testing::builtin_model(kSmall);
  const RunContext unified{model, model.strategies[model.strategy_index("omnichannel")], {1, 0}};
  const RunContext siloed{model, model.strategies[model.strategy_index("multichannel")], {1, 0}};
  CustomerState customer;
  customer.has_app = true;
  customer.affinity_weight.fill(BFloat16(0.0F));
  EXPECT_EQ(marketing_rate_per_day(unified, customer), 0.0);
  EXPECT_GT(marketing_rate_per_day(siloed, customer), 0.0);
  customer.affinity_weight[static_cast<std::size_t>(model.channel_index("social"))] =
      BFloat16(1e-30F);
  EXPECT_DOUBLE_EQ(marketing_rate_per_day(unified, customer),
                   model.mechanisms.marketing.unified_cap_per_day);

  // In a run, the lowest affinities the scenario accepts keep weights
  // tiny but positive: the policy still sends, and nothing becomes NaN.
  std::vector<std::string> overrides = kSmall;
  for (const char* segment :
       {"store_loyalists", "digital_natives", "switchers", "bargain_hunters"}) {
    for (const char* channel : {"email", "social", "app"}) {
      overrides.push_back(std::string("segments.") + segment + ".affinity." + channel + "=-50");
    }
    overrides.push_back(std::string("segments.") + segment + ".affinity_sd=10");
  }
  const Tally lowest = run(testing::builtin_model(overrides), "omnichannel").totals;
  EXPECT_GT(lowest[Count::kCustomersClosed], 0u);
  EXPECT_GT(lowest[Count::kMarketingContacts], 0u);
  EXPECT_TRUE(std::isfinite(lowest[Sum::kMarketingCost]));
}

TEST(Strategies, WithoutAnAppChannelNobodyHasTheApp) {
  // docs/model.md §0: no app means no app adoption and no push campaigns.
  const Model model = testing::builtin_model(kSmall);
  for (const char* strategy : {"mono_store", "mono_web"}) {
    const RunResult result = run(model, strategy);
    EXPECT_EQ(result.totals[Count::kAdoptions], 0u) << strategy;
    for (const auto& row : result.timeseries)
      EXPECT_EQ(row.adopter_share, 0.0) << strategy;
  }
  const RunResult with_app = run(model, "multichannel");
  EXPECT_GT(with_app.totals[Count::kAdoptions], 0u);
  EXPECT_GT(with_app.timeseries.back().adopter_share, 0.3);
}

TEST(Strategies, EachStrategyRunsTheCampaignsItNames) {
  const Model model = testing::builtin_model(kSmall);
  // A monochannel retailer sends its newsletter: email only, 0.02 EUR each.
  const double email_cost_eur = 0.02;
  for (const char* strategy : {"mono_store", "mono_web"}) {
    const Tally totals = run(model, strategy).totals;
    const auto contacts = static_cast<double>(totals[Count::kMarketingContacts]);
    EXPECT_GT(contacts, 0.0) << strategy;
    EXPECT_NEAR(totals[Sum::kMarketingCost], contacts * email_cost_eur, 1e-9 * contacts)
        << strategy;
  }
  // The others also send social posts (0.08) and pushes (0.01) to app owners.
  const Tally multichannel = run(model, "multichannel").totals;
  EXPECT_GT(multichannel[Sum::kMarketingCost],
            1.2 * email_cost_eur * static_cast<double>(multichannel[Count::kMarketingContacts]));
  // A strategy that names no campaign sends nothing.
  const Model silent =
      testing::builtin_model(testing::concat(kSmall, {"strategies.mono_store.campaigns=[]"}));
  EXPECT_EQ(run(silent, "mono_store").totals[Count::kMarketingContacts], 0u);
}

}  // namespace
}  // namespace omnisim::mechanism_test
