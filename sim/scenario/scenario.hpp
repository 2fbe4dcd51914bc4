#pragma once
// The scenario as the user wrote it: validated settings, still by name.
// `model/` freezes it into index-based tables the engine reads. Every field
// here has a default; docs/model.md documents them. Mechanisms and bridges
// are declared in registry.hpp.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/vocabulary.hpp"
#include "sim/scenario/registry.hpp"

namespace omnisim {

struct SimulationSettings {
  std::int64_t customers = 100'000;  // paid acquisitions over the run
  double horizon_days = 1095.0;
  double period_days = 30.0;  // reporting and coupling period
  std::int64_t seed = 1;
  std::int64_t replications = 5;
  std::string start_date = "2026-01-01";  // calendar date of day 0 (event timestamps)
};

struct AcquisitionSettings {
  double initial_share = 0.5;   // share of customers already acquired at day 0
  double window_days = 1095.0;  // the others arrive uniformly over [0, window_days)
};

struct AnalysisSettings {
  std::string baseline = "multichannel";  // strategy the others are compared with
  double confidence = 0.95;
  // The KPI the verdict ranks strategies on, and which way is better.
  std::string objective = "clv_lifetime_net_per_prospect_eur";
  ObjectiveGoal objective_goal = ObjectiveGoal::kMaximise;
};

struct MoneySettings {
  double margin_rate = 0.35;             // gross margin on revenue
  double discount_rate_per_year = 0.10;  // CLV discount rate
  Discounting discounting = Discounting::kContinuous;
};

struct LifetimeSettings {
  LifetimeModel model = LifetimeModel::kParetoNbd;
};

struct JourneySettings {
  double consideration_touchpoints_mean = 2.0;  // geometric on {1, 2, ...}
  std::int64_t max_touchpoints = 12;            // cap on consideration touchpoints
  double touch_bonus = 1.0;  // decision utility of physical channels for a need to touch
};

struct SurveySettings {
  double response_probability = 0.2;  // chance a journey ends with an NPS answer
  double noise_sd = 1.5;              // answer = satisfaction + N(0, sd), rounded to 0..10
};

// When the event log's events happen (docs/model.md §11): the profiles are
// relative weights, normalised when frozen; the default shapes and their
// sources are in docs/model.md.
struct EventTimesSettings {
  // Visits to retail sites rise from 9h, peak 20h-22h and are lowest 3h-5h.
  std::vector<double> digital_by_hour = {2.0, 1.4, 1.0, 0.7, 0.6, 0.7, 1.2, 2.0,
                                         3.0, 3.8, 4.3, 4.7, 5.2, 5.1, 5.0, 5.0,
                                         5.2, 5.6, 6.0, 6.6, 7.3, 7.4, 6.2, 3.8};
  std::vector<double> digital_by_weekday = {1.05, 1.0, 1.0, 0.97, 0.92, 0.9, 1.1};
  // Stores open 9h-20h, busiest at lunch and after work; closed on Sunday.
  std::vector<double> physical_by_hour = {0,   0,   0,   0,   0,   0,   0,   0,   0, 2.0, 3.0, 4.0,
                                          5.0, 4.6, 3.8, 3.8, 4.2, 5.0, 5.6, 4.4, 0, 0,   0,   0};
  std::vector<double> physical_by_weekday = {0.8, 0.8, 0.9, 0.9, 1.1, 1.6, 0.0};
  // Call centre, chat and e-mail replies: 8h-20h on working days, Saturday mornings.
  std::vector<double> assisted_by_hour = {0,   0,   0,   0,   0,   0,   0,   0,
                                          3.0, 4.0, 4.2, 4.0, 3.2, 3.4, 4.0, 3.8,
                                          3.6, 3.2, 2.6, 2.0, 0,   0,   0,   0};
  std::vector<double> assisted_by_weekday = {1.2, 1.05, 1.0, 1.0, 0.95, 0.5, 0.0};
  double research_gap_hours = 3.0;  // median busy time between two visits of a journey
  double checkout_minutes = 6.0;    // decision visit -> order
  double pickup_hours = 20.0;       // click & collect order -> pickup, store time
  double delivery_days = 2.0;       // order -> delivery, business time
  double aftersale_days = 4.0;      // receiving the order -> service contact or return
};

struct GammaRate {  // lambda ~ Gamma(r, alpha), alpha a rate in years
  double r = 1.0;
  double alpha_years = 0.25;
};

struct DropoutSettings {
  double s = 1.0;  // Pareto/NBD: mu ~ Gamma(s, beta), per year
  double beta_years = 2.0;
  double a = 1.0;  // BG/NBD: p ~ Beta(a, b), dropout chance after a purchase
  double b = 4.0;
  double retention_per_period = 0.95;  // periodic: chance to stay for each period
};

struct SpendSettings {  // Gamma-Gamma (Fader, Hardie & Lee 2005): mean order = p * gamma / (q - 1)
  double p = 4.0;
  double q = 5.0;
  double gamma_eur = 60.0;
};

struct SegmentSpec {
  std::string name;
  double share = 0.0;
  GammaRate purchase_rate;
  DropoutSettings dropout;
  SpendSettings spend;
  std::map<std::string, double> affinity;  // channel -> mean utility (0 when absent)
  double affinity_sd = 0.5;                // individual noise around the segment mean
  double app_share = 0.2;                  // share who have the app at acquisition
  double touch_need = 0.3;                 // chance a need wants the product seen
  double price_sensitivity = 0.5;          // mean outside-option utility bonus
};

struct StageFit {  // utility by stage; absent = the channel does not serve that stage
  std::optional<double> consideration;
  std::optional<double> decision;
  std::optional<double> service;
};

struct ChannelSpec {
  std::string name;
  ChannelKind kind = ChannelKind::kDigital;
  bool requires_app = false;
  double visit_cost_eur = 0.10;      // per consideration/decision touchpoint
  double service_cost_eur = 0.10;    // per service contact
  double fulfilment_cost_eur = 0.0;  // per order bought here
  double return_cost_eur = 0.0;      // per return of an order bought here
  double cac_eur = 30.0;             // acquisition cost when acquired here
  double conversion = 0.5;           // base chance a decision visit buys
  double basket_factor = 1.0;        // order value multiplier
  double effort = 0.5;               // effort of one touchpoint (utility and satisfaction)
  StageFit stage_fit;
  double service_probability = 0.1;   // chance an order bought here needs service
  double return_share = 0.5;          // share of those service issues that are returns
  double stockout_probability = 0.0;  // chance the product is unavailable at a visit
  // Contacts per period this channel handles without queueing, per 1,000
  // paid customers of the scenario (0: unlimited). docs/model.md §8 congestion.
  double capacity_per_period_per_1000_customers = 0.0;
};

struct StrategySpec {
  std::string name;
  std::string label;
  std::vector<std::string> channels;
  double linkage = 0.0;  // rho: chance a channel's record joins the shared profile
  std::vector<std::string> bridges;
  double fixed_cost_eur_per_customer_year = 0.0;
  // The [campaigns.NAME] this strategy runs (none by default), under one
  // contact policy. A campaign may use a channel the strategy does not open
  // for journeys (a store-only retailer's newsletter); push needs the app.
  std::vector<std::string> campaigns;
  ContactPolicy contact_policy = ContactPolicy::kSiloed;
};

struct CampaignSpec {  // marketing sent through one channel (docs/model.md §6)
  std::string name;    // the channel
  double contacts_per_year = 12.0;
  double cost_eur = 0.05;
};

struct Scenario {
  SimulationSettings simulation;
  AcquisitionSettings acquisition;
  AnalysisSettings analysis;
  MoneySettings money;
  LifetimeSettings lifetime;
  JourneySettings journey;
  SurveySettings survey;
  EventTimesSettings event_times;
  std::vector<SegmentSpec> segments;
  std::vector<ChannelSpec> channels;
  std::vector<StrategySpec> strategies;
  std::vector<CampaignSpec> campaigns;
  Bridges bridges;
  Mechanisms mechanisms;
};

// The names of named tables (strategies, channels, ...), in order.
template <typename Named>
std::vector<std::string> names_of(const std::vector<Named>& items) {
  std::vector<std::string> names;
  names.reserve(items.size());
  for (const auto& item : items)
    names.push_back(item.name);
  return names;
}

}  // namespace omnisim
