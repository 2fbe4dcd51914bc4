#pragma once
// The scenario as the user wrote it: validated settings, still by name.
// `model/` freezes it into index-based tables the engine reads.
// Every field here has a default; scenarios/retail.toml documents them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace omnisim {

struct SimulationSettings {
  std::int64_t customers = 100'000;  // paid acquisitions over the run
  double horizon_days = 1095.0;
  double period_days = 30.0;  // reporting and coupling period
  std::int64_t seed = 1;
  std::int64_t replications = 5;
};

struct AcquisitionSettings {
  double initial_share = 0.5;   // share of customers already acquired at day 0
  double window_days = 1095.0;  // the others arrive uniformly over [0, window_days)
};

struct AnalysisSettings {
  std::string baseline = "multichannel";  // strategy the others are compared with
  double confidence = 0.95;
};

enum class Discounting { kContinuous, kPerPeriod };

struct MoneySettings {
  double margin_rate = 0.35;             // gross margin on revenue
  double discount_rate_per_year = 0.10;  // CLV discount rate
  Discounting discounting = Discounting::kContinuous;
};

enum class LifetimeModel { kParetoNbd, kBgNbd, kPeriodic };

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

enum class ChannelKind { kPhysical, kDigital, kAssisted };

enum class ContactPolicy {
  kSiloed,   // every marketing channel sends its own campaigns
  kUnified,  // one profile, one policy: a shared frequency cap, the customer's preferred channel
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
  // paid customers of the scenario (0: unlimited). MODEL.md §8 congestion.
  double capacity_per_period_per_1000_customers = 0.0;
};

struct StrategySpec {
  std::string name;
  std::string label;
  std::vector<std::string> channels;
  double linkage = 0.0;  // rho: chance a channel's record joins the shared profile
  std::vector<std::string> bridges;
  double fixed_cost_eur_per_customer_year = 0.0;
  ContactPolicy contact_policy = ContactPolicy::kSiloed;
};

struct CampaignSpec {  // marketing sent through one channel (MODEL.md §6)
  std::string name;    // the channel
  double contacts_per_year = 12.0;
  double cost_eur = 0.05;
};

struct ClickAndCollectSettings {
  bool enabled = true;
  std::vector<std::string> order_channels{"web", "app"};
  std::string pickup_channel = "store";
  double preference = -0.5;  // utility of collecting over home delivery
  double fulfilment_cost_eur = 1.5;
  double addon_probability = 0.37;
  double addon_basket_share = 0.4;  // add-on value as a share of the order
};

struct RopoSettings {  // research online, purchase offline, with the store's stock visible online
  bool enabled = true;
  std::vector<std::string> research_channels{"web", "app"};
  std::string store_channel = "store";
};

struct ReturnAnywhereSettings {
  bool enabled = true;
  std::vector<std::string> online_channels{"web", "app"};
  std::string store_channel = "store";
};

struct ShipFromStoreSettings {  // one stock view: online orders ship from store stock and back
  bool enabled = true;
  std::vector<std::string> channels{"store", "web", "app"};
  double stockout_reduction = 0.7;  // share of stock-outs the shared stock avoids
};

struct CartSyncSettings {  // one basket across web and app
  bool enabled = true;
  std::vector<std::string> channels{"web", "app"};
  double conversion_uplift = 0.10;  // relative, buying after browsing on the other device
};

struct BridgeSettings {
  ClickAndCollectSettings click_and_collect;
  RopoSettings ropo;
  ReturnAnywhereSettings return_anywhere;
  ShipFromStoreSettings ship_from_store;
  CartSyncSettings cart_sync;
};

struct FunnelMechanism {  // outside option and conversion below 1
  bool enabled = true;
  double outside_utility = -1.5;
};

struct HabitMechanism {
  bool enabled = true;
  double utility = 0.8;  // bonus for the channel used last
};

