#pragma once
// The stylised facts the default scenario should reproduce (docs/model.md §10):
// each a KPI of one strategy, with the published target, a tolerance and
// where it comes from. check_facts() compares a comparison's results with
// them; a fact whose strategy or KPI is missing is reported as unavailable.

#include <string>
#include <vector>

#include "analysis/statistics.hpp"
#include "sim/kpi/results.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct Fact {
  std::string id;
  std::string claim;     // what the source says, in words
  std::string source;    // with its strength (medium / weak)
  std::string strategy;  // the strategy the claim is about
  std::string kpi;       // the KPI that measures it
  double target;         // in the KPI's unit (shares as fractions)
  double tolerance;      // absolute, same unit
  // Known conflict with other facts or with the mechanisms, if the default
  // scenario cannot meet the target without breaking them (empty if none).
  std::string conflict;
  // The KPI restates a scenario input (a unit cost, say): the check confirms
  // the calibration, it is no evidence that the mechanisms reproduce anything.
  bool restates_input = false;
  // The target is a rate of change: a simulated trend of the other sign
  // never passes, however close to zero both are.
  bool trend = false;
};

enum class Verdict {
  kUnavailable,   // the strategy or the KPI is not in the results
  kPass,          // |mean - target| <= tolerance, with a half-width within the tolerance
                  // (and, for a trend, the interval on the target's side of 0)
  kFail,          // off by more than the tolerance, even at the interval's near end
                  // (or a trend whose whole interval has the other sign)
  kInconclusive,  // neither: the interval is too wide, or reaches back within the tolerance
};

const char* verdict_name(Verdict verdict);

// The verdict on a simulated mean ± half-width against the fact's target.
Verdict judge_fact(const Interval& simulated, const Fact& fact);

struct FactCheck {
  Fact fact;
  bool available = false;  // the strategy and the KPI exist
  Interval simulated{};
  Verdict verdict = Verdict::kUnavailable;
  bool pass() const { return verdict == Verdict::kPass; }
};

const std::vector<Fact>& stylised_facts();

std::vector<FactCheck> check_facts(const Model& model, const ExperimentResults& results,
                                   double confidence);

}  // namespace omnisim
