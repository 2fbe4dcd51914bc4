#pragma once
// Every mechanism and bridge, declared once: its settings (with the `enabled`
// switch), their schema keys, its name, the section of docs/model.md that
// specifies it, and its place in the registry lists at the end of this file.
// Validation, `scenario show`, `--set`, `explain --mechanisms`, the ablation
// of `explain` and the model's bridge offers are all derived from here.
//
// Adding a mechanism: its struct (with kInfo) and describe() below, a member
// of Mechanisms, an entry in MechanismRegistry; then the model (sim/model),
// the engine code that implements it, and its tests (README, Development).

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/core/limits.hpp"
#include "sim/scenario/bounds.hpp"

namespace omnisim {

enum class SwitchKind { kMechanism, kBridge };

// How a switch relates to integration (docs/model.md §0): what tells the
// strategies that open the same channels apart. A bridge always does; a
// mechanism does if it acts only through what the strategy's linkage lets
// channels see. The others are mechanisms every strategy has alike.
enum class Integration {
  kNone,       // every strategy has it alike
  kExplained,  // integration, and one of `explain`'s default players
  // Integration, left out of `explain`'s default players (eight at most):
  // it stays on, in the structural part.
  kStructural,
};

struct SwitchInfo {
  std::string_view name;  // the key under [mechanisms] or [bridges]
  SwitchKind kind;
  int model_section;  // docs/model.md §
  std::string_view summary;
  Integration integration = Integration::kNone;
  // In the engine's first release; false for what the couplings and
  // marketing release added (bench/engine_bench.cpp times the first
  // release's set, for figures comparable with the oldest ones).
  bool foundation = true;

