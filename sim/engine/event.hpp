#pragma once
// The event log (omnisim events): every customer event, as the engine makes
// it. Recording is off unless a run asks for it (RunRequest::events); then
// each block of customers collects its events in PeriodOutput, in customer
// order and, per customer, in time order, and the period's events reach the
// sink in block order -- the same bytes at any thread count.

#include <cstdint>
#include <span>
#include <vector>

namespace omnisim {

enum class EventType : std::uint8_t {
  kAcquisition,     // cost: CAC (0 for the day-0 base: sunk); detail: 1 if referred
  kNeed,            // a purchase occasion starts; detail: 1 if a marketing contact triggered it
  kTouchpoint,      // a consideration or decision visit (stage says which); cost: the visit
  kContextLoss,     // information repeated at a channel switch; cost: the repeat share
  kPurchase,        // amount: the order value (before any return)
  kFulfilment,      // cost: the order's fulfilment; detail: 1 if click & collect
  kPickup,          // a click & collect pickup visit; cost: the visit
  kAddon,           // amount: an add-on bought at pickup
  kServiceContact,  // cost: the contact; detail: 1 if it resolved the issue
  kReturn,          // amount: minus the refunded value; cost: its handling; detail: 1 if escalated
  kMarketingContact,  // cost: the contact; detail: 1 if it triggered a need
  kUnsubscribe,       // from the contact's channel
  kReferral,          // a promoter referred someone, who joins next period
  kAppAdoption,
  kDropout,
  kCount
};

enum class EventStage : std::uint8_t {
  kNone,
  kAwareness,
  kConsideration,
  kDecision,
  kService,
  kLoyalty,
  kCount
};

inline constexpr std::uint32_t kNoJourney = 0xFFFFFFFFU;
inline constexpr std::uint8_t kNoEventChannel = 0xFF;

// One event. The id is (replication, customer_id, sequence): the customer's
// n-th event, the same whatever the threads or the order of output.
struct Event {
  std::uint64_t customer_id;
  double day;
  double amount_eur;  // revenue it brings (negative for a refund)
  double cost_eur;    // what it costs the firm
  std::uint32_t sequence;
  std::uint32_t journey;  // the customer's purchase occasion, kNoJourney outside one
  EventType type;
  EventStage stage;
  std::uint8_t channel;  // kNoEventChannel when none
  std::uint8_t segment;
  std::uint8_t detail;  // per type, see EventType

  bool operator==(const Event&) const = default;  // exact, field by field
};

const char* event_type_name(EventType type);
const char* event_stage_name(EventStage stage);

// Where a run's events go: each period's in customer order, in pieces (one
// chunk of blocks of customers at a time, sim/engine/population.hpp), then
// end_period().
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void write(int strategy, int replication, std::span<const Event> events) = 0;
  // Every event of the period has been written.
  virtual void end_period() {}
};

}  // namespace omnisim
