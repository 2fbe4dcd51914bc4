#include "sim/io/results_file.hpp"

#include <cstddef>

namespace omnisim {
namespace {

// The on-disk layout of a /customers row.
struct StoredCustomer {
  std::uint64_t id;
  std::uint16_t strategy;
  std::uint16_t replication;
  std::uint16_t segment;
  std::uint16_t acquisition_channel;
  double acquisition_day;
  std::uint32_t orders;
  double first_purchase_day;
  double last_purchase_day;
  double revenue_eur;
  double clv_eur;
  double clv_net_eur;
  double clv_lifetime_eur;
  double sunk_cac_eur;
  std::uint8_t channels_used_mask;
  double dropout_day;
  std::uint8_t acquisition;
  std::uint16_t referrals;
};

const std::vector<h5::Field>& stored_customer_fields() {
  static const std::vector<h5::Field> fields{
      {"id", offsetof(StoredCustomer, id), H5T_NATIVE_UINT64},
      {"strategy", offsetof(StoredCustomer, strategy), H5T_NATIVE_UINT16},
      {"replication", offsetof(StoredCustomer, replication), H5T_NATIVE_UINT16},
      {"segment", offsetof(StoredCustomer, segment), H5T_NATIVE_UINT16},
      {"acquisition_channel", offsetof(StoredCustomer, acquisition_channel), H5T_NATIVE_UINT16},
      {"acquisition_day", offsetof(StoredCustomer, acquisition_day), H5T_NATIVE_DOUBLE},
      {"orders", offsetof(StoredCustomer, orders), H5T_NATIVE_UINT32},
      {"first_purchase_day", offsetof(StoredCustomer, first_purchase_day), H5T_NATIVE_DOUBLE},
      {"last_purchase_day", offsetof(StoredCustomer, last_purchase_day), H5T_NATIVE_DOUBLE},
      {"revenue_eur", offsetof(StoredCustomer, revenue_eur), H5T_NATIVE_DOUBLE},
      {"clv_eur", offsetof(StoredCustomer, clv_eur), H5T_NATIVE_DOUBLE},
      {"clv_net_eur", offsetof(StoredCustomer, clv_net_eur), H5T_NATIVE_DOUBLE},
      {"clv_lifetime_eur", offsetof(StoredCustomer, clv_lifetime_eur), H5T_NATIVE_DOUBLE},
      {"sunk_cac_eur", offsetof(StoredCustomer, sunk_cac_eur), H5T_NATIVE_DOUBLE},
      {"channels_used_mask", offsetof(StoredCustomer, channels_used_mask), H5T_NATIVE_UINT8},
      {"dropout_day", offsetof(StoredCustomer, dropout_day), H5T_NATIVE_DOUBLE},
      {"acquisition", offsetof(StoredCustomer, acquisition), H5T_NATIVE_UINT8},
      {"referrals", offsetof(StoredCustomer, referrals), H5T_NATIVE_UINT16},
  };
  return fields;
}

template <class Item, class Name>
std::vector<std::string> names_of(const std::vector<Item>& items, Name name) {
  std::vector<std::string> names;
  names.reserve(items.size());
  for (const auto& item : items)
    names.push_back(name(item));
  return names;
}

}  // namespace

ResultsFile::ResultsFile(const std::filesystem::path& target, bool force, const Model& model,
                         const OutputMetadata& metadata, bool customers_table)
    : atomic_(target, force), model_(model) {
  file_.emplace(h5::File::create(atomic_.temporary_path()));
  h5::Group& root = file_->root();
  write_provenance(root, model, kResultsFileType, kSchemaVersion, metadata);

  if (customers_table) {
    customers_.emplace(root, "customers", sizeof(StoredCustomer), stored_customer_fields());
    customers_->set_attribute("strategy_names",
                              names_of(model.strategies, [](const auto& s) { return s.name; }));
    customers_->set_attribute("segment_names",
                              names_of(model.segments, [](const auto& s) { return s.name; }));
    customers_->set_attribute("channel_names",
                              names_of(model.channels, [](const auto& c) { return c.name; }));
  }
}

void ResultsFile::write(int strategy, int replication, std::span<const CustomerRow> rows) {
  if (!customers_) return;
  std::vector<StoredCustomer> stored;
  stored.reserve(rows.size());
  for (const auto& row : rows) {
    stored.push_back({row.id, static_cast<std::uint16_t>(strategy),
                      static_cast<std::uint16_t>(replication),
                      static_cast<std::uint16_t>(row.segment),
                      static_cast<std::uint16_t>(row.acquisition_channel), row.acquisition_day,
                      row.orders, row.first_purchase_day, row.last_purchase_day, row.revenue_eur,
                      row.clv_eur, row.clv_net_eur, row.clv_lifetime_eur, row.sunk_cac_eur,
                      row.channels_used_mask, row.dropout_day, row.acquisition, row.referrals});
  }
  customers_->append(stored.data(), stored.size());
}

void ResultsFile::write_results(const ExperimentResults& results) {
  h5::Group& root = file_->root();
  const hsize_t n_strategies = results.strategies.size();
  const auto n_replications = static_cast<hsize_t>(results.replications);
  std::vector<std::string> strategy_names, strategy_labels;
  for (int s : results.strategies) {
    strategy_names.push_back(model_.strategies[s].name);
    strategy_labels.push_back(model_.strategies[s].label);
  }

  h5::Group kpi = root.create_group("kpi");
  const hsize_t n_kpis = results.kpis.size();
  std::vector<double> values;
  values.reserve(n_strategies * n_replications * n_kpis);
  for (const auto& strategy : results.kpi_values) {
    for (const auto& replication : strategy)
      values.insert(values.end(), replication.begin(), replication.end());
  }
  kpi.write("values", values, {n_strategies, n_replications, n_kpis});
  kpi.write("strategy", strategy_names);
  kpi.write("label", strategy_labels);
  kpi.write("kpi", names_of(results.kpis, [](const auto& k) { return k.name; }));
  kpi.write("unit", names_of(results.kpis, [](const auto& k) { return k.unit; }));
  kpi.write("group", names_of(results.kpis, [](const auto& k) { return k.group; }));
  kpi.write("description", names_of(results.kpis, [](const auto& k) { return k.description; }));

  h5::Group series = root.create_group("timeseries");
  const TimeModel& time = model_.time;
  const auto n_periods = static_cast<hsize_t>(time.n_periods);
  std::vector<double> starts, ends;
  for (hsize_t p = 0; p < n_periods; ++p) {
    starts.push_back(static_cast<double>(p) * time.period_days);
    ends.push_back(std::min(time.horizon_days, static_cast<double>(p + 1) * time.period_days));
  }
  series.write("period_start_day", starts, {n_periods});
  series.write("period_end_day", ends, {n_periods});
  series.write("strategy", strategy_names);
  for (std::size_t field = 0; field < TimeSeriesRow::kNames.size(); ++field) {
    std::vector<double> column;
    for (const auto& strategy : results.timeseries) {
      for (const auto& replication : strategy) {
        for (const auto& row : replication)
          column.push_back(row.values()[field]);
      }
    }
    series.write(std::string(TimeSeriesRow::kNames[field]), column,
                 {n_strategies, n_replications, n_periods});
  }

  // Congestion: waiting effort per contact by channel, as the couplings set it.
  const auto n_channels = static_cast<hsize_t>(model_.n_channels);
  std::vector<double> waiting;
  for (const auto& strategy : results.timeseries) {
    for (const auto& replication : strategy) {
      for (const auto& row : replication) {
        waiting.insert(waiting.end(), row.waiting_effort_per_contact.begin(),
                       row.waiting_effort_per_contact.begin() + model_.n_channels);
      }
    }
  }
  series.write("waiting_effort_per_contact", waiting,
               {n_strategies, n_replications, n_periods, n_channels});
  series.write("channel", names_of(model_.channels, [](const auto& c) { return c.name; }));

  h5::Group retention = root.create_group("retention");
  const auto n_months = static_cast<hsize_t>(time.n_age_months);
  std::vector<double> months, alive;
  for (hsize_t m = 1; m <= n_months; ++m)
    months.push_back(static_cast<double>(m));
  for (const auto& strategy : results.retention_curve) {
    for (const auto& replication : strategy)
      alive.insert(alive.end(), replication.begin(), replication.end());
  }
  retention.write("month", months, {n_months});
  retention.write("alive_share", alive, {n_strategies, n_replications, n_months});
  retention.write("strategy", strategy_names);
}

void ResultsFile::commit() {
  customers_.reset();
  file_->close();  // throws if the data did not reach the file; the temporary is then removed
  file_.reset();
  atomic_.commit();
}

}  // namespace omnisim
