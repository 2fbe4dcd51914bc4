#include "sim/io/purchase_log.hpp"

namespace omnisim {

void PurchaseLog::write(int strategy, int replication, std::span<const Event> events) {
  std::vector<Purchase>& purchases = runs_[{strategy, replication}];
  for (const Event& event : events) {
    if (event.type != EventType::kPurchase && event.type != EventType::kAddon) continue;
    purchases.push_back({event.customer_id, event.day, event.amount_eur});
  }
}

}  // namespace omnisim
