#pragma once
// The KPIs of docs/model.md §9 that a run reports, each a pure function of one
// run's tally. Names are stable identifiers (HDF5 column names); units and
// descriptions are for tables and documentation.

#include <functional>
#include <string>
#include <vector>

#include "sim/kpi/tally.hpp"
#include "sim/kpi/timeseries.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// Which way a KPI is better for the firm, for a chart's good/bad colour:
// neither for descriptions of behaviour (channel mix, shares of a bridge).
enum class Better { kHigher, kLower, kNeither };

// A KPI's direction by its name (a results file stores names): explicit
// lists of the lower-is-better and the descriptive KPIs, higher otherwise.
Better kpi_better(const std::string& name);
const char* to_string(Better better);  // "higher", "lower", "neither"

struct KpiDefinition {
  std::string name;
  std::string unit;  // "EUR", "share", "count", "points", ...
  std::string group;
  std::string description;
  Better better = Better::kHigher;
};

class KpiCatalogue {
 public:
  explicit KpiCatalogue(const Model& model);

  const std::vector<KpiDefinition>& definitions() const { return definitions_; }
  std::size_t size() const { return definitions_.size(); }
  int index_of(const std::string& name) const;  // -1 if unknown

  // Values in definitions() order, from a run's totals and its time series;
  // NaN where undefined (e.g. no orders).
  std::vector<double> compute(const Tally& tally,
                              const std::vector<TimeSeriesRow>& timeseries) const;

 private:
  struct Totals;  // quantities several formulas share
  using Formula = std::function<double(const Tally&, const Totals&)>;

  void add(std::string name, std::string unit, std::string group, std::string description,
           Formula formula);

  const Model& model_;
  std::vector<KpiDefinition> definitions_;
  std::vector<Formula> formulas_;
};

}  // namespace omnisim
