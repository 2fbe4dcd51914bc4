#pragma once
// The customers of one run and their wake days, in fixed blocks.
//
// Paid customers live in one vector sized once; referred customers join
// blocks of their own, each reserved once, so a referral never copies
// customers and memory grows by one block at a time (a growing vector
// would need up to three times its size while it reallocates). Referred
// customers are capped at kMaxReferredPerPaid per paid customer: word of
// mouth that runs away (each customer bringing more than one) would
// otherwise grow without bound, and the memory check counts the cap.

#include <cstddef>
#include <span>
#include <vector>

#include "sim/core/limits.hpp"
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

  std::size_t n_blocks() const { return paid_blocks() + referred_.size(); }
  Block block(std::size_t index) {
    const std::size_t paid_blocks_count = paid_blocks();
    if (index >= paid_blocks_count) {
      ReferredBlock& referred = referred_[index - paid_blocks_count];
      return {std::span(referred.customers), std::span(referred.wakes)};
    }
    const std::size_t begin = index * block_size_;
    const std::size_t count = std::min(block_size_, paid_.size() - begin);
    return {std::span(paid_).subspan(begin, count), std::span(paid_wakes_).subspan(begin, count)};
  }
  void add_referred(const CustomerState& customer, const Wake& wake) {
    if (referred_.empty() || referred_.back().customers.size() == block_size_) {
      referred_.emplace_back();
      referred_.back().customers.reserve(block_size_);
      referred_.back().wakes.reserve(block_size_);
    }
    referred_.back().customers.push_back(customer);
    referred_.back().wakes.push_back(wake);
    ++referred_count_;
  }
  // Paid customers in id order, then referred ones in the order they joined.
  template <class Visit>
  void for_each(Visit visit) const {
    for (const auto& customer : paid_)
      visit(customer);
    for (const auto& block : referred_)
      for (const auto& customer : block.customers)
        visit(customer);
  }
  std::size_t size() const { return paid_.size() + referred_count_; }
  std::size_t referred() const { return referred_count_; }
  std::size_t size_paid() const { return paid_.size(); }

 private:
  struct ReferredBlock {
    std::vector<CustomerState> customers;
    std::vector<Wake> wakes;
  };
  std::size_t paid_blocks() const { return (paid_.size() + block_size_ - 1) / block_size_; }

  std::vector<CustomerState> paid_;
  std::vector<Wake> paid_wakes_;
  std::vector<ReferredBlock> referred_;
  std::size_t referred_count_ = 0;
  std::size_t block_size_;
};

}  // namespace omnisim
