#pragma once
// Reading back what omnisim wrote, with the HDF5 C API, for assertions.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace omnisim::testing {

struct DoubleDataset {
  std::vector<double> values;
  std::vector<unsigned long long> shape;
};

DoubleDataset read_doubles(const std::filesystem::path& file, const std::string& dataset);
// A one-dimensional dataset of variable-length strings.
std::vector<std::string> read_strings(const std::filesystem::path& file,
                                      const std::string& dataset);
// Whether `path` (a group or dataset) exists in the file.
bool has_object(const std::filesystem::path& file, const std::string& path);
// An attribute of the root or of `object` ("/explain").
std::string read_string_attribute(const std::filesystem::path& file, const std::string& name,
                                  const std::string& object = "/");
std::vector<std::int64_t> read_int_attribute(const std::filesystem::path& file,
                                             const std::string& name);

struct StoredCustomerRow {
  std::uint64_t id;
  std::uint16_t strategy;
  std::uint16_t replication;
  std::uint32_t orders;
  double first_purchase_day;  // NaN if the customer never bought
  double last_purchase_day;
  double revenue_eur;
  double clv_eur;
  double dropout_day;
  std::uint8_t acquisition;
};
std::vector<StoredCustomerRow> read_customers(const std::filesystem::path& file);

struct StoredEventRow {
  std::uint64_t customer_id;
  double day, amount_eur, cost_eur;
  std::uint32_t sequence, journey_id;
  std::uint16_t replication;
  std::uint8_t strategy, type, stage, channel, segment, detail;
};
std::vector<StoredEventRow> read_events(const std::filesystem::path& file);

}  // namespace omnisim::testing
