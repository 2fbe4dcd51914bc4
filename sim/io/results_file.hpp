#pragma once
// The HDF5 file a command writes (schema in README.md, "Output"):
//   /            attributes: file_type, schema_version, omnisim_version, git_sha,
//                date, command, seed, threads, customers, replications, scenario
//   /kpi         values[strategy, replication, kpi], strategy, label, kpi, unit, description
//   /timeseries  <series>[strategy, replication, period], period_start_day, period_end_day
//   /retention   alive_share[strategy, replication, month], month
//   /customers   one compound row per customer, strategy and replication (optional)
// It is written under a temporary name and renamed into place by commit().

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "sim/engine/run.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/io/provenance.hpp"
#include "sim/kpi/results.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

inline constexpr const char* kResultsFileType = "omnisim-results";
// Readers check the major version; a minor version only adds datasets or columns.
inline constexpr std::int64_t kSchemaVersion[2] = {1, 5};

class ResultsFile final : public CustomerRowSink {
 public:
  ResultsFile(const std::filesystem::path& target, bool force, const Model& model,
              const OutputMetadata& metadata, bool customers_table);

  // Appends rows to /customers (only with customers_table).
  void write(int strategy, int replication, std::span<const CustomerRow> rows) override;

  void write_results(const ExperimentResults& results);
  // Closes the file and moves it to its final name.
  void commit();

  h5::Group& root() { return file_->root(); }

 private:
  AtomicFile atomic_;
  const Model& model_;
  std::optional<h5::File> file_;
  std::optional<h5::Table> customers_;
};

}  // namespace omnisim
