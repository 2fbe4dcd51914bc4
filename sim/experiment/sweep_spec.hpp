#pragma once
// A sweep file (scenarios/sweeps/*.toml; README "Sweeps"): a base scenario,
// the parameters varied by key path with their levels or distribution, the
// design, replications, strategies and the KPIs kept. Loaded strictly, as a
// scenario is: every problem at once, each with file:line:column and key,
// and every point's scenario validated before anything runs.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/experiment/design.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim {

struct SweepParameter {
  std::string key;  // scenario key path, e.g. "mechanisms.habit.utility"
  ParameterRange range;
  std::size_t grid_levels = 0;  // a grid's levels of a continuous range
};

struct SweepSpec {
  std::string source_name;    // the sweep file's path
  std::string text;           // the sweep file as written
  std::string scenario_name;  // path (as written in the file) or "built-in"
  std::string scenario_text;  // the base scenario's TOML
  DesignKind design = DesignKind::kLatinHypercube;
  // random, lhs, sobol: points; saltelli: base points N (N (k + 2) points);
  // morris: trajectories r (r (k + 1) points); grid: unused.
  std::size_t points = 0;
  std::size_t morris_levels = 4;
  bool second_order = false;  // saltelli: also the BA points, for second-order indices
  int replications = 1;
  std::uint64_t seed = 0;  // the design's; the runs use the scenario's simulation.seed
  std::vector<std::string> strategies;
  std::vector<std::string> kpis;
  std::vector<std::string> fixed;  // "key=value" applied at every point, in file order
  std::vector<SweepParameter> parameters;
};

// What a sweep's user may change without editing its file (omnisim sweep
// --set/--customers/--replications/--points, omnisim.sweep's arguments): a
// smaller design to try first, another scenario value at every point.
struct SweepOverrides {
  std::vector<std::string> set;  // "key=value" on the scenario, after the file's fixed keys
  std::optional<std::int64_t> customers;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> points;  // the design's points (saltelli: N; morris: r)
  bool empty() const { return set.empty() && !customers && !replications && !points; }
  // "--points 20 --customers 2000 --set k=v": how the sweep's text records them.
  std::string describe() const;
};

// Most points a sweep may have: each is at least one simulation.
inline constexpr std::size_t kMaxSweepPoints = 10'000'000;

// Told how many of the design's points are checked (points checked, of all):
// first (0, size) before any point is built, then after each round.
using SweepProgress = std::function<void(std::size_t, std::size_t)>;

// Reads and checks `path`, its base scenario (a path relative to the sweep
// file) and every point's scenario (the design's size is checked against
// kMaxSweepPoints first). `default_kpis` are kept when the file names none.
// InputError with every problem found.
// `overrides` apply after the file is read and before the points are
// checked; the spec's text ends with a comment naming them, so the file's
// identity (resume, merge) includes them.
SweepSpec load_sweep_file(const std::filesystem::path& path,
                          const std::vector<std::string>& default_kpis,
                          const SweepProgress& progress = {}, const SweepOverrides& overrides = {});

// The same from text; `directory` resolves a relative scenario path.
SweepSpec load_sweep(std::string text, const std::string& source_name,
                     const std::filesystem::path& directory,
                     const std::vector<std::string>& default_kpis,
                     const SweepProgress& progress = {}, const SweepOverrides& overrides = {});

// The parameters a sweep file's text declares -- keys, ranges and
// distributions -- read without its base scenario (what an export states
// about a sweep file's sweep). InputError if the text is not a valid sweep.
std::vector<SweepParameter> declared_parameters(const std::string& text,
                                                const std::string& source_name);

// The design's points in the unit cube, in the order the sweep runs them
// (the point's index is its row): any prefix covers the whole space.
std::vector<std::vector<double>> sweep_unit_points(const SweepSpec& spec);

// The --set overrides that make point `unit` of the sweep from its base
// scenario: the fixed ones, the replications, then the point's parameters.
std::vector<std::string> point_overrides(const SweepSpec& spec, const std::vector<double>& unit);

// The scenario of point `unit`; InputError naming the point if it is invalid.
Scenario point_scenario(const SweepSpec& spec, const std::vector<double>& unit);

}  // namespace omnisim
