#pragma once
// The purchases and add-ons of each run -- the transactions a BTYD analyst
// sees, as omnisim events --export transactions writes them -- kept in
// memory per strategy and replication.

#include <cstdint>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "sim/engine/event.hpp"

namespace omnisim {

struct Purchase {
  std::uint64_t customer_id;
  double day;
  double amount_eur;
};

class PurchaseLog final : public EventSink {
 public:
  void write(int strategy, int replication, std::span<const Event> events) override;
  // (strategy, replication) -> its purchases, in the order written.
  std::map<std::pair<int, int>, std::vector<Purchase>>& runs() { return runs_; }

 private:
  std::map<std::pair<int, int>, std::vector<Purchase>> runs_;
};

}  // namespace omnisim
