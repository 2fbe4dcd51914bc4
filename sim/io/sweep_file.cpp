#include "sim/io/sweep_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/io/hdf5_reader.hpp"

namespace omnisim {
namespace {

// The fixed columns of a /runs row, then one double per parameter and KPI.
constexpr const char* kFixedColumns[] = {"point", "replication", "strategy", "seed"};
constexpr std::size_t kFixed = std::size(kFixedColumns);

}  // namespace

std::string SweepLayout::identity() const {
  return "omnisim " + omnisim_version + " (" + git_sha + ")\nsweep:\n" + sweep_text +
         "\nscenario:\n" + scenario_text;
}

void write_sweep_file(const std::filesystem::path& target, bool force, const SweepLayout& layout,
                      std::vector<std::size_t> done,
                      const std::function<std::vector<double>(std::size_t point)>& values_of) {
  std::sort(done.begin(), done.end());
  AtomicFile atomic(target, force);
  h5::File file = h5::File::create(atomic.temporary_path());
  h5::Group& root = file.root();
  root.set_attribute("file_type", std::string(kSweepFileType));
  root.set_attribute("schema_version", std::span<const std::int64_t>(kSweepSchemaVersion));
  root.set_attribute("omnisim_version", layout.omnisim_version);
  root.set_attribute("git_sha", layout.git_sha);
  root.set_attribute("command", std::string("sweep"));
  root.set_attribute("sweep", layout.sweep_text);
  root.set_attribute("scenario", layout.scenario_text);
  root.set_attribute("design", layout.design);
  root.set_attribute("design_seed", layout.design_seed);
  root.set_attribute("seed", layout.seed);
  root.set_attribute("replications", layout.replications);
  root.set_attribute("morris_levels", layout.morris_levels);
  root.set_attribute("second_order", layout.second_order);
  root.set_attribute("points", static_cast<std::int64_t>(layout.points));
  root.set_attribute("points_done", static_cast<std::int64_t>(done.size()));
  root.set_attribute("shard", layout.shard);
  root.set_attribute("complete",
                     std::int64_t{layout.shard.empty() && done.size() == layout.points ? 1 : 0});
  root.set_attribute("parameters", layout.parameters);
  root.set_attribute("strategies", layout.strategies);
  root.set_attribute("kpis", layout.kpis);
  root.set_attribute("kpi_units", layout.kpi_units);

  const std::size_t k = layout.parameters.size();
  h5::Group design = root.create_group("design");
  design.write("unit", layout.unit, {layout.points, k});
  design.write("value", layout.value, {layout.points, k});

  std::vector<std::string> names(std::begin(kFixedColumns), std::end(kFixedColumns));
  names.insert(names.end(), layout.parameters.begin(), layout.parameters.end());
  names.insert(names.end(), layout.kpis.begin(), layout.kpis.end());
  std::vector<h5::Field> fields;
  for (std::size_t c = 0; c < names.size(); ++c) {
    fields.push_back({names[c].c_str(), c * 8, c < kFixed ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE});
  }
  const std::size_t row_size = names.size() * 8;
  h5::Table runs(root, "runs", row_size, fields);
  runs.set_attribute("strategies", layout.strategies);
  const std::size_t n_kpis = layout.kpis.size();
  const auto replications = static_cast<std::size_t>(layout.replications);
  // Rows go to HDF5 a whole chunk at a time: appending a few rows to a
  // compressed chunk rewrites the chunk, which made a sweep of thousands of
  // points quadratic to write.
  constexpr std::size_t kRowsPerAppend = 16384;
  const std::size_t rows_per_point = layout.strategies.size() * replications;
  std::vector<unsigned char> rows;
  rows.reserve(std::max(kRowsPerAppend, rows_per_point) * row_size);
  const auto flush = [&] {
    if (!rows.empty()) runs.append(rows.data(), rows.size() / row_size);
    rows.clear();
  };
  for (const std::size_t point : done) {
    const std::vector<double> values = values_of(point);
    if (values.size() != layout.values_per_point()) {
      throw IoError(target.string() + ": point " + std::to_string(point) + " has " +
                    std::to_string(values.size()) + " values, expected " +
                    std::to_string(layout.values_per_point()));
    }
    if ((rows.size() / row_size) + rows_per_point > kRowsPerAppend) flush();
    const std::size_t start = rows.size();
    rows.resize(start + rows_per_point * row_size, 0);
    unsigned char* row = rows.data() + start;
    for (std::size_t s = 0; s < layout.strategies.size(); ++s) {
      for (std::size_t r = 0; r < replications; ++r, row += row_size) {
        const std::int64_t fixed[kFixed] = {static_cast<std::int64_t>(point),
                                            static_cast<std::int64_t>(r),
                                            static_cast<std::int64_t>(s), layout.seed};
        std::memcpy(row, fixed, sizeof fixed);
        std::memcpy(row + sizeof fixed, layout.value.data() + point * k, k * sizeof(double));
        std::memcpy(row + sizeof fixed + k * sizeof(double),
                    values.data() + (s * replications + r) * n_kpis, n_kpis * sizeof(double));
      }
    }
  }
  flush();
  file.close();
  atomic.commit();
}

SweepData read_sweep_file(const std::filesystem::path& path) {
  const h5::Reader reader(path);
  if (!reader.has_attribute("/", "file_type") ||
      reader.string_attribute("/", "file_type") != kSweepFileType) {
    throw InputError(path.string() + ": not an omnisim sweep file (made by omnisim sweep)");
  }
  const auto version = reader.numbers_attribute("/", "schema_version");
  if (version.empty() || version[0] != static_cast<double>(kSweepSchemaVersion[0])) {
    throw InputError(path.string() + ": sweep file schema " +
                     (version.empty() ? std::string("?") : std::to_string(int(version[0]))) +
                     ".x; this omnisim reads " + std::to_string(kSweepSchemaVersion[0]) + ".x");
  }
  SweepData data;
  SweepLayout& layout = data.layout;
  const auto integer = [&](const char* name) { return reader.integer_attribute("/", name); };
  layout.omnisim_version = reader.string_attribute("/", "omnisim_version");
  layout.git_sha = reader.string_attribute("/", "git_sha");
  layout.sweep_text = reader.string_attribute("/", "sweep");
  layout.scenario_text = reader.string_attribute("/", "scenario");
  layout.design = reader.string_attribute("/", "design");
  layout.design_seed = integer("design_seed");
  layout.seed = integer("seed");
  layout.replications = integer("replications");
  layout.morris_levels = integer("morris_levels");
  layout.second_order = reader.has_attribute("/", "second_order") ? integer("second_order") : 0;
  const std::int64_t points_attribute = integer("points");
  if (points_attribute < 0 || layout.replications < 1) {
    throw InputError(path.string() + ": the points (" + std::to_string(points_attribute) +
                     ") or replications (" + std::to_string(layout.replications) +
                     ") attribute is out of range");
  }
  layout.points = static_cast<std::size_t>(points_attribute);
  layout.shard = reader.string_attribute("/", "shard");
  layout.parameters = reader.strings_attribute("/", "parameters");
  layout.strategies = reader.strings_attribute("/", "strategies");
  layout.kpis = reader.strings_attribute("/", "kpis");
  layout.kpi_units = reader.strings_attribute("/", "kpi_units");
  layout.unit = reader.doubles("/design/unit").values;
  layout.value = reader.doubles("/design/value").values;
  // Every count checked against the file's own before anything is indexed.
  const std::size_t cells = layout.points * layout.parameters.size();
  for (const auto& [name, size] : {std::pair{"/design/unit", layout.unit.size()},
                                   std::pair{"/design/value", layout.value.size()}}) {
    if (size != cells) {
      throw InputError(path.string() + ": " + name + " holds " + std::to_string(size) +
                       " values, not one per point and parameter (" + std::to_string(cells) + ")");
    }
  }
  // The design is in the unit cube, its values finite: the analyses bin them.
  for (std::size_t i = 0; i < cells; ++i) {
    if (!(layout.unit[i] >= 0.0 && layout.unit[i] <= 1.0) || !std::isfinite(layout.value[i])) {
      throw InputError(path.string() + ": /design holds " + std::to_string(layout.unit[i]) + " (" +
                       std::to_string(layout.value[i]) + ") for point " +
                       std::to_string(i / std::max<std::size_t>(layout.parameters.size(), 1)) +
                       "; a design lies in [0, 1] with finite values");
    }
  }
  if (layout.kpi_units.size() != layout.kpis.size()) {
    throw InputError(path.string() + ": the kpi_units attribute has " +
                     std::to_string(layout.kpi_units.size()) + " entries for " +
                     std::to_string(layout.kpis.size()) + " KPIs");
  }

  const std::vector<double> points = reader.field("/runs", "point");
  const std::vector<double> strategies = reader.field("/runs", "strategy");
  const std::vector<double> replications = reader.field("/runs", "replication");
  std::vector<std::vector<double>> columns;
  for (const auto& kpi : layout.kpis)
    columns.push_back(reader.field("/runs", kpi));
  const std::size_t per_point =
      layout.strategies.size() * static_cast<std::size_t>(layout.replications);
  if (per_point == 0 || points.size() % per_point != 0) {
    throw InputError(path.string() + ": /runs does not hold whole points");
  }
  const std::size_t n_kpis = layout.kpis.size();
  // A stored index as a slot below `bound`; `bound` itself when it is not
  // one (negative, fractional, NaN or too large), which callers refuse.
  const auto slot = [](double stored, std::size_t bound) {
    const bool whole = stored >= 0.0 && stored < static_cast<double>(bound) &&
                       stored == static_cast<double>(static_cast<std::size_t>(stored));
    return whole ? static_cast<std::size_t>(stored) : bound;
  };
  for (std::size_t row = 0; row < points.size(); row += per_point) {
    const std::size_t point = slot(points[row], layout.points);
    if (point >= layout.points || (!data.points_done.empty() && point <= data.points_done.back())) {
      throw InputError(path.string() + ": /runs is not sorted by point, one point at a time");
    }
    std::vector<double> values(layout.values_per_point());
    for (std::size_t i = 0; i < per_point; ++i) {
      const std::size_t r = row + i;
      const std::size_t s = slot(strategies[r], layout.strategies.size());
      const std::size_t rep = slot(replications[r], static_cast<std::size_t>(layout.replications));
      if (slot(points[r], layout.points) != point || s >= layout.strategies.size() ||
          rep >= static_cast<std::size_t>(layout.replications)) {
        throw InputError(path.string() + ": /runs row " + std::to_string(r) + " is out of place");
      }
      for (std::size_t kpi = 0; kpi < n_kpis; ++kpi)
        values[(s * static_cast<std::size_t>(layout.replications) + rep) * n_kpis + kpi] =
            columns[kpi][r];
    }
    data.points_done.push_back(point);
    data.values.push_back(std::move(values));
  }
  return data;
}

}  // namespace omnisim
