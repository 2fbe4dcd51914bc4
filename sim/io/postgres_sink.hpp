#pragma once
// A PostgreSQL sink for paced streaming (libpq): creates the table from the
// event schema if it does not exist (an existing one must have the schema's
// columns, by name and type), then COPYs each batch into those columns (CSV),
// one transaction per batch, and waits for the server's answer, so a
// batch's latency covers its commit. Errors throw IoError with the server's
// message.

#include <memory>
#include <span>
#include <string>

#include "sim/io/paced_stream.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

class PostgresSink final : public BatchSink {
 public:
  // `conninfo`: a libpq connection string or URI (postgresql://...);
  // `table`: letters, digits and '_' only; `timeout_s`: the longest wait
  // for the server's answer (and, rounded up, at least 2 s, to connect).
  PostgresSink(const std::string& conninfo, const std::string& table, const Model& model,
               double timeout_s);
  ~PostgresSink() override;
  PostgresSink(const PostgresSink&) = delete;
  PostgresSink& operator=(const PostgresSink&) = delete;
  void send(int strategy, int replication, std::span<const Event> batch) override;
  bool answers() const override { return true; }

  // The CREATE TABLE statement the sink runs (IF NOT EXISTS).
  static std::string create_table_sql(const std::string& table);

 private:
  // InputError naming what differs when the table lacks a column of the
  // schema or has it with another type.
  void check_existing_columns() const;

  struct Connection;
  std::string table_;
  const Model& model_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace omnisim
