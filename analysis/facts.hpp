#pragma once
// The stylised facts of docs/model.md §10: each a KPI of one strategy, with
// the published target, a tolerance, where it comes from, and what kind of
// evidence it is -- a fact the built-in scenario was calibrated to
// (in-sample, scripts/calibrate-builtin.sh), one no calibration touched
// (validation), or one that restates a scenario input. A fact about what a
// change does compares the run with a counterfactual variant of it
// (sim/experiment/fact_variants.hpp). A fact the default is known to miss
// carries a note that explains why from the run's own figures, so the note
// follows any --set. Claims of the source articles the model does not cover
// are listed, with the reason.

#include <string>
#include <string_view>
#include <vector>

#include "analysis/statistics.hpp"
#include "sim/experiment/fact_variants.hpp"
#include "sim/kpi/results.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

enum class FactKind {
  kInSample,    // the built-in scenario was calibrated to it
  kValidation,  // no calibration touched it
  kInput,       // it restates a scenario input (a unit cost): proves nothing
};
std::string_view fact_kind_name(FactKind kind);  // "in-sample", "validation", "input"

// The KPI means of a run, by strategy and KPI, that conflict notes quote.
class RunFigures {
 public:
  RunFigures(const Model& model, const ExperimentResults& results);
  // NaN if the run has no such strategy or KPI.
  double mean(std::string_view strategy, std::string_view kpi) const;
  const Model& model() const { return model_; }

 private:
  const Model& model_;
  const ExperimentResults& results_;
};

// Why the default cannot meet a fact, in words and the run's own figures.
using ConflictNote = std::string (*)(const RunFigures& run);

struct Fact {
  std::string id;
  std::string claim;     // what the source says, in words
  std::string source;    // with its strength (medium / weak)
  std::string strategy;  // the strategy the claim is about
  // The KPI that measures it; for a counterfactual fact, the KPI whose
  // change against the variant is the fact (see check_facts).
  std::string kpi;
  double target;     // in the unit checked (shares as fractions)
  double tolerance;  // absolute, same unit
  FactKind kind = FactKind::kValidation;
  // The target is a rate of change: a simulated trend of the other sign
  // never passes, however close to zero both are.
  bool trend = false;
  FactVariant variant = FactVariant::kNone;
  // Non-null: the default is known to miss the fact, and this says why.
  ConflictNote conflict = nullptr;
};

enum class Verdict {
  kUnavailable,   // the strategy, the KPI or the variant run is not in the results
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
  bool available = false;  // the strategy, the KPI and any variant run exist
  std::string unit;        // of target and simulated
  Interval simulated{};
  Verdict verdict = Verdict::kUnavailable;
  // The fact's conflict note from this run, when it fails and has one.
  std::string conflict_note;
  bool pass() const { return verdict == Verdict::kPass; }
};

const std::vector<Fact>& stylised_facts();

// A claim of the source articles the model does not cover, and why.
struct UnmodelledClaim {
  std::string id;
  std::string claim;
  std::string source;
  std::string reason;
};
const std::vector<UnmodelledClaim>& unmodelled_claims();

// A counterfactual run for the facts that need one: the variant of the
// scenario, with the fact's strategy alone (slot 0).
struct VariantRun {
  FactVariant variant;
  ExperimentResults results;
};

// Every fact checked against `results` (and, for a counterfactual fact,
// against the paired replications of its variant's run in `variants`); a
// fact whose strategy, KPI or variant run is missing is unavailable.
std::vector<FactCheck> check_facts(const Model& model, const ExperimentResults& results,
                                   const std::vector<VariantRun>& variants, double confidence);

// The variants the available facts of `model` need, each once.
std::vector<FactVariant> fact_variants(const Model& model);

}  // namespace omnisim
