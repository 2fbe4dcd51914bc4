#include "sim/experiment/sweep_spec.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <utility>

#include <tbb/parallel_for.h>
#include <toml++/toml.h>

#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/kpi/catalogue.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/toml_guard.hpp"

namespace omnisim {
namespace {

constexpr std::string_view kBuiltin = "built-in";

// Reads the sweep's tables, recording every problem with its location.
class SweepReader {
 public:
  SweepReader(std::string source_name) : source_(std::move(source_name)) {}

  void problem(const toml::node* node, const std::string& key, const std::string& message) {
    const std::string where = node ? describe_location(node->source(), source_) : source_;
    problems_.push_back(where + ": " + key + ": " + message);
  }
  bool ok() const { return problems_.empty(); }
  void throw_if_any() const {
    if (!problems_.empty()) throw InputError(problems_);
  }

  // Every key of `table` must be one of `known`.
  void check_keys(const toml::table& table, const std::string& prefix,
                  std::initializer_list<std::string_view> known) {
    for (auto&& [key, node] : table) {
      if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
      std::string names;
      for (const auto name : known)
        names += (names.empty() ? "" : ", ") + std::string(name);
      problem(&node, prefix + std::string(key.str()),
              "unknown key (expected one of: " + names + ")");
    }
  }

  std::optional<std::string> text(const toml::table& table, const std::string& key,
                                  const std::string& path) {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto value = node->value<std::string>()) return *value;
    problem(node, path, "expected a string");
    return std::nullopt;
  }

  std::optional<std::int64_t> integer(const toml::table& table, const std::string& key,
                                      const std::string& path, std::int64_t low,
                                      std::int64_t high) {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    const auto value = node->as_integer();
    if (!value || value->get() < low || value->get() > high) {
      problem(node, path,
              "expected an integer from " + std::to_string(low) + " to " + std::to_string(high));
      return std::nullopt;
    }
    return value->get();
  }

  std::optional<double> number(const toml::table& table, const std::string& key,
                               const std::string& path) {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto value = node->value<double>(); value && std::isfinite(*value)) return *value;
    problem(node, path, "expected a finite number");
    return std::nullopt;
  }

  std::vector<std::string> names(const toml::table& table, const std::string& key,
                                 const std::string& path) {
    std::vector<std::string> found;
    const toml::node* node = table.get(key);
    if (!node) return found;
    const toml::array* array = node->as_array();
    if (!array || array->empty()) {
      problem(node, path, "expected a non-empty array of names");
      return found;
    }
    for (const auto& element : *array) {
      const auto value = element.value<std::string>();
      if (!value) {
        problem(&element, path, "expected a name (a string)");
      } else if (std::find(found.begin(), found.end(), *value) != found.end()) {
        problem(&element, path, "\"" + *value + "\" is listed twice");
      } else {
        found.push_back(*value);
      }
    }
    return found;
  }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::vector<std::string> problems_;
};

// A TOML value as --set text.
std::string value_text(const toml::node& node) {
  std::ostringstream text;
  node.visit([&](const auto& value) { text << toml::toml_formatter(value, {}); });
  return text.str();
}

// [fixed]: nested tables flattened to "key.path=value".
void read_fixed(const toml::table& table, const std::string& prefix,
                std::vector<std::string>& fixed) {
  for (auto&& [key, node] : table) {
    const std::string path =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const toml::table* inner = node.as_table(); inner && !inner->is_inline()) {
      read_fixed(*inner, path, fixed);
    } else {
      fixed.push_back(path + "=" + value_text(node));
    }
  }
}

// Whether `table` sets `path` (dotted), through tables or inline tables:
// `simulation = { replications = 7 }` sets simulation.replications too.
bool sets_key(const toml::table& table, std::string_view path) {
  const auto dot = path.find('.');
  const toml::node* node = table.get(path.substr(0, dot));
  if (node == nullptr) return false;
  if (dot == std::string_view::npos) return true;
  const toml::table* inner = node->as_table();
  return inner != nullptr && sets_key(*inner, path.substr(dot + 1));
}

