#include "sim/kpi/catalogue.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include "sim/core/numbers.hpp"
#include "sim/kpi/timeseries.hpp"

namespace omnisim {
namespace {

double ratio(double numerator, double denominator) {
  return denominator > 0.0 ? numerator / denominator : kNaN;
}
double ratio(std::uint64_t numerator, std::uint64_t denominator) {
  return ratio(static_cast<double>(numerator), static_cast<double>(denominator));
}

// Compound yearly growth from the first to the last full calendar year.
double growth_per_year(const std::vector<double>& by_year, int full_years) {
  if (full_years < 2) return kNaN;
  const double first = by_year[0];
  const double last = by_year[static_cast<std::size_t>(full_years - 1)];
  if (!(first > 0.0) || !(last > 0.0)) return kNaN;
  return std::pow(last / first, 1.0 / (full_years - 1)) - 1.0;
}

// Lifetime CLV's mean: what the customers' histories price, plus the needs
// of those without one yet at the run's average contribution per need.
double lifetime_mean(const Tally& tally, const Moments& priced) {
  if (priced.n == 0) return kNaN;
  const double unpriced = tally[Sum::kUnpricedNeedDays];
  const double added = unpriced == 0.0 ? 0.0 : unpriced * tally.contribution_per_need_eur();
  return (priced.sum + added) / static_cast<double>(priced.n);
}

}  // namespace

Better kpi_better(const std::string& name) {
  static constexpr std::array<std::string_view, 25> kLower = {"loss_making_share",
                                                              "cost_per_contact_eur",
                                                              "cost_per_contact_change_per_year",
                                                              "cost_to_serve_per_customer_eur",
                                                              "cost_to_serve_per_order_eur",
                                                              "contacts_per_customer",
                                                              "acquisition_cost_per_customer_eur",
                                                              "effort_per_journey",
                                                              "context_losses_per_journey",
                                                              "service_contacts_per_issue",
                                                              "return_rate",
                                                              "escalated_return_share",
                                                              "stockout_rate",
                                                              "store_stockout_lost_sale_share",
                                                              "marketing_cost_per_customer_eur",
                                                              "unsubscribe_rate",
                                                              "unsubscribes_per_customer",
                                                              "acquisitions_lost",
                                                              "switched_to_competitor_share",
                                                              "lost_to_competitors_share",
                                                              "waiting_effort_per_contact",
                                                              "cost_eur",
                                                              "acquisition_cost_eur",
                                                              "contacts",
                                                              "service_cost_per_contact_"};
  static constexpr std::array<std::string_view, 15> kNeither = {"clv_sd_eur",
                                                                "profit_share_top20",
                                                                "ropo_share",
                                                                "orders_after_failed_visit_share",
                                                                "click_collect_share",
                                                                "channels_per_shopper",
                                                                "share_",
                                                                "webroomer_share",
                                                                "showroomer_share",
                                                                "store_share_of_sales",
                                                                "marketing_contacts_per_customer",
                                                                "marketing_triggered_share",
                                                                "marketing_trigger_rate",
                                                                "app_adopter_share_end",
                                                                "aov_"};
  // An entry ending in '_' names a family (per channel, the channel mix).
  const auto listed = [&name](std::string_view entry) {
    return entry.ends_with('_') ? name.starts_with(entry) : name == entry;
  };
  if (std::any_of(kLower.begin(), kLower.end(), listed)) return Better::kLower;
  if (std::any_of(kNeither.begin(), kNeither.end(), listed)) return Better::kNeither;
  return Better::kHigher;
}

const char* to_string(Better better) {
  switch (better) {
    case Better::kHigher:
      return "higher";
    case Better::kLower:
      return "lower";
    case Better::kNeither:
      return "neither";
  }
  return "neither";
}

struct KpiCatalogue::Totals {
  double customers, orders, revenue, physical_revenue, final_adopter_share;
  double prospects;  // paid prospects: acquired, or lost to detractors or a competitor
  std::uint64_t shoppers, three_plus_channels;
  int full_years;
  std::vector<double> cost_per_contact_by_year;
};

void KpiCatalogue::add(std::string name, std::string unit, std::string group,
                       std::string description, Formula formula) {
  const Better better = kpi_better(name);
  definitions_.push_back(
      {std::move(name), std::move(unit), std::move(group), std::move(description), better});
  formulas_.push_back(std::move(formula));
}

KpiCatalogue::KpiCatalogue(const Model& model) : model_(model) {
  using T = const Tally&;
  using D = const Totals&;
  // value
  add("clv_eur", "EUR", "value", "mean customer lifetime value over the horizon, before CAC",
      [](T t, D) { return t.clv_eur.mean(); });
  add("clv_net_eur", "EUR", "value",
      "mean CLV after the acquisition cost paid within the horizon (the day-0 base's is sunk)",
      [](T t, D) { return t.clv_net_eur.mean(); });
  add("clv_net_incl_base_cac_eur", "EUR", "value",
      "mean CLV after every acquisition cost, the day-0 base's sunk one included", [](T t, D d) {
        return t.clv_net_eur.mean() - ratio(t[Sum::kSunkAcquisitionCost], d.customers);
      });
  add("clv_sd_eur", "EUR", "value", "standard deviation of CLV across customers",
      [](T t, D) { return t.clv_eur.sd(); });
  add("clv_p10_eur", "EUR", "value", "10th percentile of CLV (5 EUR bins)",
      [](T t, D) { return t.clv_histogram.quantile(0.1); });
  add("clv_p50_eur", "EUR", "value", "median CLV (5 EUR bins)",
      [](T t, D) { return t.clv_histogram.quantile(0.5); });
  add("clv_p90_eur", "EUR", "value", "90th percentile of CLV (5 EUR bins)",
      [](T t, D) { return t.clv_histogram.quantile(0.9); });
  // Lifetime CLV does not exist without discounting when lives have an
  // infinite mean length (docs/model.md §7): n/a, and the model says why.
  const bool lifetime = model.money.lifetime_undefined.empty();
  add("clv_lifetime_eur", "EUR", "value",
      "mean lifetime CLV before CAC: the horizon and the years simulated after it, the rest in "
      "closed form",
      [lifetime](T t, D) { return lifetime ? lifetime_mean(t, t.clv_lifetime_eur) : kNaN; });
  add("clv_lifetime_net_eur", "EUR", "value",
      "mean lifetime CLV after the acquisition cost paid within the horizon (the day-0 base's is "
      "sunk)",
      [lifetime](T t, D) { return lifetime ? lifetime_mean(t, t.clv_lifetime_net_eur) : kNaN; });
  add("clv_lifetime_net_incl_base_cac_eur", "EUR", "value",
      "mean lifetime CLV after every acquisition cost, the day-0 base's sunk one included",
      [lifetime](T t, D d) {
        return lifetime ? lifetime_mean(t, t.clv_lifetime_net_eur) -
                              ratio(t[Sum::kSunkAcquisitionCost], d.customers)
                        : kNaN;
      });
  // Per prospect (docs/model.md §9): the firm's value over the same market
  // under every strategy -- the paid prospects, won or lost to detractors
  // or to a competitor -- so a strategy that wins fewer customers is not
  // flattered by averaging over those it kept.
  add("clv_lifetime_net_per_prospect_eur", "EUR", "value",
      "net lifetime CLV of every customer won (paid and referred) per paid prospect of the "
      "market: the firm's value, comparable across strategies that win different customers",
      [lifetime](T t, D d) {
        return lifetime ? ratio(lifetime_mean(t, t.clv_lifetime_net_eur) * d.customers, d.prospects)
                        : kNaN;
      });
  add("lifetime_customer_years_per_prospect", "years", "value",
      "discounted customer-years per paid prospect, the horizon's and every one after it: what "
      "1 EUR more fixed cost per customer-year takes from clv_lifetime_net_per_prospect_eur",
      [lifetime](T t, D d) {
        return lifetime ? ratio(t[Sum::kLifetimeDiscountedDays] / kDaysPerYear, d.prospects) : kNaN;
      });
  add("lifetime_customer_years", "years", "value",
      "discounted years of life per customer, the horizon's and every one after it: what 1 EUR "
      "more fixed cost per customer-year takes from lifetime CLV",
      [lifetime](T t, D d) {
        return lifetime ? ratio(t[Sum::kLifetimeDiscountedDays] / kDaysPerYear, d.customers) : kNaN;
      });
  add("profit_share_top20", "share", "value",
      "share of total horizon CLV earned by the most profitable 20 % of customers (whale curve)",
      [](T t, D) { return t.clv_histogram.top_share(0.2); });
  add("loss_making_share", "share", "value", "share of customers whose horizon CLV is negative",
      [](T t, D) { return t.clv_histogram.share_below_zero(); });
  add("revenue_per_customer_eur", "EUR", "value", "net revenue per acquired customer",
      [](T, D d) { return ratio(d.revenue, d.customers); });
  add("orders_per_customer", "count", "value", "orders per acquired customer",
      [](T, D d) { return ratio(d.orders, d.customers); });
  add("revenue_growth_per_year", "share", "value",
      "compound yearly revenue growth, first to last full year",
      [](T t, D d) { return growth_per_year(t.revenue_by_year, d.full_years); });
  // retention
  for (std::size_t i = 0; i < kRetentionAgesDays.size(); ++i) {
    const int months = static_cast<int>(kRetentionAgesDays[i] / kDaysPerYear * 12.0);
    add("retention_" + std::to_string(months) + "m", "share", "retention",
        "alive " + std::to_string(months) + " months after acquisition",
        [i](T t, D) { return ratio(t.retention_alive[i], t.retention_eligible[i]); });
  }
  add("active_12m", "share", "retention", "bought in the last 12 months (observable)",
      [](T t, D) { return ratio(t[Count::kActive12m], t[Count::kActive12mEligible]); });
  add("repeat_purchase_rate", "share", "retention", "shoppers with two orders or more",
      [](T t, D d) { return ratio(t[Count::kRepeatBuyers], d.shoppers); });
  // cost
  add("cost_per_contact_eur", "EUR", "cost", "contact cost per touchpoint or service contact",
      [](T t, D) { return ratio(t[Sum::kContactCost], static_cast<double>(t[Count::kContacts])); });
  add("cost_per_contact_change_per_year", "share", "cost",
      "compound yearly change of cost per contact",
      [](T, D d) { return growth_per_year(d.cost_per_contact_by_year, d.full_years); });
  add("cost_to_serve_per_customer_eur", "EUR", "cost",
      "contact, fulfilment, return, marketing and fixed cost per customer",
      [](T t, D d) { return ratio(serving_cost_eur(t), d.customers); });
  add("cost_to_serve_per_order_eur", "EUR", "cost", "cost to serve per order",
      [](T t, D d) { return ratio(serving_cost_eur(t), d.orders); });
  add("contacts_per_customer", "count", "cost", "touchpoints and service contacts per customer",
      [](T t, D d) { return ratio(static_cast<double>(t[Count::kContacts]), d.customers); });
  add("acquisition_cost_per_customer_eur", "EUR", "cost", "mean acquisition cost",
      [](T t, D d) { return ratio(t[Sum::kAcquisitionCost], d.customers); });
  // journey
  add("conversion_per_need", "share", "journey", "needs that end in an order",
      [](T t, D) { return ratio(t[Count::kOrders], t[Count::kNeeds]); });
  add("decision_reach", "share", "journey", "needs that reach the decision stage",
      [](T t, D) { return ratio(t[Count::kDecisionJourneys], t[Count::kNeeds]); });
  add("conversion_at_decision", "share", "journey", "decision journeys that end in an order",
      [](T t, D) { return ratio(t[Count::kOrders], t[Count::kDecisionJourneys]); });
  add("effort_per_journey", "effort", "journey", "customer effort per purchase occasion",
      [](T t, D) { return ratio(t[Sum::kEffort], static_cast<double>(t[Count::kNeeds])); });
  add("context_losses_per_journey", "count", "journey",
      "channel switches that made the customer repeat information",
      [](T t, D) { return ratio(t[Count::kContextLosses], t[Count::kNeeds]); });
  add("nps", "points", "journey", "net promoter score, -100..100", [](T t, D) {
    return 100.0 * ratio(static_cast<double>(t[Count::kPromoters]) -
                             static_cast<double>(t[Count::kDetractors]),
                         static_cast<double>(t[Count::kNpsResponses]));
  });
  add("first_contact_resolution", "share", "journey",
      "service issues resolved at the first contact",
      [](T t, D) { return ratio(t[Count::kFirstContactsResolved], t[Count::kFirstContacts]); });
  add("service_contacts_per_issue", "count", "journey", "contacts per service issue",
      [](T t, D) { return ratio(t[Count::kServiceContacts], t[Count::kServiceIssues]); });
  add("return_rate", "share", "journey", "orders returned (and refunded)",
      [](T t, D) { return ratio(t[Count::kReturns], t[Count::kOrders]); });
  add("escalated_return_share", "share", "journey",
      "returns refunded only after an escalation, service having left them unresolved",
      [](T t, D) { return ratio(t[Count::kEscalatedReturns], t[Count::kReturns]); });
  add("ropo_share", "share", "journey", "orders researched online and bought in store",
      [](T t, D) { return ratio(t[Count::kRopoOrders], t[Count::kOrders]); });
  add("orders_after_failed_visit_share", "share", "journey",
      "orders bought after a decision visit in the same journey did not buy (search went on)",
      [](T t, D) { return ratio(t[Count::kOrdersAfterFailedVisit], t[Count::kOrders]); });
  add("click_collect_share", "share", "journey", "orders collected in store",
      [](T t, D) { return ratio(t[Count::kClickCollectOrders], t[Count::kOrders]); });
  add("stockout_rate", "share", "journey", "decision journeys that met a stock-out",
      [](T t, D) { return ratio(t[Count::kStockouts], t[Count::kDecisionJourneys]); });
  add("store_stockout_lost_sale_share", "share", "journey",
      "journeys whose first stock-out was in store that ended without an order from the firm "
      "(bought from a competitor or dropped)",
      [](T t, D) {
        return ratio(t[Count::kStoreStockoutLostSales], t[Count::kStoreStockoutJourneys]);
      });
  // channels
  add("channels_per_shopper", "count", "channels", "channels used per shopper",
      [](T t, D d) { return ratio(t[Sum::kChannelsUsed], static_cast<double>(d.shoppers)); });
  add("share_one_channel", "share", "channels", "shoppers who used one channel",
      [](T t, D d) { return ratio(t.channels_used[1], d.shoppers); });
  add("share_two_channels", "share", "channels", "shoppers who used two channels",
      [](T t, D d) { return ratio(t.channels_used[2], d.shoppers); });
  add("share_three_plus_channels", "share", "channels", "shoppers who used three or more",
      [](T, D d) { return ratio(d.three_plus_channels, d.shoppers); });
  add("share_multichannel", "share", "channels", "shoppers who used two channels or more",
      [](T t, D d) { return ratio(t[Count::kMultichannelShoppers], d.shoppers); });
  add("share_online_only", "share", "channels", "shoppers who used one non-physical channel only",
      [](T t, D d) { return ratio(t[Count::kOnlineOnly], d.shoppers); });
  add("share_store_only", "share", "channels", "shoppers who used one physical channel only",
      [](T t, D d) { return ratio(t[Count::kStoreOnly], d.shoppers); });
  add("webroomer_share", "share", "channels",
      "shoppers who at least once bought in store after researching online (ROPO)",
      [](T t, D d) { return ratio(t[Count::kWebroomers], d.shoppers); });
  add("showroomer_share", "share", "channels",
      "shoppers who at least once bought online after researching in store",
      [](T t, D d) { return ratio(t[Count::kShowroomers], d.shoppers); });
  add("store_share_of_sales", "share", "channels", "revenue share of physical channels",
      [](T, D d) { return ratio(d.physical_revenue, d.revenue); });
  // self-selection (docs/model.md §9): observational contrast within one strategy
  add("clv_single_channel_eur", "EUR", "self-selection", "mean CLV of one-channel shoppers",
      [](T t, D) { return t.clv_single_channel_eur.mean(); });
  add("clv_multichannel_eur", "EUR", "self-selection", "mean CLV of shoppers using 2+ channels",
      [](T t, D) { return t.clv_multichannel_eur.mean(); });
  add("self_selection_gap", "share", "self-selection",
      "CLV of multichannel over one-channel shoppers, minus 1 (observational, not causal)",
      [](T t, D) {
        return ratio(t.clv_multichannel_eur.mean(), t.clv_single_channel_eur.mean()) - 1.0;
      });
  // Average order value of multichannel over one-channel shoppers, minus 1.
  const auto spend_uplift = [](Sum multi_value, Count multi_orders, Sum single_value,
                               Count single_orders) {
    return [=](T t, D) {
      return ratio(ratio(t[multi_value], static_cast<double>(t[multi_orders])),
                   ratio(t[single_value], static_cast<double>(t[single_orders]))) -
             1.0;
    };
  };
  // The same at an equal segment mix (direct standardisation): each
  // segment's average order value of multichannel and of one-channel
  // shoppers, weighted by the segment's orders at that kind of channel, so
  // that a mix richer in high-spending segments among multichannel shoppers
  // is no uplift, and a segment that rarely buys there weighs little.
  const auto same_mix_uplift = [](std::size_t where) {
    return [=](T t, D) {
      double multi = 0.0, single = 0.0;
      for (const SegmentSpend& segment : t.segment_spend) {
        const auto& orders = segment.orders;
        if (orders[0][where] == 0 || orders[1][where] == 0) continue;
        const auto weight = static_cast<double>(orders[0][where] + orders[1][where]);
        multi += weight * segment.value_eur[1][where] / static_cast<double>(orders[1][where]);
        single += weight * segment.value_eur[0][where] / static_cast<double>(orders[0][where]);
      }
      return ratio(multi, single) - 1.0;
    };
  };
  add("store_spend_uplift_same_mix", "share", "self-selection",
      "order value in store of multichannel over one-channel shoppers, minus 1, at an equal "
      "segment mix",
      same_mix_uplift(0));
  add("online_spend_uplift_same_mix", "share", "self-selection",
      "order value online of multichannel over one-channel shoppers, minus 1, at an equal "
      "segment mix",
      same_mix_uplift(1));
  add("orders_per_multichannel_shopper", "count", "self-selection",
      "orders per shopper who used two channels or more", [](T t, D) {
        return ratio(t[Count::kStoreOrdersMulti] + t[Count::kOnlineOrdersMulti],
                     t[Count::kMultichannelShoppers]);
      });
  add("orders_per_single_channel_shopper", "count", "self-selection",
      "orders per shopper who used one channel", [](T t, D) {
        return ratio(t[Count::kStoreOrdersSingle] + t[Count::kOnlineOrdersSingle],
                     t[Count::kShoppers] - t[Count::kMultichannelShoppers]);
      });
  add("store_spend_uplift_multichannel", "share", "self-selection",
      "order value in store of multichannel over one-channel shoppers, minus 1",
      spend_uplift(Sum::kStoreValueMulti, Count::kStoreOrdersMulti, Sum::kStoreValueSingle,
                   Count::kStoreOrdersSingle));
  add("online_spend_uplift_multichannel", "share", "self-selection",
      "order value online of multichannel over one-channel shoppers, minus 1",
      spend_uplift(Sum::kOnlineValueMulti, Count::kOnlineOrdersMulti, Sum::kOnlineValueSingle,
                   Count::kOnlineOrdersSingle));
  // marketing (docs/model.md §6)
  add("marketing_contacts_per_customer", "count", "marketing",
      "marketing contacts sent per acquired customer", [](T t, D d) {
        return ratio(static_cast<double>(t[Count::kMarketingContacts]), d.customers);
      });
  add("marketing_cost_per_customer_eur", "EUR", "marketing", "marketing cost per customer",
      [](T t, D d) { return ratio(t[Sum::kMarketingCost], d.customers); });
  add("marketing_triggered_share", "share", "marketing", "needs triggered by a marketing contact",
      [](T t, D) { return ratio(t[Count::kMarketingTriggers], t[Count::kNeeds]); });
  add("marketing_trigger_rate", "share", "marketing",
      "marketing contacts that started a purchase journey (a click, in e-mail terms)",
      [](T t, D) { return ratio(t[Count::kMarketingTriggers], t[Count::kMarketingContacts]); });
  add("unsubscribe_rate", "share", "marketing", "unsubscribes per marketing contact received",
      [](T t, D) { return ratio(t[Count::kUnsubscribes], t[Count::kMarketingContacts]); });
  add("unsubscribes_per_customer", "count", "marketing",
      "channels a customer unsubscribed from, on average",
      [](T t, D d) { return ratio(static_cast<double>(t[Count::kUnsubscribes]), d.customers); });
  // couplings (docs/model.md §8)
  add("acquisitions_paid", "count", "couplings", "customers acquired by paid channels",
      [](T t, D) { return static_cast<double>(t[Count::kAcquisitionsPaid]); });
  add("acquisitions_referral", "count", "couplings", "customers acquired by referral",
      [](T t, D) { return static_cast<double>(t[Count::kAcquisitionsReferral]); });
  add("acquisitions_lost", "count", "couplings", "paid acquisitions lost to detractors",
      [](T t, D) { return static_cast<double>(t[Count::kAcquisitionsLost]); });
  add("switched_to_competitor_share", "share", "couplings",
      "customers who left by staying with the competitor after a need they took elsewhere",
      [](T t, D d) {
        return ratio(static_cast<double>(t[Count::kSwitchesToCompetitor]), d.customers);
      });
  add("lost_to_competitors_share", "share", "couplings",
      "paid prospects who joined a competitor offering the channels the firm lacks (the day-0 "
      "base is the firm's already)",
      [](T t, D d) {
        return ratio(static_cast<double>(t[Count::kLostToCompetitors]), d.prospects);
      });
  add("referral_share", "share", "couplings", "acquisitions that came by referral", [](T t, D) {
    return ratio(t[Count::kAcquisitionsReferral],
                 t[Count::kAcquisitionsReferral] + t[Count::kAcquisitionsPaid]);
  });
  add("app_adopter_share_end", "share", "couplings", "alive customers with the app at the horizon",
      [](T, D d) { return d.final_adopter_share; });
  add("waiting_effort_per_contact", "effort", "couplings", "congestion effort per contact",
      [](T t, D) {
        return ratio(t[Sum::kWaitingEffort], static_cast<double>(t[Count::kContacts]));
      });
  // per channel
  for (int c = 0; c < model.n_channels; ++c) {
    const std::string& name = model.channels[c].name;
    add("conversion_" + name, "share", "per channel", "orders per decision visit at " + name,
        [c](T t, D) {
          return ratio(t.at(c, ChannelCount::kOrders), t.at(c, ChannelCount::kDecisionVisits));
        });
    add("aov_" + name + "_eur", "EUR", "per channel", "average order value at " + name,
        [c](T t, D) {
          return ratio(t.at(c, ChannelSum::kOrderValue),
                       static_cast<double>(t.at(c, ChannelCount::kOrders)));
        });
    add("sales_share_" + name, "share", "per channel", "share of net revenue at " + name,
        [c](T t, D d) { return ratio(t.at(c, ChannelSum::kRevenue), d.revenue); });
    add("service_cost_per_contact_" + name + "_eur", "EUR", "per channel",
        "cost of a service contact at " + name, [c](T t, D) {
          return ratio(t.at(c, ChannelSum::kServiceCost),
                       static_cast<double>(t.at(c, ChannelCount::kServiceContacts)));
        });
  }
}

int KpiCatalogue::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < definitions_.size(); ++i) {
    if (definitions_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<double> KpiCatalogue::compute(const Tally& t,
                                          const std::vector<TimeSeriesRow>& timeseries) const {
  Totals totals{};
  totals.final_adopter_share = timeseries.empty() ? kNaN : timeseries.back().adopter_share;
  totals.customers = static_cast<double>(t[Count::kCustomersClosed]);
  totals.prospects = static_cast<double>(t[Count::kAcquisitionsPaid] + t[Count::kAcquisitionsLost] +
                                         t[Count::kLostToCompetitors]);
  totals.orders = static_cast<double>(t[Count::kOrders]);
  totals.revenue = t[Sum::kRevenue];
  totals.shoppers = t[Count::kShoppers];
  for (int c = 0; c < model_.n_channels; ++c) {
    if (has_channel(model_.physical_channels, c)) {
      totals.physical_revenue += t.at(c, ChannelSum::kRevenue);
    }
  }
  for (std::size_t n = 3; n < t.channels_used.size(); ++n) {
    totals.three_plus_channels += t.channels_used[n];
  }
  totals.full_years = model_.time.full_years;
  for (std::size_t y = 0; y < t.contacts_by_year.size(); ++y) {
    totals.cost_per_contact_by_year.push_back(
        ratio(t.contact_cost_by_year[y], static_cast<double>(t.contacts_by_year[y])));
  }
  std::vector<double> values;
  values.reserve(formulas_.size());
  for (const auto& formula : formulas_)
    values.push_back(formula(t, totals));
  return values;
}

}  // namespace omnisim
