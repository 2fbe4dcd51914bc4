#pragma once
// Decomposes the target-vs-baseline difference of a KPI by mechanism, from
// the runs of run_ablation (same customers everywhere):
//   total        = D(all on)                         D = target - baseline
//   structural   = D(all off)                        what remains without any mechanism
//   part of m    = D(all on) - D(all on but m)       what switching m off removes
//   interaction  = total - structural - sum of parts
// so structural + parts + interaction = total exactly, replication by
// replication; each term's interval is across the replications where every
// term is defined.

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
  Interval interaction;
};

std::vector<Waterfall> explain(const AblationResults& ablation,
                               const std::vector<std::string>& kpis, double confidence);

}  // namespace omnisim