ParameterRange::Distribution distribution_named(const std::string& name, bool& known) {
  using D = ParameterRange::Distribution;
  known = true;
  if (name == "uniform") return D::kUniform;
  if (name == "log-uniform") return D::kLogUniform;
  if (name == "normal") return D::kNormal;
  if (name == "integer") return D::kInteger;
  if (name == "categorical" || name == "levels") return D::kLevels;
  known = false;
  return D::kUniform;
}

SweepParameter read_parameter(const toml::table& table, const std::string& path,
                              SweepReader& reader) {
  using D = ParameterRange::Distribution;
  reader.check_keys(table, path + ".",
                    {"key", "distribution", "low", "high", "mean", "sd", "levels", "grid_levels"});
  SweepParameter parameter;
  if (auto key = reader.text(table, "key", path + ".key")) {
    parameter.key = *key;
  } else if (!table.get("key")) {
    reader.problem(&table, path + ".key", "missing: the scenario key path to vary");
  }
  ParameterRange& range = parameter.range;
  const toml::node* levels_node = table.get("levels");
  std::string distribution = levels_node ? "levels" : "uniform";
  if (auto named = reader.text(table, "distribution", path + ".distribution")) {
    distribution = *named;
  }
  bool known = false;
  range.distribution = distribution_named(distribution, known);
  if (!known) {
    reader.problem(table.get("distribution"), path + ".distribution",
                   "expected uniform, log-uniform, normal, integer or categorical, got \"" +
                       distribution + "\"");
    return parameter;
  }
  const auto require = [&](const std::string& key) {
    if (!table.get(key)) {
      reader.problem(&table, path + "." + key,
                     "missing: a " + distribution + " parameter needs " + key);
    }
  };
  const auto refuse = [&](const std::string& key) {
    if (const toml::node* node = table.get(key)) {
      reader.problem(node, path + "." + key, "not used by a " + distribution + " parameter");
    }
  };
  if (range.distribution == D::kLevels) {
    for (const char* key : {"low", "high", "mean", "sd", "grid_levels"})
      refuse(key);
    require("levels");
    const toml::array* array = levels_node ? levels_node->as_array() : nullptr;
    if (levels_node && (!array || array->empty())) {
      reader.problem(levels_node, path + ".levels", "expected a non-empty array of values");
    } else if (array) {
      for (const auto& element : *array) {
        const std::string text = value_text(element);
        if (std::find(range.levels.begin(), range.levels.end(), text) != range.levels.end()) {
          reader.problem(&element, path + ".levels", text + " is listed twice");
        }
        range.levels.push_back(text);
      }
    }
    return parameter;
  }
  refuse("levels");
  if (range.distribution == D::kNormal) {
    for (const char* key : {"low", "high"})
      refuse(key);
    require("mean");
    require("sd");
    range.mean = reader.number(table, "mean", path + ".mean").value_or(0.0);
    range.sd = reader.number(table, "sd", path + ".sd").value_or(1.0);
    if (range.sd <= 0.0) reader.problem(table.get("sd"), path + ".sd", "expected sd > 0");
  } else {
    for (const char* key : {"mean", "sd"})
      refuse(key);
    require("low");
    require("high");
    const auto low = reader.number(table, "low", path + ".low");
    const auto high = reader.number(table, "high", path + ".high");
    if (low && high) {
      range.low = *low;
      range.high = *high;
      if (!(*low < *high)) {
        reader.problem(table.get("high"), path + ".high", "expected high > low");
      } else if (range.distribution == D::kLogUniform && *low <= 0.0) {
        reader.problem(table.get("low"), path + ".low", "a log-uniform range needs low > 0");
      } else if (range.distribution == D::kInteger &&
                 (*low != std::floor(*low) || *high != std::floor(*high))) {
        reader.problem(table.get("low"), path + ".low", "an integer range needs integer bounds");
      }
    }
  }
  if (range.distribution == D::kInteger) {
    refuse("grid_levels");
  } else if (auto levels = reader.integer(table, "grid_levels", path + ".grid_levels", 1, 1000)) {
    parameter.grid_levels = static_cast<std::size_t>(*levels);
  }
  return parameter;
}

