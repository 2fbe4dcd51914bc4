#include "analysis/facts.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "sim/core/numbers.hpp"

namespace omnisim {
namespace {

// A note, written with the run's numbers as the notes quote them.
class Note {
 public:
  Note& operator<<(const char* text) {
    text_ << text;
    return *this;
  }
  Note& number(double value, int decimals) {
    text_ << std::fixed << std::setprecision(decimals) << value;
    return *this;
  }
  Note& percent(double share) { return number(100.0 * share, 1) << " %"; }
  Note& signed_percent(double share) {
    if (share > 0.0) text_ << '+';
    return percent(share);
  }
  std::string str() const { return text_.str(); }

 private:
  std::ostringstream text_;
};

// ------------------------------------------------------ conflict notes

std::string multichannel_clv_note(const RunFigures& run) {
  Note note;
  note << "multichannel shoppers are the frequent buyers -- ";
  note.number(run.mean("omnichannel", "orders_per_multichannel_shopper"), 2)
      << " orders each against ";
  note.number(run.mean("omnichannel", "orders_per_single_channel_shopper"), 2)
      << " for one-channel shoppers -- so their CLV is ";
  note.signed_percent(run.mean("omnichannel", "self_selection_gap"))
      << " higher: self-selection, which the 30 % would need purchase rates nearly equal within "
         "segments to avoid, far from real purchase data (CDNOW's Pareto/NBD shape r = 0.55). "
         "The causal contrast is between strategies on the same customers: omnichannel - "
         "multichannel lifetime CLV ";
  note.number(
      run.mean("omnichannel", "clv_lifetime_eur") - run.mean("multichannel", "clv_lifetime_eur"), 2)
      << " EUR";
  return note.str();
}

std::string silo_retention_note(const RunFigures& run) {
  const double silos = run.mean("multichannel", "retention_12m");
  Note note;
  note << "the same customers arrive under every strategy, so silos lose more than omnichannel "
          "only through satisfaction, effort and over-contact: they keep ";
  note.percent(silos) << " against ";
  note.percent(run.mean("omnichannel", "retention_12m")) << ", sending ";
  note.number(run.mean("multichannel", "marketing_contacts_per_customer"), 0)
      << " marketing contacts per customer against ";
  note.number(run.mean("omnichannel", "marketing_contacts_per_customer"), 0) << " (NPS ";
  note.number(run.mean("multichannel", "nps"), 1) << " against ";
  note.number(run.mean("omnichannel", "nps"), 1) << "). Keeping 33 % would take a yearly dropout ";
  note.number(std::log(0.33) / std::log(silos), 1)
      << " times the simulated one with the same acquisitions, which no growing silo revenue "
         "(Aberdeen: +3.4 %/yr) survives; the Aberdeen figures compare the top fifth of 305 "
         "firms with the rest, not one firm's customers under two strategies";
  return note.str();
}

std::string silo_growth_note(const RunFigures& run) {
  Note note;
  note << "silo revenue changes ";
  note.signed_percent(run.mean("multichannel", "revenue_growth_per_year")) << " a year against ";
  note.signed_percent(run.mean("omnichannel", "revenue_growth_per_year"))
      << " under omnichannel, on the same acquisitions: silos keep ";
  note.percent(run.mean("multichannel", "retention_36m"))
      << " of their customers three years on against ";
  note.percent(run.mean("omnichannel", "retention_36m"))
      << ", worn out by three campaigns' worth of contacts (NPS ";
  note.number(run.mean("multichannel", "nps"), 1)
      << "); how much contacts annoy is an assumption (mechanisms.marketing."
         "annoyance_per_contact), which the verdict sweep varies";
  return note.str();
}

std::string cost_trend_note(const RunFigures& run, const char* strategy) {
  Note note;
  note << "no mechanism makes a firm's contacts cheaper year by year: the simulated trend is ";
  note.signed_percent(run.mean(strategy, "cost_per_contact_change_per_year"))
      << " a year. App diffusion, the one mechanism that moves contacts to a cheap channel over "
         "time, takes ";
  note.percent(run.mean(strategy, "app_adopter_share_end"))
      << " of the customers to the app by the horizon, at the same pace under every strategy "
         "with an app; the Aberdeen figure compares firms, not one firm's years";
  return note.str();
}
std::string omnichannel_cost_trend_note(const RunFigures& run) {
  return cost_trend_note(run, "omnichannel");
}
std::string silo_cost_trend_note(const RunFigures& run) {
  return cost_trend_note(run, "multichannel");
}

std::string whale_note(const RunFigures& run) {
  const int strategy = run.model().strategy_index("omnichannel");
  const double fixed_cost =
      strategy < 0
          ? kNaN
          : run.model().strategies[static_cast<std::size_t>(strategy)].fixed_cost_eur_per_day *
                kDaysPerYear;
  Note note;
  note << "the model spreads losses instead of concentrating them: cost to serve has no "
          "customer-level heterogeneity (returns and service issues strike each order with the "
          "channel's odds), so the loss makers are the many customers who buy little or leave "
          "early and do not cover the fixed cost of ";
  note.number(fixed_cost, 2) << " EUR per customer-year: ";
  note.percent(run.mean("omnichannel", "loss_making_share"))
      << " of customers lose money over the horizon, and the top 20 % earn ";
  note.percent(run.mean("omnichannel", "profit_share_top20")) << " of the profit";
  return note.str();
}

std::string research_shopping_note(const RunFigures& run, const char* kpi, const char* what) {
  Note note;
  note << "a shopper who " << what
       << " used two channels, so no more than the multichannel "
          "shoppers (";
  note.percent(run.mean("omnichannel", "share_multichannel"))
      << ") can have done it; the survey asks adults whether they ever did, at any retailer, "
         "where the model counts one retailer's shoppers over its horizon: ";
  note.percent(run.mean("omnichannel", kpi));
  return note.str();
}
std::string webrooming_note(const RunFigures& run) {
  return research_shopping_note(run, "webroomer_share", "researched online and bought in store");
}
std::string showrooming_note(const RunFigures& run) {
  return research_shopping_note(run, "showroomer_share", "researched in store and bought online");
}

std::string same_mix_spend_note(const RunFigures& run) {
  Note note;
  note << "within a segment, what a multichannel shopper spends per order differs from a "
          "one-channel shopper's only through personalisation (the channels that saw more of "
          "the customer) and the channels' basket factors -- order values do not grow with the "
          "number of channels used: at an equal segment mix the uplift is ";
  note.signed_percent(run.mean("omnichannel", "store_spend_uplift_same_mix")) << " in store and ";
  note.signed_percent(run.mean("omnichannel", "online_spend_uplift_same_mix"))
      << " online, against ";
  note.signed_percent(run.mean("omnichannel", "store_spend_uplift_multichannel")) << " and ";
  note.signed_percent(run.mean("omnichannel", "online_spend_uplift_multichannel"))
      << " over all shoppers; HBR's figures, after controlling for shopping experience, are "
         "correlations within one retailer";
  return note.str();
}

// ------------------------------------------------------- counterfactuals

// The fact's value in one replication, from the run and its variant.
double counterfactual_value(const Fact& fact, const std::vector<double>& base_kpi,
                            const std::vector<double>& variant_kpi,
                            const std::vector<double>& base_retention,
                            const std::vector<double>& variant_retention, std::size_t r) {
  switch (fact.variant) {
    case FactVariant::kNone:
      break;
    case FactVariant::kPersonalisationOff:
      // The lift personalisation gives: with it over without it.
      return base_kpi[r] / variant_kpi[r] - 1.0;
    case FactVariant::kRetentionPlusFivePoints: {
      // The profit change five more points of yearly retention bring, scaled
      // to exactly five points (the variant adds about five).
      const double points = variant_retention[r] - base_retention[r];
      return (variant_kpi[r] / base_kpi[r] - 1.0) * 0.05 / points;
    }
  }
  return kNaN;
}

std::size_t kpi_slot(const ExperimentResults& results, const std::string& name) {
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    if (results.kpis[k].name == name) return k;
  }
  return results.kpis.size();
}

}  // namespace

