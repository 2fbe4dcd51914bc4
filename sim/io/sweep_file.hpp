#pragma once
// The HDF5 file of a sweep (README "Sweeps"; file_type "omnisim-sweep"):
//   /            attributes: file_type, schema_version, omnisim_version, git_sha,
//                command, sweep (the sweep file's TOML), scenario (the base
//                scenario's TOML), design, design_seed, seed, replications,
//                morris_levels, points, points_done, shard, complete,
//                parameters, strategies, kpis, kpi_units
//   /design      unit[point, parameter] (coordinates in [0, 1]) and
//                value[point, parameter] (the values run; a categorical
//                parameter's level index), every point of the design
//   /runs        one compound row per finished point, replication and
//                strategy: point, replication, strategy (index into the
//                strategies attribute), seed, one column per parameter (its
//                key path) and one per KPI, sorted by point
// No date and no thread count: the same sweep gives the same file however
// it was run (at once, resumed, or in shards merged).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace omnisim {

inline constexpr const char* kSweepFileType = "omnisim-sweep";
// 1.2: the second_order attribute (absent: 0).
inline constexpr std::int64_t kSweepSchemaVersion[2] = {1, 2};

struct SweepLayout {
  std::string omnisim_version, git_sha;  // of the binary that ran the points
  std::string sweep_text, scenario_text;
  std::string design;
  std::int64_t design_seed = 0, seed = 0, replications = 1, morris_levels = 0;
  std::int64_t second_order = 0;  // saltelli with the BA points: groups of 2k + 2
  std::vector<std::string> parameters, strategies, kpis, kpi_units;
  std::size_t points = 0;
  std::vector<double> unit, value;  // [point][parameter], row-major
  std::string shard;                // "K/N", or empty for the whole sweep

  std::size_t values_per_point() const {
    return strategies.size() * static_cast<std::size_t>(replications) * kpis.size();
  }
  // What makes two files (or a file and a journal) the same sweep: its
  // texts and the omnisim build that ran it (version and git SHA: another
  // build may give other numbers), not the shard.
  std::string identity() const;
};

// Writes the sweep file at `target` (a temporary name renamed into place):
// the layout, and the rows of `done` (sorted here) from `values_of(point)`,
// point by point, so memory holds one point at a time.
void write_sweep_file(const std::filesystem::path& target, bool force, const SweepLayout& layout,
                      std::vector<std::size_t> done,
                      const std::function<std::vector<double>(std::size_t point)>& values_of);

// A sweep file read back: its layout, the points it holds, and their values
// (values[i] for points_done[i], in the journal's order).
struct SweepData {
  SweepLayout layout;
  std::vector<std::size_t> points_done;  // ascending
  std::vector<std::vector<double>> values;
};

// InputError naming the file if it is not an omnisim sweep file of a
// schema this version reads.
SweepData read_sweep_file(const std::filesystem::path& path);

}  // namespace omnisim