// Grid levels of each parameter: its listed levels or integers, else its
// grid_levels or the sweep's.
std::vector<std::size_t> grid_levels_of(const SweepSpec& spec) {
  std::vector<std::size_t> levels;
  for (const auto& parameter : spec.parameters) {
    const std::size_t count = parameter.range.count();
    levels.push_back(count > 0 ? count : parameter.grid_levels);
  }
  return levels;
}

// The number of points the design makes, saturating at SIZE_MAX.
std::size_t design_size(const SweepSpec& spec) {
  const std::size_t k = spec.parameters.size();
  const auto times = [](std::size_t a, std::size_t b) {
    return b != 0 && a > SIZE_MAX / b ? SIZE_MAX : a * b;
  };
  switch (spec.design) {
    case DesignKind::kGrid: {
      std::size_t total = 1;
      for (const std::size_t levels : grid_levels_of(spec))
        total = times(total, levels);
      return total;
    }
    case DesignKind::kSaltelli:
      return times(spec.points, saltelli_group_size(k, spec.second_order));
    case DesignKind::kMorris:
      return times(spec.points, k + 1);
    default:
      return spec.points;
  }
}

void read_sweep(const toml::table& root, SweepSpec& spec, SweepReader& reader,
                const std::vector<std::string>& default_kpis) {
  reader.check_keys(root, "",
                    {"scenario", "design", "points", "grid_levels", "morris_levels", "second_order",
                     "replications", "seed", "strategies", "kpis", "fixed", "parameter"});
  spec.scenario_name = reader.text(root, "scenario", "scenario").value_or(std::string(kBuiltin));
  const std::string design = reader.text(root, "design", "design").value_or("");
  if (!root.get("design")) {
    reader.problem(nullptr, "design", "missing: grid, random, lhs, sobol, saltelli or morris");
  } else if (!design.empty()) {
    try {
      spec.design = design_kind_named(design);
    } catch (const InputError& error) {
      reader.problem(root.get("design"), "design", error.problems().front());
    }
  }
  const bool grid = spec.design == DesignKind::kGrid;
  if (auto points =
          reader.integer(root, "points", "points", 1, static_cast<std::int64_t>(kMaxSweepPoints))) {
    if (grid)
      reader.problem(root.get("points"), "points", "a grid's points are its levels' product");
    spec.points = static_cast<std::size_t>(*points);
  } else if (!root.get("points") && !grid && root.get("design")) {
    reader.problem(nullptr, "points",
                   std::string("missing: a ") + design_kind_name(spec.design) +
                       " design needs its number of " +
                       (spec.design == DesignKind::kSaltelli
                            ? "base points N (N (k + 2) runs, N (2k + 2) with second_order)"
                        : spec.design == DesignKind::kMorris ? "trajectories r (r (k + 1) runs)"
                                                             : "points"));
  }
  const auto sweep_grid_levels = reader.integer(root, "grid_levels", "grid_levels", 1, 1000);
  if (sweep_grid_levels && !grid) {
    reader.problem(root.get("grid_levels"), "grid_levels", "only a grid design takes levels");
  }
  if (auto levels = reader.integer(root, "morris_levels", "morris_levels", 2, 64)) {
    if (spec.design != DesignKind::kMorris) {
      reader.problem(root.get("morris_levels"), "morris_levels", "only a morris design takes it");
    } else if (*levels % 2 != 0) {
      reader.problem(root.get("morris_levels"), "morris_levels",
                     "expected an even number of levels (4 is usual)");
    }
    spec.morris_levels = static_cast<std::size_t>(*levels);
  }
  if (const toml::node* second_order = root.get("second_order")) {
    if (!second_order->is_boolean()) {
      reader.problem(second_order, "second_order", "expected true or false");
    } else if (spec.design != DesignKind::kSaltelli) {
      reader.problem(second_order, "second_order", "only a saltelli design takes it");
    } else {
      spec.second_order = second_order->as_boolean()->get();
    }
  }
  spec.replications =
      static_cast<int>(reader.integer(root, "replications", "replications", 1, 10'000).value_or(1));
  spec.seed = static_cast<std::uint64_t>(
      reader.integer(root, "seed", "seed", 0, std::numeric_limits<std::int64_t>::max())
          .value_or(1));
  spec.strategies = reader.names(root, "strategies", "strategies");
  if (!root.get("strategies")) {
    reader.problem(nullptr, "strategies",
                   "missing: the strategies to run at each point, e.g. [\"omnichannel\", "
                   "\"multichannel\"]");
  }
  spec.kpis = root.get("kpis") ? reader.names(root, "kpis", "kpis") : default_kpis;

  if (const toml::node* fixed = root.get("fixed")) {
    if (const toml::table* table = fixed->as_table()) {
      read_fixed(*table, "", spec.fixed);
      if (sets_key(*table, "simulation.replications")) {
        reader.problem(table->get("simulation"), "fixed.simulation.replications",
                       "set the replications with the top-level replications key");
      }
    } else {
      reader.problem(fixed, "fixed", "expected a table of scenario keys set at every point");
    }
  }
  const toml::node* parameters = root.get("parameter");
  const toml::array* array = parameters ? parameters->as_array() : nullptr;
  if (!array || array->empty()) {
    reader.problem(parameters, "parameter",
                   "expected one [[parameter]] table or more (key, and levels or a range)");
    return;
  }
  std::set<std::string> keys;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = "parameter[" + std::to_string(i + 1) + "]";
    const toml::table* table = (*array)[i].as_table();
    if (!table) {
      reader.problem(&(*array)[i], path, "expected a table");
      continue;
    }
    SweepParameter parameter = read_parameter(*table, path, reader);
    if (!parameter.key.empty() && !keys.insert(parameter.key).second) {
      reader.problem(table->get("key"), path + ".key", "\"" + parameter.key + "\" is varied twice");
    } else if (parameter.key == "simulation.replications" || parameter.key == "simulation.seed") {
      // Every point runs the same replications of the same customers: that
      // is what makes points comparable and the results file rectangular.
      reader.problem(table->get("key"), path + ".key",
                     parameter.key == "simulation.seed"
                         ? "the seed is not a parameter: every point runs the same customers "
                           "(set it once in [fixed])"
                         : "the replications are not a parameter: set them with the top-level "
                           "replications key");
    }
    if (grid && parameter.range.count() == 0 && parameter.grid_levels == 0) {
      if (sweep_grid_levels) {
        parameter.grid_levels = static_cast<std::size_t>(*sweep_grid_levels);
      } else {
        reader.problem(table, path + ".grid_levels",
                       "missing: a grid needs the number of levels of a continuous range "
                       "(grid_levels here or at the top of the file)");
      }
    }
    spec.parameters.push_back(std::move(parameter));
  }
  if (reader.ok() && design_size(spec) > kMaxSweepPoints) {
    reader.problem(nullptr, grid ? "grid_levels" : "points",
                   "the design has more than " + std::to_string(kMaxSweepPoints) + " points");
  }
}

// Every point's scenario loads and freezes, and the base names the
// strategies and KPIs: up to kShown failing points are reported. Points are
// checked in rounds, each in parallel, with `progress` told between rounds
// (a design of a million points takes minutes); the problems are reported
// in point order, whatever the threads.
void check_points(const SweepSpec& spec, SweepReader& reader, const SweepProgress& progress) {
  constexpr std::size_t kShown = 5, kRound = 512;
  // The size first, before a point is built: a caller may stop here.
  if (progress) progress(0, design_size(spec));
  const auto points = sweep_unit_points(spec);
  const auto problems_at = [&](std::size_t p) -> std::vector<std::string> {
    try {
      const Model model = build_model(point_scenario(spec, points[p]));
      std::vector<std::string> found;
      if (p != 0) return found;
      for (const auto& name : spec.strategies) {
        if (model.strategy_index(name) < 0) {
          reader.problem(nullptr, "strategies",
                         unknown_name("strategy", "strategies", name, model.strategy_names()));
        }
      }
      const KpiCatalogue catalogue(model);
      for (const auto& name : spec.kpis) {
        if (catalogue.index_of(name) < 0) {
          reader.problem(nullptr, "kpis",
                         "unknown KPI \"" + name + "\" (omnisim compare --all-kpis lists them)");
        }
      }
      return found;
    } catch (const Error& error) {
      const auto* input = dynamic_cast<const InputError*>(&error);
      return input ? input->problems() : std::vector<std::string>{error.what()};
    }
  };
  std::size_t failing = 0;
  if (!points.empty()) {  // point 0 alone: it also checks the names, through the reader
    const std::vector<std::string> problems = problems_at(0);
    failing += problems.empty() ? 0 : 1;
    for (const auto& problem : problems)
      reader.problem(nullptr, "point 0", problem);
  }
  std::vector<std::vector<std::string>> round(kRound);
  for (std::size_t first = 1; first < points.size(); first += kRound) {
    const std::size_t n = std::min(kRound, points.size() - first);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) { round[i] = problems_at(first + i); });
    for (std::size_t i = 0; i < n; ++i) {
      if (round[i].empty() || ++failing > kShown) continue;
      for (const auto& problem : round[i])
        reader.problem(nullptr, "point " + std::to_string(first + i), problem);
    }
    if (progress) progress(first + n, points.size());
  }
  if (failing > kShown) {
    reader.problem(nullptr, "parameter",
                   std::to_string(failing - kShown) + " more points are invalid likewise");
  }
}

}  // namespace