std::string_view fact_kind_name(FactKind kind) {
  switch (kind) {
    case FactKind::kInSample:
      return "in-sample";
    case FactKind::kValidation:
      return "validation";
    case FactKind::kInput:
      break;
  }
  return "input";
}

RunFigures::RunFigures(const Model& model, const ExperimentResults& results)
    : model_(model), results_(results) {}

double RunFigures::mean(std::string_view strategy, std::string_view kpi) const {
  const std::size_t k = kpi_slot(results_, std::string(kpi));
  if (k == results_.kpis.size()) return kNaN;
  for (std::size_t s = 0; s < results_.strategies.size(); ++s) {
    if (model_.strategies[static_cast<std::size_t>(results_.strategies[s])].name != strategy) {
      continue;
    }
    double sum = 0.0;
    const std::vector<double> column = results_.kpi_column(s, k);
    for (const double value : column)
      sum += value;
    return column.empty() ? kNaN : sum / static_cast<double>(column.size());
  }
  return kNaN;
}

const std::vector<Fact>& stylised_facts() {
  using enum FactKind;
  static const std::vector<Fact> facts{
      // What scripts/calibrate-builtin.sh fits the built-in scenario to.
      {"shoppers_online_only", "7 % of shoppers use online channels only", "HBR 2017 (medium)",
       "omnichannel", "share_online_only", 0.07, 0.03, kInSample},
      {"shoppers_store_only", "20 % of shoppers use the store only", "HBR 2017 (medium)",
       "omnichannel", "share_store_only", 0.20, 0.03, kInSample},
      {"shoppers_multichannel", "73 % of shoppers use several channels", "HBR 2017 (medium)",
       "omnichannel", "share_multichannel", 0.73, 0.03, kInSample},
      {"channels_per_shopper", "shoppers use 2.1 channels on average", "seed 001 (weak)",
       "omnichannel", "channels_per_shopper", 2.1, 0.2, kInSample},
      {"three_plus_channels", "30 % of shoppers use three channels or more",
       "ECR France via seed 001 (weak)", "omnichannel", "share_three_plus_channels", 0.30, 0.03,
       kInSample},
      {"store_share_of_sales", "stores take 73 % of retail sales", "NRF 2023 (medium)",
       "omnichannel", "store_share_of_sales", 0.73, 0.03, kInSample},
      {"retention_omnichannel", "omnichannel firms keep 89 % of customers a year",
       "Aberdeen 2013, seeds 002/004 (weak)", "omnichannel", "retention_12m", 0.89, 0.03,
       kInSample},
      {"growth_omnichannel", "omnichannel revenue grows 9.5 % a year",
       "Aberdeen 2013, seeds 002/004 (weak)", "omnichannel", "revenue_growth_per_year", 0.095, 0.03,
       kInSample, true},
      {"stockout_lost_sales", "58 % of shoppers who meet a stock-out in store are lost sales",
       "GT Nexus survey, via Chain Store Age (weak)", "omnichannel",
       "store_stockout_lost_sale_share", 0.58, 0.05, kInSample},
      {"marketing_click_rate", "2.0 % of e-commerce marketing e-mails are clicked",
       "Mailchimp benchmarks 2019 (medium)", "omnichannel", "marketing_trigger_rate", 0.0201, 0.005,
       kInSample},
      {"personalisation_revenue_lift", "personalisation lifts revenue 10-15 %",
       "McKinsey 2021, seed 002 (medium)", "omnichannel", "revenue_per_customer_eur", 0.125, 0.025,
       kInSample, false, FactVariant::kPersonalisationOff},
      // Scenario inputs, restated.
      {"assisted_contact_cost", "a live assisted contact costs about 8 EUR",
       "Gartner 2019 (medium)", "omnichannel", "service_cost_per_contact_store_eur", 8.0, 0.5,
       kInput},
      {"self_service_contact_cost", "a self-service contact costs about 0.10 EUR",
       "Gartner 2019 (medium)", "omnichannel", "service_cost_per_contact_web_eur", 0.10, 0.02,
       kInput},
      {"unsubscribe_rate", "0.25 % of marketing e-mails bring an unsubscribe",
       "Mailchimp benchmarks 2019 (medium)", "omnichannel", "unsubscribe_rate", 0.0025, 0.001,
       kInput},
      // What no calibration touched.
      {"store_spend_uplift", "multichannel shoppers spend 4 % more per store order",
       "HBR 2017, seed 000 (medium)", "omnichannel", "store_spend_uplift_multichannel", 0.04, 0.03,
       kValidation},
      {"online_spend_uplift", "multichannel shoppers spend 10 % more per online order",
       "HBR 2017, seed 000 (medium)", "omnichannel", "online_spend_uplift_multichannel", 0.10, 0.03,
       kValidation, false, FactVariant::kNone, same_mix_spend_note},
      {"store_spend_uplift_same_mix", "... 4 % more per store order at an equal segment mix",
       "HBR 2017, seed 000 (medium)", "omnichannel", "store_spend_uplift_same_mix", 0.04, 0.03,
       kValidation},
      {"online_spend_uplift_same_mix", "... 10 % more per online order at an equal segment mix",
       "HBR 2017, seed 000 (medium)", "omnichannel", "online_spend_uplift_same_mix", 0.10, 0.03,
       kValidation, false, FactVariant::kNone, same_mix_spend_note},
      {"webroomers", "69 % of adults have researched online and bought in store",
       "Harris Poll 2014 (medium)", "omnichannel", "webroomer_share", 0.69, 0.05, kValidation,
       false, FactVariant::kNone, webrooming_note},
      {"showroomers", "49 % of adults have researched in store and bought online",
       "Harris Poll 2014 (medium)", "omnichannel", "showroomer_share", 0.49, 0.05, kValidation,
       false, FactVariant::kNone, showrooming_note},
      {"multichannel_clv_uplift", "multichannel customers have a 30 % higher CLV",
       "seed 000 (weak)", "omnichannel", "self_selection_gap", 0.30, 0.03, kValidation, false,
       FactVariant::kNone, multichannel_clv_note},
      {"retention_multichannel", "firms with channel silos keep 33 % a year",
       "Aberdeen 2013 (weak)", "multichannel", "retention_12m", 0.33, 0.03, kValidation, false,
       FactVariant::kNone, silo_retention_note},
      {"growth_multichannel", "silo revenue grows 3.4 % a year", "Aberdeen 2013, seed 002 (weak)",
       "multichannel", "revenue_growth_per_year", 0.034, 0.03, kValidation, true,
       FactVariant::kNone, silo_growth_note},
      {"cost_per_contact_omnichannel", "omnichannel cost per contact falls 7.5 % a year",
       "Aberdeen 2013, seed 002 (weak)", "omnichannel", "cost_per_contact_change_per_year", -0.075,
       0.03, kValidation, true, FactVariant::kNone, omnichannel_cost_trend_note},
      {"cost_per_contact_multichannel", "silo cost per contact falls 0.2 % a year",
       "Aberdeen 2013 (weak)", "multichannel", "cost_per_contact_change_per_year", -0.002, 0.03,
       kValidation, true, FactVariant::kNone, silo_cost_trend_note},
      {"whale_top_customers", "the most profitable 20 % of customers earn 150-300 % of the profit",
       "Kaplan & Narayanan 2001 (medium)", "omnichannel", "profit_share_top20", 2.25, 0.75,
       kValidation, false, FactVariant::kNone, whale_note},
      {"whale_loss_makers", "the least profitable 10-20 % of customers lose money",
       "Kaplan & Narayanan 2001 (medium)", "omnichannel", "loss_making_share", 0.15, 0.05,
       kValidation, false, FactVariant::kNone, whale_note},
      // Profit as Reichheld & Sasser price it: a customer's discounted
      // profit over its life, its acquisition cost included.
      {"retention_profit", "5 more points of retention raise profit 25-95 %",
       "Reichheld & Sasser 1990, Bain; seed 004 (weak)", "omnichannel",
       "clv_lifetime_net_incl_base_cac_eur", 0.60, 0.35, kValidation, false,
       FactVariant::kRetentionPlusFivePoints},
  };
  return facts;
}

