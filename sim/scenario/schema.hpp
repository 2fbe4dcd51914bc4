#pragma once
// The one description of the scenario format. Every reader and writer walks
// it: `load.cpp` reads and validates TOML with it, `emit.cpp` writes the
// effective scenario back. A field added here is parsed, range-checked,
// overridable with --set and shown by `omnisim scenario show`. Mechanisms
// and bridges are described next to their settings, in registry.hpp.
//
// A visitor provides:
//   number(key, double&, Bounds, doc)       integer(key, int64&, Bounds, doc)
//   flag(key, bool&, doc)                   text(key, string&, doc)
//   choice(key, Enum&, {{"name", value}...}, doc)
//   names(key, vector<string>&, doc)        optional_number(key, optional<double>&, Bounds, doc)
//   channel(key, string&, doc)              channel_list(key, vector<string>&, at_least, doc)
//   number_map(key, map<string, double>&, Bounds, doc)
//   numbers(key, vector<double>&, count, Bounds, doc)    a fixed-length array
//   section(key, T&, doc)                   named_sections(key, vector<T>&, doc)

#include <string>
#include <utility>

#include "sim/core/limits.hpp"
#include "sim/scenario/bounds.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim::schema {

// The mechanisms' and bridges' keys, declared next to their settings.
using omnisim::describe;

template <class Enum>
using Choices = std::initializer_list<std::pair<const char*, Enum>>;

template <class V>
void describe(V& v, SimulationSettings& s) {
  v.integer("customers", s.customers, Bounds::between(1, kMaxCustomers),
            "paid customers acquired over the run (172 bytes each)");
  v.number("horizon_days", s.horizon_days, Bounds{0.0, 36500.0, true, false},
           "simulated time, days (at most 100 years)");
  v.number("period_days", s.period_days, Bounds::positive(),
           "reporting period and coupling step, days");
  v.integer("seed", s.seed, Bounds::non_negative(), "root of every random stream");
  v.integer("replications", s.replications, Bounds::between(1, 10000),
            "independent replications (confidence intervals need >= 2)");
  v.text("start_date", s.start_date,
         "calendar date of day 0, YYYY-MM-DD (the timestamps of omnisim events, UTC)");
}

template <class V>
void describe(V& v, AcquisitionSettings& s) {
  v.number("initial_share", s.initial_share, Bounds::probability(),
           "share of customers already acquired at day 0");
  v.number("window_days", s.window_days, Bounds::non_negative(),
           "the others are acquired uniformly over [0, window_days)");
}

template <class V>
void describe(V& v, AnalysisSettings& s) {
  v.text("baseline", s.baseline, "strategy every other is compared with");
  v.number("confidence", s.confidence, Bounds::open_probability(), "confidence level of intervals");
  v.text("objective", s.objective, "KPI the verdict ranks the strategies on");
  v.choice("objective_goal", s.objective_goal,
           Choices<ObjectiveGoal>{{"maximise", ObjectiveGoal::kMaximise},
                                  {"minimise", ObjectiveGoal::kMinimise}},
           "whether a higher or a lower objective is better");
}

template <class V>
void describe(V& v, MoneySettings& s) {
  v.number("margin_rate", s.margin_rate, Bounds::probability(), "gross margin on revenue");
  v.number("discount_rate_per_year", s.discount_rate_per_year, Bounds::between(0.0, 10.0),
           "CLV discount rate per year");
  v.choice("discounting", s.discounting,
           Choices<Discounting>{{"continuous", Discounting::kContinuous},
                                {"per_period", Discounting::kPerPeriod}},
           "continuous, or per period of the customer's life (Gupta-Lehmann timing)");
}

template <class V>
void describe(V& v, LifetimeSettings& s) {
  v.choice("model", s.model,
           Choices<LifetimeModel>{{"pareto_nbd", LifetimeModel::kParetoNbd},
                                  {"bg_nbd", LifetimeModel::kBgNbd},
                                  {"periodic", LifetimeModel::kPeriodic}},
           "pareto_nbd (hazard mu), bg_nbd (dropout after purchases) or periodic (retention)");
}

template <class V>
void describe(V& v, JourneySettings& s) {
  v.number("consideration_touchpoints_mean", s.consideration_touchpoints_mean,
           Bounds::between(1.0, 100.0),
           "mean of the geometric number of consideration touchpoints");
  v.integer("max_touchpoints", s.max_touchpoints, Bounds::between(1, 100),
            "cap on consideration touchpoints per journey");
  v.number("touch_bonus", s.touch_bonus, Bounds::utility(),
           "decision utility of physical channels when the need wants the product seen");
}

template <class V>
void describe(V& v, SurveySettings& s) {
  v.number("response_probability", s.response_probability, Bounds::probability(),
           "chance a journey ends with an NPS answer");
  v.number("noise_sd", s.noise_sd, Bounds::non_negative(),
           "answer = satisfaction + N(0, sd), rounded to 0..10");
}