namespace {

// The command line's changes, checked as the file's keys are (the points'
// scenarios are checked after, with them).
void apply_overrides(const SweepOverrides& overrides, SweepSpec& spec, SweepReader& reader) {
  if (overrides.empty()) return;
  if (overrides.points) {
    if (spec.design == DesignKind::kGrid) {
      reader.problem(nullptr, "--points", "a grid's points are its levels' product");
    } else if (*overrides.points < 1 ||
               *overrides.points > static_cast<std::int64_t>(kMaxSweepPoints)) {
      reader.problem(nullptr, "--points",
                     "expected an integer in [1, " + std::to_string(kMaxSweepPoints) + "]");
    } else {
      spec.points = static_cast<std::size_t>(*overrides.points);
    }
  }
  if (overrides.replications) {
    if (*overrides.replications < 1 || *overrides.replications > 10'000) {
      reader.problem(nullptr, "--replications", "expected an integer in [1, 10000]");
    } else {
      spec.replications = static_cast<int>(*overrides.replications);
    }
  }
  std::vector<std::string> assignments = overrides.set;
  if (overrides.customers) {
    assignments.push_back("simulation.customers=" + std::to_string(*overrides.customers));
  }
  for (const std::string& assignment : assignments) {
    const std::string key = assignment.substr(0, assignment.find('='));
    const bool varied = std::any_of(spec.parameters.begin(), spec.parameters.end(),
                                    [&](const SweepParameter& p) { return p.key == key; });
    if (varied) {
      reader.problem(nullptr, "--set " + key, "the sweep varies this key (a [[parameter]])");
    } else if (key == "simulation.replications") {
      reader.problem(nullptr, "--set " + key, "use --replications");
    } else {
      spec.fixed.push_back(assignment);
    }
  }
  if (design_size(spec) > kMaxSweepPoints) {
    reader.problem(nullptr, "--points",
                   "the design would have " + std::to_string(design_size(spec)) +
                       " points; at most " + std::to_string(kMaxSweepPoints));
  }
  spec.text += "\n# run with " + overrides.describe() + "\n";
}

}  // namespace