const std::vector<UnmodelledClaim>& unmodelled_claims() {
  static const std::vector<UnmodelledClaim> claims{
      {"repeat_store_trips", "omnichannel shoppers made 23 % more repeat store trips in six months",
       "HBR 2017",
       "needs each shopper's six months after its first multichannel journey; the KPIs "
       "aggregate whole lives, not windows after an event"},
      {"four_plus_channels_spend", "shoppers using four channels or more spent 9 % more in store",
       "HBR 2017",
       "the spend uplift is tallied for two channels or more, not by the number of channels"},
      {"spend_after_first_purchase",
       "customers spend 17 % more in the six months after their "
       "first purchase",
       "seed 004 (no source named)",
       "no source or comparison group is named; spend per order does not depend on tenure"},
      {"engaged_customer_premium",
       "fully engaged customers bring a 23 % premium in profitability "
       "and revenue",
       "seed 002 (Gallup)",
       "engagement is no state of the model; satisfaction is the nearest, and no source maps one "
       "onto the other"},
      {"engaged_less_price_sensitive", "engaged customers are less sensitive to price", "seed 002",
       "price sensitivity is a fixed trait of each customer"},
      {"silos_cannibalise", "channels run as silos compete with and cannibalise each other",
       "seeds 001-004",
       "the channels of one firm do not compete for budget or margin; silo teams only send "
       "their own campaigns (docs/model.md §6)"},
      {"marketers_share_data", "only 35 % of marketers share customer data across departments",
       "seed 002 (Emarsys)", "a share of firms; the model simulates one firm"},
      {"ecommerce_quarter_of_retail",
       "e-commerce will reach 7.4 trillion USD, a quarter of "
       "retail, by 2025",
       "seed 002 (no source named)",
       "a market total; its counterpart, the store share of one retailer's sales, is checked "
       "against NRF's 73 %"},
  };
  return claims;
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kUnavailable:
      return "unavailable";
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kInconclusive:
      return "inconclusive";
  }
  return "unknown";
}

