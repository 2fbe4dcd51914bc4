#pragma once
// What a reporting period gives the engine and what it gets back.
//
// Couplings between customers (docs/model.md §8) act only through
// PeriodConditions, set at each period boundary from the previous period's
// totals; within a period customers are independent.

#include <array>
#include <cstdint>
#include <vector>

#include "sim/core/limits.hpp"
#include "sim/engine/event.hpp"
#include "sim/kpi/tally.hpp"

namespace omnisim {

struct AtHorizon;  // sim/engine/customer.hpp

struct PeriodConditions {
  double adopter_share = 0.0;            // alive customers with the app, end of last period
  double adoption_hazard_per_day = 0.0;  // Bass: (p + q * adopter_share) / 365
  double acquisition_loss = 0.0;         // chance a paid acquisition is lost (detractors)
  std::array<double, kMaxChannels> waiting_effort{};  // congestion, per contact
  std::array<double, kMaxChannels> waiting_factor{};  // exp(-waiting_effort), for the logit
};

struct Period {
  int index = 0;
  double start_day = 0.0;
  double end_day = 0.0;  // events strictly before this day happen in the period
  // The horizon's last period closes every customer still alive (right-
  // censored); after it, the customers alive at the horizon live on for
  // their lifetime value alone (docs/model.md §7): they close no more.
  bool is_last = false;
  bool after_horizon = false;
  const std::vector<PeriodConditions>* conditions = nullptr;  // periods 0..index

  const PeriodConditions& now() const { return (*conditions)[static_cast<std::size_t>(index)]; }
};

// A promoter's referral: a new customer who joins in the next period.
struct Referral {
  std::uint64_t referrer_id;
  std::uint32_t index;  // the referrer's n-th referral
};

// The id of a referred customer: derived from (referrer id, referral index)
// by a 64-bit mix, with the top bit set so it never equals a paid customer's
// id (0 .. customers - 1). Two referrals share an id with probability about
// n^2 / 2^64 for n referrals: about 1e-8 for a million.
std::uint64_t referral_id(std::uint64_t referrer_id, std::uint32_t index);

// What one block of customers produces in one period.
struct PeriodOutput {
  explicit PeriodOutput(const TallyLayout& layout) : tally(layout) {}
  Tally tally;
  std::vector<Referral> referrals;  // in customer order, then referral order
  bool record_events = false;       // the event log is wanted (sim/engine/event.hpp)
  std::vector<Event> events;        // in customer order, then time order
  // Where closing the customer being simulated copies it as the horizon
  // left it, when the customers table is wanted (set per customer by the
  // run); nullptr otherwise.
  AtHorizon* at_horizon = nullptr;

  void clear() {
    tally.clear();
    referrals.clear();
    events.clear();
  }
  void merge(const PeriodOutput& other) {
    tally.merge(other.tally);
    referrals.insert(referrals.end(), other.referrals.begin(), other.referrals.end());
    events.insert(events.end(), other.events.begin(), other.events.end());
  }
};

}  // namespace omnisim
