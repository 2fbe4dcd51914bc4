#pragma once
// The steps of build_model that freeze mechanisms and bridges (model.cpp
// does the rest). Internal to sim/model.

#include "sim/model/model.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim {

// Mechanism parameters with each switch resolved.
MechanismModel freeze_mechanisms(const Mechanisms& mechanisms);

// Each bridge's channels (by index in `model`) and parameters. A bridge no
// strategy offers may name channels the scenario lacks; those are left out.
BridgeModel freeze_bridges(const Model& model, const Bridges& bridges);

// Which bridges apply under `strategy` (offered, switched on, channels open),
// and what they change: stock-out factors and the channels they join for
// context. Needs model.bridges and strategy.open.
void resolve_bridges(const Model& model, const Bridges& bridges, const StrategySpec& spec,
                     StrategyModel& strategy);

// The channels named, as a mask; unknown names are left out.
ChannelMask mask_of(const Model& model, const std::vector<std::string>& names);

}  // namespace omnisim
