#pragma once
// What every step of a run reads: the frozen model, the strategy simulated
// and the replication's random-stream family. Shared, never changed.

#include "sim/core/random.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct RunContext {
  const Model& model;
  const StrategyModel& strategy;
  StreamFamily family;
};

}  // namespace omnisim