namespace {

// A sweep file's own keys, read and checked -- not its scenario or points.
std::pair<toml::table, SweepSpec> read_sweep_text(const std::string& text,
                                                  const std::string& source_name,
                                                  const std::vector<std::string>& default_kpis) {
  std::pair<toml::table, SweepSpec> read;
  auto& [root, spec] = read;
  try {
    root = parse_toml_guarded(text, source_name);
  } catch (const toml::parse_error& error) {
    throw InputError(describe_location(error.source(), source_name) +
                     ": not valid TOML: " + std::string(error.description()));
  }
  spec.source_name = source_name;
  SweepReader reader(source_name);
  read_sweep(root, spec, reader, default_kpis);
  reader.throw_if_any();
  return read;
}

}  // namespace

SweepSpec load_sweep(std::string text, const std::string& source_name,
                     const std::filesystem::path& directory,
                     const std::vector<std::string>& default_kpis, const SweepProgress& progress,
                     const SweepOverrides& overrides) {
  auto read = read_sweep_text(text, source_name, default_kpis);
  const toml::table& root = read.first;
  SweepSpec& spec = read.second;
  spec.text = std::move(text);
  SweepReader reader(source_name);
  if (spec.scenario_name == kBuiltin) {
    spec.scenario_text = std::string(builtin_scenario_text());
  } else {
    std::filesystem::path scenario = spec.scenario_name;
    if (scenario.is_relative()) scenario = directory / scenario;
    try {
      spec.scenario_text = read_toml_file(scenario, "scenario");
    } catch (const InputError& error) {
      reader.problem(root.get("scenario"), "scenario", error.problems().front());
      reader.throw_if_any();
    }
  }
  apply_overrides(overrides, spec, reader);
  reader.throw_if_any();
  check_points(spec, reader, progress);
  reader.throw_if_any();
  return std::move(spec);
}