template <class V>
void describe(V& v, EventTimesSettings& s) {
  const Bounds weight = Bounds::non_negative();
  v.numbers("digital_by_hour", s.digital_by_hour, 24, weight,
            "relative traffic of digital channels by hour of the day, 0h first (UTC)");
  v.numbers("digital_by_weekday", s.digital_by_weekday, 7, weight,
            "relative traffic of digital channels by day of the week, Monday first");
  v.numbers("physical_by_hour", s.physical_by_hour, 24, weight,
            "relative store traffic by hour (0: closed)");
  v.numbers("physical_by_weekday", s.physical_by_weekday, 7, weight,
            "relative store traffic by day of the week, Monday first (0: closed)");
  v.numbers("assisted_by_hour", s.assisted_by_hour, 24, weight,
            "relative call-centre, chat and e-mail traffic by hour (0: closed)");
  v.numbers("assisted_by_weekday", s.assisted_by_weekday, 7, weight,
            "relative assisted traffic by day of the week, Monday first (0: closed)");
  v.number("research_gap_hours", s.research_gap_hours, Bounds::between(0.01, 720.0),
           "median busy time between two visits of a journey, hours");
  v.number("checkout_minutes", s.checkout_minutes, Bounds::between(0.1, 1440.0),
           "median time from the decision visit to the order, minutes");
  v.number("pickup_hours", s.pickup_hours, Bounds::between(0.1, 720.0),
           "median store time from a click & collect order to its pickup, hours");
  v.number("delivery_days", s.delivery_days, Bounds::between(0.01, 60.0),
           "median business time from a delivered order to its delivery, days");
  v.number("aftersale_days", s.aftersale_days, Bounds::between(0.01, 120.0),
           "median time from receiving an order to a service contact or a return, days");
}

template <class V>
void describe(V& v, GammaRate& s) {
  v.number("r", s.r, Bounds::positive(), "shape of lambda ~ Gamma(r, alpha)");
  v.number("alpha_years", s.alpha_years, Bounds::positive(),
           "rate of lambda ~ Gamma(r, alpha), years (mean lambda = r / alpha per year)");
}

template <class V>
void describe(V& v, DropoutSettings& s) {
  v.number("s", s.s, Bounds::positive(), "pareto_nbd: shape of mu ~ Gamma(s, beta)");
  v.number("beta_years", s.beta_years, Bounds::positive(),
           "pareto_nbd: rate of mu ~ Gamma(s, beta), years");
  v.number("a", s.a, Bounds::positive(), "bg_nbd: p ~ Beta(a, b)");
  v.number("b", s.b, Bounds::positive(), "bg_nbd: p ~ Beta(a, b)");
  v.number("retention_per_period", s.retention_per_period, Bounds::probability(),
           "periodic: chance to stay for each period of life");
}

template <class V>
void describe(V& v, SpendSettings& s) {
  v.number("p", s.p, Bounds::positive(), "order value ~ Gamma(p, nu)");
  v.number("q", s.q, Bounds::greater_than(1.0), "nu ~ Gamma(q, gamma); q > 1 for a finite mean");
  v.number("gamma_eur", s.gamma_eur, Bounds{0.0, 1e7, true, false},
           "nu ~ Gamma(q, gamma); mean order = p * gamma / (q - 1) EUR");
}

// The limits the docs below state (sim/core/limits.hpp).
static_assert(kMaxNeedsPerYear == 3650.0 && kMaxMeanOrderEur == 1e6 && kMaxAmountEur == 1e7);

template <class V>
void describe(V& v, SegmentSpec& s) {
  v.number("share", s.share, Bounds::probability(), "share of acquired customers");
  v.section("purchase_rate", s.purchase_rate,
            "need rate per year, Pareto/NBD; the top one-in-a-billion rate at most 3650 a year");
  v.section("dropout", s.dropout, "latent lifetime");
  v.section("spend", s.spend, "order value, Gamma-Gamma; mean order at most 1e6 EUR");
  v.number_map("affinity", s.affinity, Bounds::utility(),
               "mean utility per channel (0 when absent)");
  v.number("affinity_sd", s.affinity_sd, Bounds::between(0.0, 10.0),
           "individual utility noise around the segment mean");
  v.number("app_share", s.app_share, Bounds::probability(), "share who have the app");
  v.number("touch_need", s.touch_need, Bounds::probability(),
           "chance a need wants the product seen or touched");
  v.number("price_sensitivity", s.price_sensitivity, Bounds::non_negative(),
           "mean extra utility of the outside option (Gamma trait, shape 4)");
}

template <class V>
void describe(V& v, StageFit& s) {
  v.optional_number("consideration", s.consideration, Bounds::utility(),
                    "research utility; absent = no research here");
  v.optional_number("decision", s.decision, Bounds::utility(), "buying utility; absent = no sales");
  v.optional_number("service", s.service, Bounds::utility(),
                    "service utility; absent = no service");
}

