#pragma once
// What a run accumulates: integer counts and money/effort sums, per fixed
// block of customers, merged in block order (so the totals do not depend on
// the thread count). Memory is independent of the number of customers.

#include <array>
#include <cstdint>
#include <vector>

#include "sim/core/bytes.hpp"
#include "sim/core/limits.hpp"

namespace omnisim {

enum class Count : int {
  kEvents,  // needs, touchpoints, service contacts, dropouts, retention tests
  kNeeds,
  kDecisionJourneys,  // journeys that reached the decision stage
  kOrders,
  kOutsideChoices,          // bought elsewhere or gave up at the decision
  kSwitchesToCompetitor,    // ... and stayed with the competitor: a dropout
  kContextLeaks,            // gave up after repeating information
  kFailedConversions,       // a decision visit that did not buy
  kContextLosses,           // channel switches that lost the context
  kRopoOrders,              // researched online, bought in a physical channel
  kOrdersAfterFailedVisit,  // bought after a decision visit in the journey did not buy
  kClickCollectOrders,
  kAddons,
  kStockouts,
  kWastedTrips,
  kStoreStockoutJourneys,   // journeys whose first stock-out was at a physical channel
  kStoreStockoutLostSales,  // ... that ended without an order from the firm
  kServiceIssues,
  kReturns,           // refunded, resolved or not
  kEscalatedReturns,  // refunded after an escalation: service left them unresolved
  kServiceContacts,
  kFirstContacts,
  kFirstContactsResolved,
  kUnresolvedIssues,
  kContacts,  // every touchpoint and service contact
  kNpsResponses,
  kPromoters,
  kDetractors,
  kAcquisitionsPaid,
  kAcquisitionsReferral,
  kDropouts,
  kActiveAtPeriodEnd,
  kCustomersClosed,  // customer-level rows below count closed customers
  kShoppers,         // closed customers with at least one order
  kRepeatBuyers,
  kWebroomers,   // shoppers who bought in store after researching online at least once
  kShowroomers,  // shoppers who bought online after researching in store at least once
  kOnlineOnly,
  kStoreOnly,
  kMultichannelShoppers,
  kActive12mEligible,
  kActive12m,
  kActiveAdopters,     // alive with the app at the end of the period
  kAdoptions,          // app adoptions during the period (Bass)
  kReferrals,          // referrals made (they join in the next period)
  kAcquisitionsLost,   // paid acquisitions lost to detractors
  kLostToCompetitors,  // paid prospects of the horizon who joined a competitor instead
  kMarketingContacts,
  kMarketingTriggers,  // needs triggered by a marketing contact
  kUnsubscribes,
  // Orders of closed shoppers by where they bought and whether the shopper
  // used one channel or several (HBR 2017 spend comparison).
  kStoreOrdersSingle,
  kStoreOrdersMulti,
  kOnlineOrdersSingle,
  kOnlineOrdersMulti,
  kSize
};

enum class Sum : int {
  kRevenue,  // net of refunds
  kRefunds,
  kMargin,  // gross margin on net revenue
  kContactCost,
  kFulfilmentCost,
  kReturnCost,
  kFixedCost,
  kAcquisitionCost,      // paid within the horizon
  kSunkAcquisitionCost,  // the day-0 base's, paid before it (closed customers)
  kEffort,
  kChannelsUsed,  // summed over shoppers
  kMarketingCost,
  kWaitingEffort,           // congestion effort, part of kEffort
  kLifetimeDiscountedDays,  // closed customers' discounted days of life, expected ones included
  kUnpricedNeedDays,        // expected discounted needs of those alive without a need yet
  kContribution,            // closed customers' undiscounted margin minus variable costs
  kNaturalNeeds,            // ... and their natural needs (the average contribution per need)
  kStoreValueSingle,
  kStoreValueMulti,
  kOnlineValueSingle,
  kOnlineValueMulti,
  kSize
};

enum class ChannelCount : int {
  kConsiderationVisits,
  kDecisionVisits,
  kServiceContacts,
  kOrders,
  kPickups,
  kSize
};

enum class ChannelSum : int {
  kRevenue,      // net of refunds, add-ons included
  kOrderValue,   // value of the orders bought here, at purchase
  kServiceCost,  // cost of the service contacts handled here
  kContactCost,
  kSize
};

struct Moments {
  std::uint64_t n = 0;
  double sum = 0.0;
  double sum_squares = 0.0;

  void add(double value) {
    ++n;
    sum += value;
    sum_squares += value * value;
  }
  void merge(const Moments& other) {
    n += other.n;
    sum += other.sum;
    sum_squares += other.sum_squares;
  }
  double mean() const;
  double sd() const;  // sample standard deviation
};

// Fixed-width histogram with under- and overflow bins, and the sum of the
// values in each bin (the whale curve needs where the value sits).
struct Histogram {
  static constexpr double kLow = -500.0, kWidth = 5.0;
  static constexpr int kBins = 1100;  // [-500, 5000) EUR
  std::array<std::uint64_t, kBins + 2> counts{};
  std::array<double, kBins + 2> sums{};  // NaN values are counted, not summed
  std::uint64_t below_zero = 0;          // values < 0, whatever bin rounding says

