#pragma once
// The attributes every omnisim HDF5 file carries at its root, so a file says
// what made it: file_type, schema_version, omnisim_version, git_sha, date,
// command, seed, threads, customers, replications and the scenario (TOML).

#include <cstdint>
#include <span>
#include <string>

#include "sim/io/hdf5.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct OutputMetadata {
  std::string command;
  int threads = 0;
};

void write_provenance(h5::Group& root, const Model& model, const std::string& file_type,
                      std::span<const std::int64_t> schema_version, const OutputMetadata& metadata);

}  // namespace omnisim
