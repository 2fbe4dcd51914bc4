#pragma once
// Ranks as threads of one process: a Communicator (sim/core/communicator.hpp)
// per rank over shared mailboxes, so the tests run what the ranks of an MPI
// job do -- the engine's chunk exchange, a sweep's manager and workers -- in
// every build, under the sanitizers too, without MPI.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "sim/core/communicator.hpp"

namespace omnisim::testing {

class ThreadRanks {
 public:
  explicit ThreadRanks(int n) : shared_(std::make_shared<Shared>(n)) {
    for (int r = 0; r < n; ++r)
      ranks_.push_back(std::make_unique<Rank>(shared_, r));
  }
  Communicator& rank(int r) { return *ranks_[static_cast<std::size_t>(r)]; }

 private:
  struct Shared {
    explicit Shared(int n_ranks)
        : n(n_ranks),
          slots(static_cast<std::size_t>(n_ranks)),
          mailboxes(static_cast<std::size_t>(n_ranks)) {}
    std::mutex mutex;
    std::condition_variable changed;
    int n;
    // all_gather: a round fills the slots, then every rank takes the result.
    std::vector<Bytes> slots, result;
    int arrived = 0, left = 0;
    bool releasing = false;
    std::vector<std::deque<Message>> mailboxes;
  };

  class Rank final : public Communicator {
   public:
    Rank(std::shared_ptr<Shared> shared, int rank) : shared_(std::move(shared)), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return shared_->n; }
    std::vector<Bytes> all_gather(std::span<const std::byte> mine) override {
      Shared& s = *shared_;
      std::unique_lock lock(s.mutex);
      s.changed.wait(lock, [&] { return !s.releasing; });  // the last round is taken
      s.slots[static_cast<std::size_t>(rank_)] = Bytes(mine.begin(), mine.end());
      if (++s.arrived == s.n) {
        s.result = s.slots;
        s.releasing = true;
        s.left = s.n;
        s.changed.notify_all();
      } else {
        s.changed.wait(lock, [&] { return s.releasing; });
      }
      std::vector<Bytes> result = s.result;
      if (--s.left == 0) {
        s.releasing = false;
        s.arrived = 0;
        s.changed.notify_all();
      }
      return result;
    }
    void send(int to, MessageTag tag, std::span<const std::byte> bytes) override {
      const std::lock_guard lock(shared_->mutex);
      shared_->mailboxes[static_cast<std::size_t>(to)].push_back(
          {rank_, tag, Bytes(bytes.begin(), bytes.end())});
      shared_->changed.notify_all();
    }
    std::optional<Message> try_receive() override {
      const std::lock_guard lock(shared_->mutex);
      auto& mailbox = shared_->mailboxes[static_cast<std::size_t>(rank_)];
      if (mailbox.empty()) return std::nullopt;
      Message message = std::move(mailbox.front());
      mailbox.pop_front();
      return message;
    }
    Message receive(int from) override {
      std::unique_lock lock(shared_->mutex);
      auto& mailbox = shared_->mailboxes[static_cast<std::size_t>(rank_)];
      for (;;) {
        for (auto it = mailbox.begin(); it != mailbox.end(); ++it) {
          if (it->from != from) continue;
          Message message = std::move(*it);
          mailbox.erase(it);
          return message;
        }
        shared_->changed.wait(lock);
      }
    }

   private:
    std::shared_ptr<Shared> shared_;
    int rank_;
  };

  std::shared_ptr<Shared> shared_;
  std::vector<std::unique_ptr<Rank>> ranks_;
};

}  // namespace omnisim::testing