Verdict judge_fact(const Interval& simulated, const Fact& fact) {
  const double miss = std::abs(simulated.mean - fact.target);
  if (!std::isfinite(miss)) return Verdict::kFail;
  // With fewer than two replications there is no interval: judge the mean.
  const double half_width = std::isnan(simulated.half_width) ? 0.0 : simulated.half_width;
  if (miss - half_width > fact.tolerance) return Verdict::kFail;  // even the near end is off
  if (fact.trend && fact.target != 0.0) {
    const double sign = fact.target > 0.0 ? 1.0 : -1.0;
    if (sign * (simulated.mean + sign * half_width) < 0.0) return Verdict::kFail;
    if (sign * (simulated.mean - sign * half_width) <= 0.0) return Verdict::kInconclusive;
  }
  if (miss <= fact.tolerance && half_width <= fact.tolerance) return Verdict::kPass;
  return Verdict::kInconclusive;
}

std::vector<FactVariant> fact_variants(const Model& model) {
  std::vector<FactVariant> variants;
  for (const Fact& fact : stylised_facts()) {
    if (fact.variant == FactVariant::kNone || model.strategy_index(fact.strategy) < 0) continue;
    if (std::find(variants.begin(), variants.end(), fact.variant) == variants.end()) {
      variants.push_back(fact.variant);
    }
  }
  return variants;
}

