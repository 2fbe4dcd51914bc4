#include "sim/io/postgres_sink.hpp"

#include <sstream>

#include <libpq-fe.h>

#include "sim/core/error.hpp"
#include "sim/io/event_writer.hpp"

namespace omnisim {
namespace {

std::string server_message(PGconn* connection) {
  std::string message = PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  return message;
}

}  // namespace

struct PostgresSink::Connection {
  PGconn* pg = nullptr;
  ~Connection() {
    if (pg != nullptr) PQfinish(pg);
  }
};

std::string PostgresSink::create_table_sql(const std::string& table) {
  // The columns of event_columns(), in order; customer ids of referred
  // customers use all 64 bits, beyond bigint.
  return "CREATE TABLE IF NOT EXISTS " + table +
         " (event_id text PRIMARY KEY, replication integer NOT NULL, strategy text NOT NULL,"
         " customer_id numeric(20, 0) NOT NULL, sequence bigint NOT NULL, journey_id bigint,"
         " segment text NOT NULL, type text NOT NULL, stage text, channel text,"
         " day double precision NOT NULL, timestamp timestamptz NOT NULL,"
         " amount_eur double precision NOT NULL, cost_eur double precision NOT NULL,"
         " detail smallint NOT NULL)";
}

PostgresSink::PostgresSink(const std::string& conninfo, const std::string& table,
                           const Model& model)
    : table_(table), model_(model), connection_(std::make_unique<Connection>()) {
  if (table.empty() ||
      table.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos) {
    throw InputError("--pg-table: expected letters, digits and _, got \"" + table + "\"");
  }
  connection_->pg = PQconnectdb(conninfo.c_str());
  if (PQstatus(connection_->pg) != CONNECTION_OK) {
    throw IoError("PostgreSQL " + conninfo +
                  ": cannot connect: " + server_message(connection_->pg));
  }
  PGresult* result = PQexec(connection_->pg, create_table_sql(table_).c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  PQclear(result);
  if (!ok) {
    throw IoError("PostgreSQL: cannot create table " + table_ + ": " +
                  server_message(connection_->pg));
  }
}

PostgresSink::~PostgresSink() = default;

void PostgresSink::send(int strategy, int replication, std::span<const Event> batch) {
  // The CSV writer's rows, without their header line.
  std::ostringstream text;
  EventTextWriter writer(text, model_, EventTextFormat::kCsv);
  writer.write(strategy, replication, batch);
  writer.flush();
  std::string rows = std::move(text).str();
  rows.erase(0, rows.find('\n') + 1);

  PGconn* pg = connection_->pg;
  PGresult* started = PQexec(pg, ("COPY " + table_ + " FROM STDIN WITH (FORMAT csv)").c_str());
  const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
  PQclear(started);
  if (!copying) throw IoError("PostgreSQL: cannot start COPY: " + server_message(pg));
  if (PQputCopyData(pg, rows.data(), static_cast<int>(rows.size())) != 1 ||
      PQputCopyEnd(pg, nullptr) != 1) {
    throw IoError("PostgreSQL: COPY failed: " + server_message(pg));
  }
  bool ok = true;
  std::string failure;
  while (PGresult* result = PQgetResult(pg)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      ok = false;
      failure = PQresultErrorMessage(result);
    }
    PQclear(result);
  }
  if (!ok) {
    while (!failure.empty() && failure.back() == '\n')
      failure.pop_back();
    throw IoError("PostgreSQL: COPY into " + table_ + " failed: " + failure);
  }
}

}  // namespace omnisim