template <class V>
void describe(V& v, ChannelSpec& s) {
  v.choice("kind", s.kind,
           Choices<ChannelKind>{{"physical", ChannelKind::kPhysical},
                                {"digital", ChannelKind::kDigital},
                                {"assisted", ChannelKind::kAssisted}},
           "physical (store), digital self-service, or assisted (call, chat)");
  v.flag("requires_app", s.requires_app, "open only to customers who have the app");
  v.number("visit_cost_eur", s.visit_cost_eur, Bounds::money(),
           "cost of a consideration or decision touchpoint");
  v.number("service_cost_eur", s.service_cost_eur, Bounds::money(), "cost of a service contact");
  v.number("fulfilment_cost_eur", s.fulfilment_cost_eur, Bounds::money(),
           "cost per order bought here");
  v.number("return_cost_eur", s.return_cost_eur, Bounds::money(),
           "cost per return of an order bought here");
  v.number("cac_eur", s.cac_eur, Bounds::money(), "acquisition cost, acquired here");
  v.number("conversion", s.conversion, Bounds::probability(),
           "chance a decision visit buys (before personalisation)");
  v.number("basket_factor", s.basket_factor, Bounds{0.0, 100.0, true, false},
           "order value multiplier");
  v.number("effort", s.effort, Bounds::between(0.0, 100.0), "effort of one touchpoint");
  v.section("stage_fit", s.stage_fit, "utility per stage");
  v.number("service_probability", s.service_probability, Bounds::probability(),
           "chance an order bought here needs service");
  v.number("return_share", s.return_share, Bounds::probability(),
           "share of service issues that are returns");
  v.number("stockout_probability", s.stockout_probability, Bounds::between(0.0, 0.99),
           "chance the product is unavailable at a decision visit");
  v.number("capacity_per_period_per_1000_customers", s.capacity_per_period_per_1000_customers,
           Bounds::non_negative(),
           "contacts per period handled without queueing, per 1,000 paid customers (0: no limit)");
}

template <class V>
void describe(V& v, StrategySpec& s) {
  v.text("label", s.label, "name shown in tables");
  v.names("channels", s.channels, "channels open under this strategy");
  v.number("linkage", s.linkage, Bounds::probability(),
           "rho: chance a channel's record joins the shared profile");
  v.names("bridges", s.bridges, bridge_names());
  v.number("fixed_cost_eur_per_customer_year", s.fixed_cost_eur_per_customer_year, Bounds::money(),
           "platform, data and staff cost per active customer");
  v.names("campaigns", s.campaigns,
          "the [campaigns.NAME] this strategy runs (none by default); push needs the app open");
  v.choice("contact_policy", s.contact_policy,
           Choices<ContactPolicy>{{"siloed", ContactPolicy::kSiloed},
                                  {"unified", ContactPolicy::kUnified}},
           "siloed: each channel sends its own marketing; unified: one capped policy");
}

template <class V>
void describe(V& v, CampaignSpec& s) {
  v.number("contacts_per_year", s.contacts_per_year, Bounds::non_negative(),
           "marketing contacts this channel sends a subscribed customer per year");
  v.number("cost_eur", s.cost_eur, Bounds::money(), "cost per marketing contact");
}

// A mechanism's or bridge's table: its registry entry names it and cites
// its section of docs/model.md.
template <class V, class Settings>
void describe_switch(V& v, Settings& settings) {
  const SwitchInfo& info = Settings::kInfo;
  v.section(
      info.name, settings,
      std::string(info.summary) + " (docs/model.md §" + std::to_string(info.model_section) + ")");
}

template <class V>
void describe(V& v, Bridges& s) {
  BridgeRegistry::for_each(s, [&](auto& bridge) { describe_switch(v, bridge); });
}

template <class V>
void describe(V& v, Mechanisms& s) {
  MechanismRegistry::for_each(s, [&](auto& mechanism) { describe_switch(v, mechanism); });
}

template <class V>
void describe(V& v, Scenario& s) {
  v.section("simulation", s.simulation, "run size and seed");
  v.section("acquisition", s.acquisition, "when customers arrive");
  v.section("analysis", s.analysis, "comparison settings");
  v.section("money", s.money, "margin and discounting");
  v.section("lifetime", s.lifetime, "latent lifetime model");
  v.section("journey", s.journey, "purchase occasion structure");
  v.section("survey", s.survey, "NPS measurement");
  v.section("event_times", s.event_times,
            "when the event log's events happen in the day and the week (docs/model.md §11)");
  v.named_sections("segments", s.segments, "customer segments");
  v.named_sections("channels", s.channels, "channels");
  v.named_sections("strategies", s.strategies, "strategies");
  v.named_sections("campaigns", s.campaigns, "marketing campaigns, one per sending channel");
  v.section("bridges", s.bridges, "bridges between channels");
  v.section("mechanisms", s.mechanisms, "mechanism switches and parameters");
}

}  // namespace omnisim::schema
