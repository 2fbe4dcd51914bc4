#pragma once
// The model's discrete choices, named once for both sides of the freeze: the
// scenario parses them from text, the model hands them to the engine.

namespace omnisim {

enum class ChannelKind { kPhysical, kDigital, kAssisted };

enum class ContactPolicy {
  kSiloed,   // every marketing channel sends its own campaigns
  kUnified,  // one profile, one policy: a shared frequency cap, the customer's preferred channel
};

enum class LifetimeModel { kParetoNbd, kBgNbd, kPeriodic };

enum class Discounting { kContinuous, kPerPeriod };

enum class ObjectiveGoal { kMaximise, kMinimise };  // which way a strategy ranks higher

}  // namespace omnisim
