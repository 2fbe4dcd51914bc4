#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include "sim/scenario/load.hpp"
#include "sim/scenario/registry.hpp"

namespace omnisim::testing {

Model builtin_model(const std::vector<std::string>& overrides) {
  return build_model(load_scenario(builtin_scenario_text(), "retail.toml", overrides));
}

std::vector<std::string> every_mechanism_off() {
  std::vector<std::string> overrides;
  for (const auto& info : all_switches())
    overrides.push_back(switch_key(info) + ".enabled=false");
  return overrides;
}

std::vector<std::string> integration_off() {
  std::vector<std::string> overrides;
  for (const auto& info : all_switches()) {
    if (info.integrates()) overrides.push_back(switch_key(info) + ".enabled=false");
  }
  return overrides;
}

std::string customers(int n) {
#ifdef OMNISIM_SLOW_BUILD
  n /= 4;
#endif
  return "simulation.customers=" + std::to_string(n);
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

ExperimentResults run_strategies(const Model& model, const std::vector<std::string>& strategies,
                                 int threads) {
  ExperimentRequest request;
  for (const auto& name : strategies) {
    const int index = model.strategy_index(name);
    EXPECT_GE(index, 0) << name;
    request.strategies.push_back(index);
  }
  request.threads = threads;
  return run_experiment(model, request);
}

std::size_t kpi_index(const ExperimentResults& results, const std::string& name) {
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    if (results.kpis[k].name == name) return k;
  }
  ADD_FAILURE() << "no KPI " << name;
  return 0;
}

}  // namespace omnisim::testing
