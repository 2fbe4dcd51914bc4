#pragma once
// MPI_COMM_WORLD as a Communicator (sim/core/communicator.hpp): made once by
// `main` when mpirun (or srun) started the program, finalised when it goes.

#include <optional>
#include <span>
#include <vector>

#include "sim/core/communicator.hpp"

namespace omnisim {

class MpiWorld final : public Communicator {
 public:
  MpiWorld();  // MPI_Init_thread: only the main thread talks to MPI
  ~MpiWorld() override;
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int ranks_here() const override { return ranks_here_; }
  std::vector<Bytes> all_gather(std::span<const std::byte> mine) override;
  void send(int to, MessageTag tag, std::span<const std::byte> bytes) override;
  std::optional<Message> try_receive() override;
  Message receive(int from) override;

  // Ends every rank of the job with `exit_code`: a rank that fails cannot
  // leave the others waiting for it.
  [[noreturn]] void abort(int exit_code);

 private:
  int rank_ = 0;
  int size_ = 1;
  int ranks_here_ = 1;
};

}  // namespace omnisim