std::vector<FactCheck> check_facts(const Model& model, const ExperimentResults& results,
                                   const std::vector<VariantRun>& variants, double confidence) {
  const RunFigures figures(model, results);
  std::vector<FactCheck> checks;
  for (const Fact& fact : stylised_facts()) {
    FactCheck check;
    check.fact = fact;
    std::size_t slot = results.strategies.size();
    for (std::size_t s = 0; s < results.strategies.size(); ++s) {
      if (model.strategies[static_cast<std::size_t>(results.strategies[s])].name == fact.strategy) {
        slot = s;
      }
    }
    const std::size_t kpi = kpi_slot(results, fact.kpi);
    if (slot == results.strategies.size() || kpi == results.kpis.size()) {
      checks.push_back(check);
      continue;
    }
    std::vector<double> values = results.kpi_column(slot, kpi);
    check.unit = results.kpis[kpi].unit;
    if (fact.variant != FactVariant::kNone) {
      const auto run = std::find_if(variants.begin(), variants.end(),
                                    [&](const VariantRun& v) { return v.variant == fact.variant; });
      if (run == variants.end()) {
        checks.push_back(check);
        continue;
      }
      const std::size_t retention = kpi_slot(results, "retention_12m");
      const std::vector<double> base = values;
      const std::vector<double> variant = run->results.kpi_column(0, kpi);
      const std::vector<double> base_retention = results.kpi_column(slot, retention);
      const std::vector<double> variant_retention = run->results.kpi_column(0, retention);
      for (std::size_t r = 0; r < values.size(); ++r) {
        values[r] = counterfactual_value(fact, base, variant, base_retention, variant_retention, r);
      }
      check.unit = "share";
    }
    check.available = true;
    check.simulated = mean_interval(values, confidence);
    check.verdict = judge_fact(check.simulated, fact);
    if (check.verdict == Verdict::kFail && fact.conflict != nullptr) {
      check.conflict_note = fact.conflict(figures);
    }
    checks.push_back(check);
  }
  return checks;
}

}  // namespace omnisim
