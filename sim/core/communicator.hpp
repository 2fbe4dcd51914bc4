#pragma once
// The processes one command is spread over (the ranks of an MPI job), as the
// library sees them. The engine splits a run's customers between them and a
// sweep hands its points out through it; neither knows MPI itself
// (sim/dist/mpi_world.hpp is the MPI implementation, made by `main` when
// mpirun started the program). One process is the default.
//
// Messages are bytes; what they mean is the business of the code that sends
// them (sim/core/bytes.hpp). A rank waiting for a message polls, so it leaves
// its core to the simulation (collectives wait as the MPI library does).

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/core/bytes.hpp"
#include "sim/core/error.hpp"

namespace omnisim {

// The tags of the messages between ranks, listed once so that no two uses
// share one.
enum class MessageTag : int {
  kChunkEvents = 1,  // a chunk's events, to rank 0 (sim/engine/chunk_exchange.hpp)
  // A sweep's points (sim/experiment/sweep_ranks.hpp): workers ask, with
  // each outcome; rank 0 assigns a point or says done.
  kSweepAsk,
  kSweepResult,
  kSweepFailed,
  kSweepStopped,
  kSweepAssign,
  kSweepDone,
};

struct Message {
  int from = 0;
  MessageTag tag = MessageTag::kChunkEvents;
  Bytes bytes;
};

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Ranks on this machine, this one included: they share its memory.
  virtual int ranks_here() const { return 1; }
  // Collective: every rank's bytes, in rank order, on every rank.
  virtual std::vector<Bytes> all_gather(std::span<const std::byte> mine) = 0;
  virtual void send(int to, MessageTag tag, std::span<const std::byte> bytes) = 0;
  // A message from any rank, if one has arrived.
  virtual std::optional<Message> try_receive() = 0;
  // Waits for the next message from `from`.
  virtual Message receive(int from) = 0;
};

// A command run by one process: the only rank of its own group.
class OneProcess final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<Bytes> all_gather(std::span<const std::byte> mine) override {
    return {Bytes(mine.begin(), mine.end())};
  }
  void send(int to, MessageTag /*tag*/, std::span<const std::byte> /*bytes*/) override {
    throw ModelError("one process: no rank " + std::to_string(to) + " to send to");
  }
  std::optional<Message> try_receive() override { return std::nullopt; }
  Message receive(int from) override {
    throw ModelError("one process: no rank " + std::to_string(from) + " to receive from");
  }
};

}  // namespace omnisim
