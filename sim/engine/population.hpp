#pragma once
// The customers of one run and their wake days, in fixed blocks, and which
// of them this rank simulates.
//
// Blocks group into chunks of kBlocksPerChunk: the unit a rank owns and the
// first level of the reduction (a chunk's blocks fold in block order, then
// the chunks in chunk order), so results do not depend on how many ranks
// share the chunks. Paid customers' chunks are split into one contiguous
// range per rank, held in one vector sized once. Referred customers join
// blocks of their own after the paid ones, in the order the referrals were
// made; their chunks go round the ranks. Each block is reserved once, so a
// referral never copies customers and memory grows by one block at a time
// (a growing vector would need up to three times its size while it
// reallocates). Referred customers are capped at kMaxReferredPerPaid per
// paid customer: word of mouth that runs away (each customer bringing more
// than one) would otherwise grow without bound, and the memory check counts
// the cap.

#include <algorithm>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include "sim/core/limits.hpp"
#include "sim/engine/customer.hpp"
#include "sim/engine/simulator.hpp"

namespace omnisim {

// Memory a run's paid customers take (referred ones come on top).
inline constexpr std::size_t kBytesPerPaidCustomer = sizeof(CustomerState) + sizeof(Wake);

// Blocks per chunk: 16 blocks of 1024 customers, so that a population of a
// few hundred thousand still splits between several ranks, and a rank sends
// one tally per 16,384 customers per period.
inline constexpr std::size_t kBlocksPerChunk = 16;

class Population {
 public:
  // The population of `paid_customers` whose share rank `rank` of `ranks`
  // simulates.
  // `keep_horizons`: hold each customer as the horizon left it (AtHorizon),
  // for the customers table.
  Population(std::size_t paid_customers, std::size_t block_size, int rank = 0, int ranks = 1,
             bool keep_horizons = false)
      : paid_total_(paid_customers),
        block_size_(block_size),
        rank_(rank),
        ranks_(ranks),
        keep_horizons_(keep_horizons) {
    const std::size_t paid_chunks = chunks(paid_blocks());
    const auto share = [&](int r) {
      return std::min(paid_blocks(), paid_chunks * static_cast<std::size_t>(r) /
                                         static_cast<std::size_t>(ranks) * kBlocksPerChunk);
    };
    first_paid_block_ = share(rank);
    end_paid_block_ = share(rank + 1);
    const std::size_t first = first_paid_block_ * block_size_;
    const std::size_t end = std::min(paid_total_, end_paid_block_ * block_size_);
    paid_.resize(end - first);
    paid_wakes_.resize(end - first);
    if (keep_horizons_) paid_horizons_.resize(end - first);
  }

  struct Block {
    std::span<CustomerState> customers;
    std::span<Wake> wakes;
    std::span<AtHorizon> horizons;  // empty unless kept
    AtHorizon* horizon(std::size_t i) const { return horizons.empty() ? nullptr : &horizons[i]; }
  };

  // Every rank's blocks.
  std::size_t n_blocks() const { return paid_blocks() + referred_.size(); }
  // The chunk a block belongs to; chunks are numbered in block order.
  std::size_t chunk_of(std::size_t block) const {
    const std::size_t paid = paid_blocks();
    return block < paid ? block / kBlocksPerChunk : chunks(paid) + (block - paid) / kBlocksPerChunk;
  }
  bool owns(std::size_t block) const {
    const std::size_t paid = paid_blocks();
    if (block < paid) return block >= first_paid_block_ && block < end_paid_block_;
    return static_cast<int>(chunk_of(block) % static_cast<std::size_t>(ranks_)) == rank_;
  }
  // This rank's blocks, ascending.
  std::vector<std::size_t> owned_blocks() const {
    std::vector<std::size_t> blocks;
    for (std::size_t b = first_paid_block_; b < end_paid_block_; ++b)
      blocks.push_back(b);
    for (std::size_t b = paid_blocks(); b < n_blocks(); ++b)
      if (owns(b)) blocks.push_back(b);
    return blocks;
  }
  // An owned block.
  Block block(std::size_t index) {
    const std::size_t paid = paid_blocks();
    if (index >= paid) {
      ReferredBlock& referred = referred_[index - paid];
      return {std::span(referred.customers), std::span(referred.wakes),
              std::span(referred.horizons)};
    }
    const std::size_t begin = (index - first_paid_block_) * block_size_;
    const std::size_t count = std::min(block_size_, paid_.size() - begin);
    return {
        std::span(paid_).subspan(begin, count), std::span(paid_wakes_).subspan(begin, count),
        keep_horizons_ ? std::span(paid_horizons_).subspan(begin, count) : std::span<AtHorizon>()};
  }
  // The block the next referred customer joins.
  std::size_t next_referred_block() const { return paid_blocks() + referred_count_ / block_size_; }
  // The next referred customer: kept if this rank owns its block, else only counted.
  void add_referred(const CustomerState& customer, const Wake& wake) {
    ReferredBlock& block = next_block();
    block.customers.push_back(customer);
    block.wakes.push_back(wake);
    if (keep_horizons_) block.horizons.emplace_back();
  }
  void count_referred_elsewhere() { next_block(); }

  // This rank's customers, each with its AtHorizon (kept ones only): paid
  // ones in id order, then referred ones in the order they joined.
  template <class Visit>
  void for_each_with_horizon(Visit visit) const {
    if (!keep_horizons_) throw std::logic_error("Population: horizons not kept");
    for (std::size_t i = 0; i < paid_.size(); ++i)
      visit(paid_[i], paid_horizons_[i]);
    for (const auto& block : referred_)
      for (std::size_t i = 0; i < block.customers.size(); ++i)
        visit(block.customers[i], block.horizons[i]);
  }
  // Every rank's customers.
  std::size_t size() const { return paid_total_ + referred_count_; }
  std::size_t referred() const { return referred_count_; }
  std::size_t size_paid() const { return paid_total_; }

 private:
  struct ReferredBlock {
    std::vector<CustomerState> customers;
    std::vector<Wake> wakes;
    std::vector<AtHorizon> horizons;  // empty unless kept
  };
  std::size_t paid_blocks() const { return (paid_total_ + block_size_ - 1) / block_size_; }
  static std::size_t chunks(std::size_t blocks) {
    return (blocks + kBlocksPerChunk - 1) / kBlocksPerChunk;
  }
  ReferredBlock& next_block() {
    if (referred_count_ % block_size_ == 0) {
      referred_.emplace_back();
      if (owns(n_blocks() - 1)) {
        referred_.back().customers.reserve(block_size_);
        referred_.back().wakes.reserve(block_size_);
        if (keep_horizons_) referred_.back().horizons.reserve(block_size_);
      }
    }
    ++referred_count_;
    return referred_.back();
  }

  std::size_t paid_total_;
  std::size_t block_size_;
  int rank_;
  int ranks_;
  bool keep_horizons_;
  std::size_t first_paid_block_ = 0;
  std::size_t end_paid_block_ = 0;
  std::vector<CustomerState> paid_;
  std::vector<Wake> paid_wakes_;
  std::vector<AtHorizon> paid_horizons_;  // empty unless kept
  std::vector<ReferredBlock> referred_;   // every rank's; empty where another rank owns it
  std::size_t referred_count_ = 0;
};

}  // namespace omnisim
