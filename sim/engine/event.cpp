#include "sim/engine/event.hpp"

namespace omnisim {

const char* event_type_name(EventType type) {
  switch (type) {
    case EventType::kAcquisition:
      return "acquisition";
    case EventType::kNeed:
      return "need";
    case EventType::kTouchpoint:
      return "touchpoint";
    case EventType::kContextLoss:
      return "context_loss";
    case EventType::kPurchase:
      return "purchase";
    case EventType::kFulfilment:
      return "fulfilment";
    case EventType::kPickup:
      return "pickup";
    case EventType::kAddon:
      return "addon";
    case EventType::kServiceContact:
      return "service_contact";
    case EventType::kReturn:
      return "return";
    case EventType::kMarketingContact:
      return "marketing_contact";
    case EventType::kUnsubscribe:
      return "unsubscribe";
    case EventType::kReferral:
      return "referral";
    case EventType::kAppAdoption:
      return "app_adoption";
    case EventType::kDropout:
      return "dropout";
    case EventType::kCount:
      break;
  }
  return "unknown";
}

const char* event_stage_name(EventStage stage) {
  switch (stage) {
    case EventStage::kNone:
      return "";
    case EventStage::kAwareness:
      return "awareness";
    case EventStage::kConsideration:
      return "consideration";
    case EventStage::kDecision:
      return "decision";
    case EventStage::kService:
      return "service";
    case EventStage::kLoyalty:
      return "loyalty";
    case EventStage::kCount:
      break;
  }
  return "unknown";
}

}  // namespace omnisim