struct ContextCarryoverMechanism {
  bool enabled = true;
  double repeat_effort = 0.6;      // effort of repeating information after a switch
  double repeat_cost_share = 0.5;  // share of an assisted contact's cost paid again
  double leak_probability = 0.08;  // chance a repeat makes the customer give up
};

struct PersonalisationMechanism {
  bool enabled = true;
  double conversion_uplift = 0.15;  // relative, at full knowledge
  double basket_uplift = 0.12;      // relative, at full knowledge (MODEL.md §4: +10-15 %)
  double saturation_interactions = 20.0;
};

struct ServiceMechanism {
  bool enabled = true;
  std::int64_t max_contacts = 3;
  double give_up_probability = 0.3;  // after an unresolved contact
};

struct FirstContactResolutionMechanism {
  bool enabled = true;
  double resolution_seen = 0.85;    // the contacted channel can see the purchase
  double resolution_unseen = 0.35;  // it cannot
};

struct StockoutMechanism {
  bool enabled = true;
  double wasted_trip_effort = 1.5;
};

struct SatisfactionMechanism {
  bool enabled = true;  // satisfaction -> dropout hazard
  double initial = 7.0;
  double neutral = 7.0;
  double learning_rate = 0.3;
  double effort_weight = 1.0;
  double unresolved_penalty = 4.0;
  double failed_purchase_penalty = 2.0;
  double kappa = 0.3;  // mu_eff = mu * exp(-kappa * (satisfaction - neutral))
};

struct MarketingMechanism {  // MODEL.md §6
  bool enabled = true;
  double trigger_probability = 0.08;      // a contact triggers a need (no fatigue yet)
  double fatigue_half_life_days = 30.0;   // recent contacts decay with this half-life
  double fatigue_scale = 3.0;             // trigger chance x exp(-(fatigue - 1) / scale)
  double fatigue_tolerance = 4.0;         // recent contacts tolerated without annoyance
  double annoyance_per_contact = 0.15;    // satisfaction lost per contact beyond tolerance
  double unsubscribe_probability = 0.05;  // per contact beyond tolerance
  double unified_cap_per_year = 24.0;     // unified policy: all channels together
};

struct WordOfMouthMechanism {  // MODEL.md §8
  bool enabled = true;
  double referral_probability = 0.05;       // per journey that leaves the customer a promoter
  double detractor_acquisition_loss = 0.5;  // paid acquisitions lost per unit detractor share
  double referral_cac_eur = 10.0;
};

struct CongestionMechanism {  // MODEL.md §8
  bool enabled = true;
  double effort_per_overload = 1.5;  // waiting effort when the load is twice the capacity
};

struct AppAdoptionMechanism {  // MODEL.md §8: Bass diffusion
  bool enabled = true;
  double p_per_year = 0.03;  // innovation
  double q_per_year = 0.38;  // imitation, times the adopter share
};

struct Mechanisms {
  FunnelMechanism funnel;
  HabitMechanism habit;
  ContextCarryoverMechanism context_carryover;
  PersonalisationMechanism personalisation;
  ServiceMechanism service;
  FirstContactResolutionMechanism first_contact_resolution;
  StockoutMechanism stockouts;
  SatisfactionMechanism satisfaction;
  MarketingMechanism marketing;
  WordOfMouthMechanism word_of_mouth;
  CongestionMechanism congestion;
  AppAdoptionMechanism app_adoption;
};

struct Scenario {
  SimulationSettings simulation;
  AcquisitionSettings acquisition;
  AnalysisSettings analysis;
  MoneySettings money;
  LifetimeSettings lifetime;
  JourneySettings journey;
  SurveySettings survey;
  std::vector<SegmentSpec> segments;
  std::vector<ChannelSpec> channels;
  std::vector<StrategySpec> strategies;
  std::vector<CampaignSpec> campaigns;
  BridgeSettings bridges;
  Mechanisms mechanisms;
};

}  // namespace omnisim
