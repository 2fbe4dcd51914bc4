#include "analysis/report_file.hpp"

#include <cmath>
#include <limits>

namespace omnisim {

void write_facts(h5::Group& root, const std::vector<FactCheck>& checks) {
  h5::Group group = root.create_group("facts");
  std::vector<std::string> id, claim, source, strategy, kpi, unit, kind, conflict, verdict;
  std::vector<double> target, tolerance, simulated, half_width, pass, restates_input;
  for (const auto& check : checks) {
    id.push_back(check.fact.id);
    claim.push_back(check.fact.claim);
    source.push_back(check.fact.source);
    strategy.push_back(check.fact.strategy);
    kpi.push_back(check.fact.kpi);
    unit.push_back(check.unit);
    kind.emplace_back(fact_kind_name(check.fact.kind));
    conflict.push_back(check.conflict_note);
    target.push_back(check.fact.target);
    tolerance.push_back(check.fact.tolerance);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    simulated.push_back(check.available ? check.simulated.mean : nan);
    half_width.push_back(check.available ? check.simulated.half_width : nan);
    pass.push_back(!check.available ? -1.0 : check.pass() ? 1.0 : 0.0);
    verdict.push_back(verdict_name(check.verdict));
    restates_input.push_back(check.fact.kind == FactKind::kInput ? 1.0 : 0.0);
  }
  const std::vector<hsize_t> shape{checks.size()};
  for (const auto& [name, values] :
       {std::pair{"id", &id}, std::pair{"claim", &claim}, std::pair{"source", &source},
        std::pair{"strategy", &strategy}, std::pair{"kpi", &kpi}, std::pair{"unit", &unit},
        std::pair{"kind", &kind}, std::pair{"conflict", &conflict},
        std::pair{"verdict", &verdict}}) {
    group.write(name, *values);
  }
  for (const auto& [name, values] :
       {std::pair{"target", &target}, std::pair{"tolerance", &tolerance},
        std::pair{"simulated", &simulated}, std::pair{"half_width", &half_width},
        std::pair{"pass", &pass}, std::pair{"restates_input", &restates_input}}) {
    group.write(name, *values, shape);
  }
  // The claims the model does not cover, with the reason.
  h5::Group unmodelled = group.create_group("not_modelled");
  std::vector<std::string> claim_id, claim_text, claim_source, reason;
  for (const auto& claim_row : unmodelled_claims()) {
    claim_id.push_back(claim_row.id);
    claim_text.push_back(claim_row.claim);
    claim_source.push_back(claim_row.source);
    reason.push_back(claim_row.reason);
  }
  unmodelled.write("id", claim_id);
  unmodelled.write("claim", claim_text);
  unmodelled.write("source", claim_source);
  unmodelled.write("reason", reason);
}

void write_break_even(h5::Group& root, const Model& model, const ExperimentResults& results,
                      const std::vector<BreakEven>& break_evens, std::size_t baseline_slot) {
  h5::Group group = root.create_group("break_even");
  group.set_attribute(
      "baseline",
      model.strategies[static_cast<std::size_t>(results.strategies[baseline_slot])].name);
  group.set_attribute("kpi", std::string(kBreakEvenKpi));
  std::vector<std::string> strategy;
  std::vector<double> fixed_cost, break_even, half_width;
  for (std::size_t s = 0; s < break_evens.size(); ++s) {
    strategy.push_back(model.strategies[static_cast<std::size_t>(results.strategies[s])].name);
    fixed_cost.push_back(break_evens[s].fixed_cost_eur_per_customer_year);
    break_even.push_back(break_evens[s].break_even_eur_per_customer_year.mean);
    half_width.push_back(break_evens[s].break_even_eur_per_customer_year.half_width);
  }
  const std::vector<hsize_t> shape{break_evens.size()};
  group.write("strategy", strategy);
  group.write("fixed_cost_eur_per_customer_year", fixed_cost, shape);
  group.write("break_even_eur_per_customer_year", break_even, shape);
  group.write("half_width", half_width, shape);
}

void write_ranking(h5::Group& root, const Model& model, const ExperimentResults& results,
                   const Ranking& ranking) {
  h5::Group group = root.create_group("ranking");
  group.set_attribute("objective", ranking.objective);
  group.set_attribute("unit", ranking.unit);
  group.set_attribute("description", ranking.description);
  group.set_attribute(
      "goal", std::string(ranking.goal == ObjectiveGoal::kMaximise ? "maximise" : "minimise"));
  std::vector<std::string> strategy, reason;
  std::vector<double> value, value_half_width, to_best, to_best_half_width, tied;
  for (const auto& entry : ranking.ranked) {
    strategy.push_back(
        model.strategies[static_cast<std::size_t>(results.strategies[entry.slot])].name);
    value.push_back(entry.value.mean);
    value_half_width.push_back(entry.value.half_width);
    to_best.push_back(entry.to_best.mean);
    to_best_half_width.push_back(entry.to_best.half_width);
    tied.push_back(entry.tied_with_best ? 1.0 : 0.0);
    reason.push_back(entry.reason);
  }
  const std::vector<hsize_t> shape{ranking.ranked.size()};
  group.write("strategy", strategy);
  group.write("value", value, shape);
  group.write("value_half_width", value_half_width, shape);
  group.write("to_best", to_best, shape);
  group.write("to_best_half_width", to_best_half_width, shape);
  group.write("tied", tied, shape);
  group.write("reason", reason);
}

void write_explain(h5::Group& root, const std::vector<Waterfall>& waterfalls,
                   const std::string& target, const std::string& baseline, Attribution method) {
  h5::Group group = root.create_group("explain");
  group.set_attribute("target", target);
  group.set_attribute("baseline", baseline);
  group.set_attribute("method", std::string(attribution_name(method)));
  // Each term's player group (integration, contact discipline, other
  // mechanisms; empty for the others), so a reader can sum the parts by it.
  std::vector<std::string> kpis, terms{"total", "structural"}, groups{"", ""};
  if (!waterfalls.empty()) {
    for (const auto& [mechanism, interval] : waterfalls.front().parts) {
      terms.push_back(mechanism);
      groups.emplace_back(player_group_name(player_group(mechanism)));
    }
    if (waterfalls.front().interaction) {
      terms.push_back("interaction");
      groups.emplace_back();
    }
  }
  std::vector<double> mean, half_width;
  for (const auto& waterfall : waterfalls) {
    kpis.push_back(waterfall.kpi);
    std::vector<Interval> row{waterfall.total, waterfall.structural};
    for (const auto& [mechanism, interval] : waterfall.parts)
      row.push_back(interval);
    if (waterfall.interaction) row.push_back(*waterfall.interaction);
    for (const auto& interval : row) {
      mean.push_back(interval.mean);
      half_width.push_back(interval.half_width);
    }
  }
  group.write("kpi", kpis);
  group.write("term", terms);
  group.write("group", groups);
  const std::vector<hsize_t> shape{kpis.size(), terms.size()};
  group.write("mean", mean, shape);
  group.write("half_width", half_width, shape);
}

}  // namespace omnisim