std::vector<SweepParameter> declared_parameters(const std::string& text,
                                                const std::string& source_name) {
  return read_sweep_text(text, source_name, {}).second.parameters;
}

SweepSpec load_sweep_file(const std::filesystem::path& path,
                          const std::vector<std::string>& default_kpis,
                          const SweepProgress& progress, const SweepOverrides& overrides) {
  return load_sweep(read_toml_file(path, "sweep"), path.string(), path.parent_path(), default_kpis,
                    progress, overrides);
}

std::string SweepOverrides::describe() const {
  std::string text;
  const auto add = [&](const std::string& option) { text += (text.empty() ? "" : " ") + option; };
  if (points) add("--points " + std::to_string(*points));
  if (replications) add("--replications " + std::to_string(*replications));
  if (customers) add("--customers " + std::to_string(*customers));
  for (const std::string& assignment : set)
    add("--set " + assignment);
  return text;
}

std::vector<std::vector<double>> sweep_unit_points(const SweepSpec& spec) {
  const std::size_t k = spec.parameters.size();
  switch (spec.design) {
    case DesignKind::kGrid: {
      auto grid = unit_design(DesignKind::kGrid, k, 0, spec.seed, grid_levels_of(spec));
      std::vector<std::vector<double>> shuffled;
      shuffled.reserve(grid.size());
      for (const std::size_t index : shuffled_order(grid.size(), spec.seed))
        shuffled.push_back(std::move(grid[index]));
      return shuffled;
    }
    case DesignKind::kMorris:
      return morris_design(k, spec.points, spec.morris_levels, spec.seed);
    case DesignKind::kSaltelli:
      return saltelli_design(k, spec.points, spec.second_order);
    default:
      return unit_design(spec.design, k, spec.points, spec.seed);
  }
}

std::vector<std::string> point_overrides(const SweepSpec& spec, const std::vector<double>& unit) {
  std::vector<std::string> overrides = spec.fixed;
  overrides.push_back("simulation.replications=" + std::to_string(spec.replications));
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    overrides.push_back(spec.parameters[i].key + "=" + spec.parameters[i].range.value_at(unit[i]));
  }
  return overrides;
}

Scenario point_scenario(const SweepSpec& spec, const std::vector<double>& unit) {
  const std::string name =
      spec.scenario_name == kBuiltin ? std::string(kBuiltinScenarioName) : spec.scenario_name;
  return load_scenario(spec.scenario_text, name, point_overrides(spec, unit));
}

}  // namespace omnisim