  void add(double value);
  void merge(const Histogram& other);
  double quantile(double probability) const;  // linear within a bin; NaN if empty
  // The share of the total value held by the highest `fraction` of values
  // (exact but for the one bin the cut falls in); NaN unless the total is
  // positive (a share of a loss means nothing).
  double top_share(double fraction) const;
  double share_below_zero() const;
};

inline constexpr std::array<double, 3> kRetentionAgesDays{365.0, 730.0, 1095.0};

struct TallyLayout {
  int n_years = 1;
  int n_age_months = 0;
  int n_segments = 1;
};

// What one segment's shoppers bought where, by whether they used one channel
// or several: the HBR 2017 spend comparison at an equal segment mix (§9).
struct SegmentSpend {
  // [one channel, several][store, online]: orders and their value (EUR).
  std::array<std::array<std::uint64_t, 2>, 2> orders{};
  std::array<std::array<double, 2>, 2> value_eur{};

  void merge(const SegmentSpend& other);
};

class Tally {
 public:
  explicit Tally(const TallyLayout& layout);

  std::uint64_t& operator[](Count c) { return counts_[static_cast<int>(c)]; }
  std::uint64_t operator[](Count c) const { return counts_[static_cast<int>(c)]; }
  double& operator[](Sum s) { return sums_[static_cast<int>(s)]; }
  double operator[](Sum s) const { return sums_[static_cast<int>(s)]; }
  std::uint64_t& at(int channel, ChannelCount c) {
    return channel_counts_[channel][static_cast<int>(c)];
  }
  std::uint64_t at(int channel, ChannelCount c) const {
    return channel_counts_[channel][static_cast<int>(c)];
  }
  double& at(int channel, ChannelSum s) { return channel_sums_[channel][static_cast<int>(s)]; }
  double at(int channel, ChannelSum s) const { return channel_sums_[channel][static_cast<int>(s)]; }

  void add_contact(int channel, double cost_eur, int year);       // a new contact and its cost
  void add_contact_cost(int channel, double cost_eur, int year);  // extra cost of a contact
  void add_revenue(int channel, double revenue_eur, int year);

  // Customer-level results (closed customers).
  Moments orders_per_customer;
  Moments clv_eur, clv_net_eur;  // without / with acquisition cost
  // Lifetime CLV as the customers' own histories price it; the KPIs add
  // kUnpricedNeedDays at the average contribution per need.
  Moments clv_lifetime_eur, clv_lifetime_net_eur;
  double contribution_per_need_eur() const;              // NaN before any need
  Moments clv_single_channel_eur, clv_multichannel_eur;  // self-selection (shoppers)
  Histogram clv_histogram;
  std::array<std::uint64_t, kMaxChannels + 1> channels_used{};  // shoppers by channel count
  std::array<std::uint64_t, kRetentionAgesDays.size()> retention_eligible{}, retention_alive{};
  // Retention curve: customers by the number of whole 30-day months they were
  // observable (eligible) and alive; index 0..n_age_months.
  std::vector<std::uint64_t> age_eligible, age_alive;

  // Calendar-year series (year = floor(day / 365)).
  std::vector<double> revenue_by_year, contact_cost_by_year;
  std::vector<std::uint64_t> contacts_by_year, orders_by_year;

  std::vector<SegmentSpend> segment_spend;  // one per segment

  void merge(const Tally& other);
  void clear();  // back to zero, same layout
  const TallyLayout& layout() const { return layout_; }

  // The tally as the words that are not zero (index, bits): what a rank sends
  // of a block's tally, most of whose histogram and channels are empty.
  // unpack gives back the same tally, bit for bit.
  void pack(ByteWriter& out) const;
  static Tally unpack(ByteReader& in, const TallyLayout& layout);

 private:
  struct PackedWord {
    std::uint64_t index;
    std::uint64_t bits;
  };
  // Every number of the tally, in a fixed order, as spans of 64-bit words.
  template <class Self, class Visit>
  static void for_each_span(Self& self, const Visit& visit);

  TallyLayout layout_;
  std::array<std::uint64_t, static_cast<int>(Count::kSize)> counts_{};
  std::array<double, static_cast<int>(Sum::kSize)> sums_{};
  std::array<std::array<std::uint64_t, static_cast<int>(ChannelCount::kSize)>, kMaxChannels>
      channel_counts_{};
  std::array<std::array<double, static_cast<int>(ChannelSum::kSize)>, kMaxChannels> channel_sums_{};
};

}  // namespace omnisim