  bool integrates() const { return integration != Integration::kNone; }
};

// The key of a switch's settings table: "mechanisms.habit", "bridges.ropo".
std::string switch_key(const SwitchInfo& info);

struct Scenario;
struct StrategySpec;

// Every mechanism, then every bridge, in registry order.
const std::vector<SwitchInfo>& all_switches();

// Every bridge's name, comma-separated, in registry order (a strategy's
// `bridges` documents them so).
const std::string& bridge_names();

// The `enabled` flag of the mechanism or bridge called `name`; InputError
// naming every known one if there is none.
bool& switch_of(Scenario& scenario, std::string_view name);

// Whether the strategy lists the bridge in its `bridges`.
bool offers(const StrategySpec& strategy, const SwitchInfo& bridge);

// ------------------------------------------------------------ mechanisms

struct FunnelMechanism {
  static constexpr SwitchInfo kInfo{"funnel", SwitchKind::kMechanism, 3,
                                    "outside option and conversion"};
  bool enabled = true;
  double outside_utility = -1.5;
  double retry_probability = 0.0;
};

template <class V>
void describe(V& v, FunnelMechanism& s) {
  v.flag("enabled", s.enabled, "off: every need buys, in some open channel");
  v.number("outside_utility", s.outside_utility, Bounds::utility(),
           "utility of buying elsewhere or giving up");
  v.number("retry_probability", s.retry_probability, Bounds::probability(),
           "chance a decision visit that did not buy is followed by a choice among the other "
           "open channels (and the outside option)");
}

// The market (docs/model.md §3.3): a competitor offers every channel of the
// scenario, so what the firm does not open, the competitor does.
struct CompetitionMechanism {
  static constexpr SwitchInfo kInfo{"competition", SwitchKind::kMechanism, 3,
                                    "a competitor offers the channels the firm lacks"};
  bool enabled = true;
  double channel_gap_weight = 0.5;   // outside utility per unit of the channel gap
  double reach_elasticity = 0.5;     // new customers joining: (firm / market mass)^this
  double switch_probability = 0.05;  // a need bought elsewhere keeps the customer there
};

template <class V>
void describe(V& v, CompetitionMechanism& s) {
  v.flag("enabled", s.enabled,
         "the outside option is a competitor that offers every channel: it pulls harder, and wins "
         "more new customers, where the firm lacks the channels a customer prefers");
  v.number("channel_gap_weight", s.channel_gap_weight, Bounds::between(0.0, 10.0),
           "utility the outside option gains per unit of the channel gap: the log of the "
           "customer's decision-channel logit mass in the market over that at the firm");
  v.number("reach_elasticity", s.reach_elasticity, Bounds::between(0.0, 10.0),
           "a prospect acquired during the horizon joins with probability (firm / market "
           "decision-channel logit mass)^this; the day-0 base is the firm's already");
  v.number("switch_probability", s.switch_probability, Bounds::probability(),
           "chance that a need the customer takes elsewhere (the outside option) keeps it with "
           "the competitor for good");
}

struct HabitMechanism {
  static constexpr SwitchInfo kInfo{"habit", SwitchKind::kMechanism, 3, "last channel used"};
  bool enabled = true;
  double utility = 0.8;  // bonus for the channel used last
};

template <class V>
void describe(V& v, HabitMechanism& s) {
  v.flag("enabled", s.enabled, "customers favour the channel they used last");
  v.number("utility", s.utility, Bounds::utility(), "habit bonus");
}

struct ContextCarryoverMechanism {
  static constexpr SwitchInfo kInfo{"context_carryover", SwitchKind::kMechanism, 4,
                                    "context kept across linked channels", Integration::kExplained};
  bool enabled = true;
  double repeat_effort = 0.6;      // effort of repeating information after a switch
  double repeat_cost_share = 0.5;  // share of an assisted contact's cost paid again
  double leak_probability = 0.08;  // chance a repeat makes the customer give up
};

template <class V>
void describe(V& v, ContextCarryoverMechanism& s) {
  v.flag("enabled", s.enabled,
         "a switch between unlinked channels makes the customer repeat information");
  v.number("repeat_effort", s.repeat_effort, Bounds::between(0.0, 100.0), "effort of repeating");
  v.number("repeat_cost_share", s.repeat_cost_share, Bounds::between(0.0, 10.0),
           "share of an assisted or physical contact's cost paid again");
  v.number("leak_probability", s.leak_probability, Bounds::probability(),
           "chance that repeating makes the customer give up the journey");
}

struct PersonalisationMechanism {
  static constexpr SwitchInfo kInfo{"personalisation", SwitchKind::kMechanism, 4,
                                    "uplift from what the channel knows", Integration::kExplained};
  bool enabled = true;
  double conversion_uplift = 0.15;  // relative, at full knowledge
  double basket_uplift = 0.12;      // relative, at full knowledge (docs/model.md §4: +10-15 %)
  double saturation_interactions = 20.0;
};

template <class V>
void describe(V& v, PersonalisationMechanism& s) {
  v.flag("enabled", s.enabled, "conversion and basket grow with what the channel knows");
  v.number("conversion_uplift", s.conversion_uplift, Bounds::between(0.0, 10.0),
           "relative conversion uplift at full knowledge");
  v.number("basket_uplift", s.basket_uplift, Bounds::between(0.0, 10.0),
           "relative order value uplift at full knowledge");
  v.number("saturation_interactions", s.saturation_interactions, Bounds::positive(),
           "visible interactions for full knowledge");
}

struct ServiceMechanism {
  static constexpr SwitchInfo kInfo{"service", SwitchKind::kMechanism, 3,
                                    "service contacts and returns"};
  bool enabled = true;
  std::int64_t max_contacts = 3;
  double give_up_probability = 0.3;  // after an unresolved contact
  // A return left unresolved is refunded anyway, after an escalation (a
  // complaint, a chargeback) that costs this on top of the return cost.
  double escalation_cost_eur = 10.0;
};

template <class V>
void describe(V& v, ServiceMechanism& s) {
  v.flag("enabled", s.enabled, "orders need service (questions, delivery issues, returns)");
  v.integer("max_contacts", s.max_contacts, Bounds::between(1, 20),
            "contacts before an issue is left unresolved");
  v.number("give_up_probability", s.give_up_probability, Bounds::probability(),
           "chance the customer gives up after an unresolved contact");
  v.number("escalation_cost_eur", s.escalation_cost_eur, Bounds::money(),
           "a return left unresolved is refunded anyway, after an escalation (complaint, "
           "chargeback) that costs this on top of the return cost");
}

struct FirstContactResolutionMechanism {
  static constexpr SwitchInfo kInfo{"first_contact_resolution", SwitchKind::kMechanism, 4,
                                    "service resolution depends on what the channel sees",
                                    Integration::kExplained};
  bool enabled = true;
  double resolution_seen = 0.85;    // the contacted channel can see the purchase
  double resolution_unseen = 0.35;  // it cannot
};

template <class V>
void describe(V& v, FirstContactResolutionMechanism& s) {
  v.flag("enabled", s.enabled, "off: every contact resolves as if it saw the purchase");
  v.number("resolution_seen", s.resolution_seen, Bounds::probability(),
           "resolution chance when the channel sees the purchase");
  v.number("resolution_unseen", s.resolution_unseen, Bounds::probability(),
           "resolution chance when it does not");
}

struct StockoutMechanism {
  static constexpr SwitchInfo kInfo{"stockouts", SwitchKind::kMechanism, 3, "stock availability"};
  bool enabled = true;
  double wasted_trip_effort = 1.5;
};

template <class V>
void describe(V& v, StockoutMechanism& s) {
  v.flag("enabled", s.enabled, "products can be out of stock at a decision visit");
  v.number("wasted_trip_effort", s.wasted_trip_effort, Bounds::between(0.0, 100.0),
           "effort of a trip to a store that lacks the product");
}

struct SatisfactionMechanism {
  static constexpr SwitchInfo kInfo{"satisfaction", SwitchKind::kMechanism, 3,
                                    "satisfaction -> dropout hazard"};
  bool enabled = true;  // satisfaction -> dropout hazard
  double initial = 7.0;
  double neutral = 7.0;
  double learning_rate = 0.3;
  double effort_weight = 1.0;
  double unresolved_penalty = 4.0;
  double failed_purchase_penalty = 2.0;
  double kappa = 0.3;  // mu_eff = mu * exp(-kappa * (satisfaction - neutral))
  // The effort of using a channel one dislikes: per utility point a
  // touchpoint's channel falls short of the customer's favourite one for
  // the stage, anywhere in the market.
  double misfit_effort = 0.1;
};

template <class V>
void describe(V& v, SatisfactionMechanism& s) {
  v.flag("enabled", s.enabled, "satisfaction changes the dropout hazard");
  v.number("initial", s.initial, Bounds::between(0, 10), "satisfaction at acquisition, 0..10");
  v.number("neutral", s.neutral, Bounds::between(0, 10), "satisfaction with no hazard effect");
  v.number("learning_rate", s.learning_rate, Bounds::probability(),
           "weight of the last journey's experience");
  v.number("effort_weight", s.effort_weight, Bounds::between(0.0, 100.0),
           "experience points lost per effort unit");
  v.number("unresolved_penalty", s.unresolved_penalty, Bounds::between(0.0, 100.0),
           "experience points lost to an unresolved service issue");
  v.number("failed_purchase_penalty", s.failed_purchase_penalty, Bounds::between(0.0, 100.0),
           "experience points lost when a journey ends without buying");
  v.number("kappa", s.kappa, Bounds::non_negative(),
           "mu_eff = mu * exp(-kappa * (satisfaction - neutral))");
  v.number("misfit_effort", s.misfit_effort, Bounds::between(0.0, 10.0),
           "effort per affinity point by which a touchpoint's channel falls short of the "
           "customer's favourite channel for the stage (the effort of using a disliked channel)");
}

struct MarketingMechanism {
  // Every strategy has campaigns; how it coordinates them (its contact
  // policy) is a strategy lever of its own, not part of this switch.
  static constexpr SwitchInfo kInfo{
      "marketing", SwitchKind::kMechanism, 6, "campaigns and contact fatigue", Integration::kNone,
      false};
  bool enabled = true;
  double trigger_probability = 0.025;       // a contact triggers a need (no fatigue yet)
  double fatigue_half_life_days = 30.0;     // recent contacts decay with this half-life
  double fatigue_scale = 26.0;              // trigger chance x exp(-(fatigue - 1) / scale)
  double fatigue_tolerance = 4.0;           // recent contacts tolerated without annoyance
  double annoyance_per_contact = 0.02;      // satisfaction lost per contact beyond tolerance
  double unsubscribe_probability = 0.0025;  // per contact received
  double unified_cap_per_year = 24.0;       // unified policy: all channels together
};

template <class V>
void describe(V& v, MarketingMechanism& s) {
  v.flag("enabled", s.enabled, "marketing contacts are sent, cost, trigger needs and tire");
  v.number("trigger_probability", s.trigger_probability, Bounds::probability(),
           "chance a contact to a rested customer triggers a need");
  v.number("fatigue_half_life_days", s.fatigue_half_life_days, Bounds::positive(),
           "half-life of the count of recent contacts");
  v.number("fatigue_scale", s.fatigue_scale, Bounds::positive(),
           "trigger chance x exp(-(recent contacts - 1) / scale): diminishing returns");
  v.number("fatigue_tolerance", s.fatigue_tolerance, Bounds::non_negative(),
           "recent contacts tolerated before they annoy");
  v.number("annoyance_per_contact", s.annoyance_per_contact, Bounds::between(0.0, 100.0),
           "satisfaction points lost per recent contact beyond tolerance");
  v.number("unsubscribe_probability", s.unsubscribe_probability, Bounds::probability(),
           "chance of unsubscribing from the channel at each contact received");
  v.number("unified_cap_per_year", s.unified_cap_per_year, Bounds::non_negative(),
           "unified contact policy: most contacts per customer and year, all channels");
}

struct WordOfMouthMechanism {
  static constexpr SwitchInfo kInfo{"word_of_mouth",
                                    SwitchKind::kMechanism,
                                    8,
                                    "referrals and detractors",
                                    Integration::kNone,
                                    false};
  bool enabled = true;
  double referral_probability = 0.05;       // per journey that leaves the customer a promoter
  double detractor_acquisition_loss = 0.5;  // paid acquisitions lost per unit detractor share
  double referral_cac_eur = 10.0;
};

static_assert(kMaxReferredPerPaid == 2, "the doc of enabled states the cap");

template <class V>
void describe(V& v, WordOfMouthMechanism& s) {
  v.flag("enabled", s.enabled,
         "promoters refer new customers (at most 2 per paid customer), detractors cost "
         "acquisitions");
  v.number("referral_probability", s.referral_probability, Bounds::probability(),
           "chance a journey that leaves the customer a promoter brings a referral");
  v.number("detractor_acquisition_loss", s.detractor_acquisition_loss, Bounds::probability(),
           "paid acquisitions lost in a period per unit of the last period's detractor share");
  v.number("referral_cac_eur", s.referral_cac_eur, Bounds::money(),
           "acquisition cost of a referred customer");
}

struct CongestionMechanism {
  static constexpr SwitchInfo kInfo{
      "congestion", SwitchKind::kMechanism, 8, "capacity of assisted channels", Integration::kNone,
      false};
  bool enabled = true;
  double effort_per_overload = 1.5;  // waiting effort when the load is twice the capacity
};

template <class V>
void describe(V& v, CongestionMechanism& s) {
  v.flag("enabled", s.enabled, "load above a channel's capacity makes customers wait");
  v.number("effort_per_overload", s.effort_per_overload, Bounds::between(0.0, 100.0),
           "waiting effort per contact = this x (load / capacity - 1), last period's load");
}

struct AppAdoptionMechanism {
  static constexpr SwitchInfo kInfo{
      "app_adoption", SwitchKind::kMechanism, 8, "Bass diffusion of the app", Integration::kNone,
      false};
  bool enabled = true;
  double p_per_year = 0.03;  // innovation
  double q_per_year = 0.38;  // imitation, times the adopter share
};

template <class V>
void describe(V& v, AppAdoptionMechanism& s) {
  v.flag("enabled", s.enabled, "customers adopt the app over time (Bass diffusion)");
  v.number("p_per_year", s.p_per_year, Bounds::non_negative(), "innovation coefficient p");
  v.number("q_per_year", s.q_per_year, Bounds::non_negative(),
           "imitation coefficient q: hazard p + q x last period's adopter share");
}

// --------------------------------------------------------------- bridges
// A bridge acts under a strategy that lists it in `bridges`, while its
// master switch is on and its channels are open. Channel references are
// declared with channel() and channel_list(), so validation checks them for
// every bridge some strategy offers.

struct ClickAndCollectBridge {
  static constexpr SwitchInfo kInfo{"click_and_collect", SwitchKind::kBridge, 5,
                                    "order online, pick up in store", Integration::kExplained};
  bool enabled = true;
  std::vector<std::string> order_channels{"web", "app"};
  std::string pickup_channel = "store";
  double preference = -0.5;  // utility of collecting over home delivery
  double fulfilment_cost_eur = 1.5;
  double addon_probability = 0.37;
  double addon_basket_share = 0.4;  // add-on value as a share of the order
};

template <class V>
void describe(V& v, ClickAndCollectBridge& s) {
  v.flag("enabled", s.enabled, "master switch (strategies choose whether to offer it)");
  v.channel_list("order_channels", s.order_channels, 1, "channels whose orders can be collected");
  v.channel("pickup_channel", s.pickup_channel, "where orders are collected");
  v.number("preference", s.preference, Bounds::utility(),
           "utility of collecting over home delivery (plus pickup-channel affinity)");
  v.number("fulfilment_cost_eur", s.fulfilment_cost_eur, Bounds::money(),
           "fulfilment cost of a collected order");
  v.number("addon_probability", s.addon_probability, Bounds::probability(),
           "chance of an add-on purchase at pickup");
  v.number("addon_basket_share", s.addon_basket_share, Bounds::non_negative(),
           "add-on value as a share of the order value");
}

struct RopoBridge {  // research online, purchase offline, with the store's stock visible online
  static constexpr SwitchInfo kInfo{"ropo", SwitchKind::kBridge, 5,
                                    "research online, purchase offline with an online stock view",
                                    Integration::kExplained};
  bool enabled = true;
  std::vector<std::string> research_channels{"web", "app"};
  std::string store_channel = "store";
};

template <class V>
void describe(V& v, RopoBridge& s) {
  v.flag("enabled", s.enabled, "master switch");
  v.channel_list("research_channels", s.research_channels, 1, "online channels researched from");
  v.channel("store_channel", s.store_channel, "store whose stock and context they see");
}

struct ReturnAnywhereBridge {
  static constexpr SwitchInfo kInfo{"return_anywhere", SwitchKind::kBridge, 5,
                                    "return online orders in store",
                                    // the bridge with the least effect on omnichannel -
                                    // multichannel: a ninth default player would double
                                    // explain's runs for little
                                    Integration::kStructural, false};
  bool enabled = true;
  std::vector<std::string> online_channels{"web", "app"};
  std::string store_channel = "store";
};

template <class V>
void describe(V& v, ReturnAnywhereBridge& s) {
  v.flag("enabled", s.enabled, "master switch");
  v.channel_list("online_channels", s.online_channels, 1,
                 "channels whose orders can be returned in store");
  v.channel("store_channel", s.store_channel, "store that takes the returns");
}

struct ShipFromStoreBridge {  // one stock view: online orders ship from store stock and back
  static constexpr SwitchInfo kInfo{"ship_from_store",
                                    SwitchKind::kBridge,
                                    5,
                                    "shared stock view across channels",
                                    Integration::kExplained,
                                    false};
  bool enabled = true;
  std::vector<std::string> channels{"store", "web", "app"};
  double stockout_reduction = 0.7;  // share of stock-outs the shared stock avoids
};

template <class V>
void describe(V& v, ShipFromStoreBridge& s) {
  v.flag("enabled", s.enabled, "master switch");
  v.channel_list("channels", s.channels, 2, "channels that share one stock view");
  v.number("stockout_reduction", s.stockout_reduction, Bounds::probability(),
           "share of stock-outs avoided by shipping from another location");
}

struct CartSyncBridge {  // one basket across web and app
  static constexpr SwitchInfo kInfo{
      "cart_sync", SwitchKind::kBridge, 5, "one basket across web and app", Integration::kExplained,
      false};
  bool enabled = true;
  std::vector<std::string> channels{"web", "app"};
  double conversion_uplift = 0.10;  // relative, buying after browsing on the other device
};

template <class V>
void describe(V& v, CartSyncBridge& s) {
  v.flag("enabled", s.enabled, "master switch");
  v.channel_list("channels", s.channels, 2, "channels that share one basket");
  v.number("conversion_uplift", s.conversion_uplift, Bounds::between(0.0, 10.0),
           "relative conversion uplift when buying after browsing on another of them");
}

// -------------------------------------------------------------- registry

struct Mechanisms {
  FunnelMechanism funnel;
  CompetitionMechanism competition;
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

struct Bridges {
  ClickAndCollectBridge click_and_collect;
  RopoBridge ropo;
  ReturnAnywhereBridge return_anywhere;
  ShipFromStoreBridge ship_from_store;
  CartSyncBridge cart_sync;
};

// The members of `Group` in the order they are read, shown, listed and
// ablated; `for_each` calls f(settings) for each.
template <class Group, auto... kMembers>
struct Registry {
  template <class G, class F>
  static void for_each(G& group, F&& f) {
    (f(group.*kMembers), ...);
  }
  // Every member of the group is registered (a member left out would be
  // parsed by nobody).
  static constexpr bool kComplete =
      sizeof(Group) ==
      (sizeof(std::remove_reference_t<decltype(std::declval<Group&>().*kMembers)>) + ...);
};

using MechanismRegistry =
    Registry<Mechanisms, &Mechanisms::funnel, &Mechanisms::competition, &Mechanisms::habit,
             &Mechanisms::context_carryover, &Mechanisms::personalisation, &Mechanisms::service,
             &Mechanisms::first_contact_resolution, &Mechanisms::stockouts,
             &Mechanisms::satisfaction, &Mechanisms::marketing, &Mechanisms::word_of_mouth,
             &Mechanisms::congestion, &Mechanisms::app_adoption>;
using BridgeRegistry =
    Registry<Bridges, &Bridges::click_and_collect, &Bridges::ropo, &Bridges::return_anywhere,
             &Bridges::ship_from_store, &Bridges::cart_sync>;

static_assert(MechanismRegistry::kComplete, "a member of Mechanisms is missing from the registry");
static_assert(BridgeRegistry::kComplete, "a member of Bridges is missing from the registry");

}  // namespace omnisim
