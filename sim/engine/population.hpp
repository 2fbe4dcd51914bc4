#pragma once
// The customers of one run and their wake days, in fixed blocks.
//
// Paid customers live in one vector sized once; referred customers join a
// second, growing one, so a referral never copies the whole population
// (a single vector would double its capacity, and the peak memory, the
// first time it grew). Blocks never straddle the two.

#include <cstddef>
#include <span>
#include <vector>

#include "sim/engine/customer.hpp"
#include "sim/engine/simulator.hpp"

namespace omnisim {

// Memory a run's paid customers take (referred ones come on top).
inline constexpr std::size_t kBytesPerPaidCustomer = sizeof(CustomerState) + sizeof(Wake);

class Population {
 public:
  Population(std::size_t paid_customers, std::size_t block_size)
      : paid_(paid_customers), paid_wakes_(paid_customers), block_size_(block_size) {}

  struct Block {
    std::span<CustomerState> customers;
    std::span<Wake> wakes;
  };

  std::size_t n_blocks() const { return blocks_of(paid_.size()) + blocks_of(referred_.size()); }
  Block block(std::size_t index) {
    const std::size_t paid_blocks = blocks_of(paid_.size());
    return index < paid_blocks ? slice(paid_, paid_wakes_, index)
                               : slice(referred_, referred_wakes_, index - paid_blocks);
  }
  void add_referred(const CustomerState& customer, const Wake& wake) {
    referred_.push_back(customer);
    referred_wakes_.push_back(wake);
  }
  // Paid customers in id order, then referred ones in the order they joined.
  template <class Visit>
  void for_each(Visit visit) const {
    for (const auto& customer : paid_)
      visit(customer);
    for (const auto& customer : referred_)
      visit(customer);
  }
  std::size_t size() const { return paid_.size() + referred_.size(); }

 private:
  std::size_t blocks_of(std::size_t n) const { return (n + block_size_ - 1) / block_size_; }
  Block slice(std::vector<CustomerState>& customers, std::vector<Wake>& wakes,
              std::size_t index) const {
    const std::size_t begin = index * block_size_;
    const std::size_t count = std::min(block_size_, customers.size() - begin);
    return {std::span(customers).subspan(begin, count), std::span(wakes).subspan(begin, count)};
  }

  std::vector<CustomerState> paid_;
  std::vector<Wake> paid_wakes_;
  std::vector<CustomerState> referred_;
  std::vector<Wake> referred_wakes_;
  std::size_t block_size_;
};

}  // namespace omnisim
