// Which way each KPI is better (sim/kpi/catalogue.hpp), which colours the
// report's waterfall: every catalogue KPI has a direction, costs and losses
// are lower-is-better, value and retention higher, the channel mix neither.

#include "sim/kpi/catalogue.hpp"

#include <gtest/gtest.h>

#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim {
namespace {

TEST(KpiCatalogue, EveryKpiHasTheDirectionOfItsName) {
  const Model model = build_model(load_scenario(builtin_scenario_text(), "built-in"));
  const KpiCatalogue catalogue(model);
  for (const auto& definition : catalogue.definitions())
    EXPECT_EQ(definition.better, kpi_better(definition.name)) << definition.name;
  EXPECT_EQ(kpi_better("clv_lifetime_net_per_prospect_eur"), Better::kHigher);
  EXPECT_EQ(kpi_better("retention_36m"), Better::kHigher);
  EXPECT_EQ(kpi_better("nps"), Better::kHigher);
  EXPECT_EQ(kpi_better("cost_per_contact_eur"), Better::kLower);
  EXPECT_EQ(kpi_better("lost_to_competitors_share"), Better::kLower);
  EXPECT_EQ(kpi_better("service_cost_per_contact_store_eur"), Better::kLower);
  EXPECT_EQ(kpi_better("share_online_only"), Better::kNeither);
  EXPECT_EQ(kpi_better("aov_web_eur"), Better::kNeither);
  EXPECT_STREQ(to_string(Better::kLower), "lower");
}

}  // namespace
}  // namespace omnisim
