#include "sim/io/provenance.hpp"

#include <chrono>
#include <ctime>

#include "sim/core/version.hpp"

namespace omnisim {
namespace {

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

void write_provenance(h5::Group& root, const Model& model, const std::string& file_type,
                      std::span<const std::int64_t> schema_version,
                      const OutputMetadata& metadata) {
  const SimulationModel& simulation = model.simulation;
  root.set_attribute("file_type", file_type);
  root.set_attribute("schema_version", schema_version);
  root.set_attribute("omnisim_version", std::string(kVersion));
  root.set_attribute("git_sha", std::string(kGitSha));
  root.set_attribute("date", utc_now_iso8601());
  root.set_attribute("command", metadata.command);
  root.set_attribute("seed", static_cast<std::int64_t>(simulation.seed));
  root.set_attribute("threads", static_cast<std::int64_t>(metadata.threads));
  root.set_attribute("customers", static_cast<std::int64_t>(simulation.customers));
  root.set_attribute("replications", static_cast<std::int64_t>(simulation.replications));
  root.set_attribute("scenario", model.scenario_toml);
}

}  // namespace omnisim
