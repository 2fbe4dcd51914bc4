#pragma once
// Decomposes the target-vs-baseline difference of a KPI by mechanism, from
// runs on the same customers (sim/experiment/ablation.hpp), D = target -
// baseline, replication by replication; each term's interval is across the
// replications where every term is defined.
//
// Shapley (explain_shapley), from every coalition's D:
//   total        = D(every listed mechanism on)
//   structural   = D(none on)
//   part of m    = m's Shapley value (analysis/shapley.hpp)
// so structural + parts = total, with nothing left over.
//
// One at a time (explain):
//   total        = D(all on)
//   structural   = D(all off)                        what remains without any mechanism
//   part of m    = D(all on) - D(all on but m)       what switching m off removes
//   interaction  = total - structural - sum of parts

#include <optional>
#include <string>
#include <vector>

#include "analysis/statistics.hpp"
#include "sim/experiment/ablation.hpp"

namespace omnisim {

struct Waterfall {
  std::string kpi;
  std::string unit;
  Interval total;
  Interval structural;
  std::vector<std::pair<std::string, Interval>> parts;  // by mechanism, ablation order
  // The parts summed by player group (sim/experiment/ablation.hpp):
  // integration, contact discipline, other mechanisms -- those present.
  std::vector<std::pair<std::string, Interval>> groups;
  std::optional<Interval> interaction;  // one at a time only
};

std::vector<Waterfall> explain(const AblationResults& ablation,
                               const std::vector<std::string>& kpis, double confidence);

std::vector<Waterfall> explain_shapley(const CoalitionResults& coalitions,
                                       const std::vector<std::string>& kpis, double confidence);

}  // namespace omnisim
