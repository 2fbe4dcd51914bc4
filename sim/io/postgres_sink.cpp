#include "sim/io/postgres_sink.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <iterator>
#include <map>
#include <sstream>

#include <libpq-fe.h>
#include <poll.h>

#include "sim/core/error.hpp"
#include "sim/io/event_text_writer.hpp"
#include "sim/io/sink_url.hpp"

namespace omnisim {
namespace {

// The table's columns: the event schema's (event_columns(), in its order),
// each with the type information_schema reports and its constraint.
struct SqlColumn {
  const char* name;
  const char* type;  // information_schema.columns.data_type
  const char* declared;
};
// Customer ids of referred customers use all 64 bits, beyond bigint.
constexpr SqlColumn kSqlColumns[] = {
    {"event_id", "text", "text PRIMARY KEY"},
    {"replication", "integer", "integer NOT NULL"},
    {"strategy", "text", "text NOT NULL"},
    {"customer_id", "numeric", "numeric(20, 0) NOT NULL"},
    {"sequence", "bigint", "bigint NOT NULL"},
    {"journey_id", "bigint", "bigint"},
    {"segment", "text", "text NOT NULL"},
    {"type", "text", "text NOT NULL"},
    {"stage", "text", "text"},
    {"channel", "text", "text"},
    {"day", "double precision", "double precision NOT NULL"},
    {"timestamp", "timestamp with time zone", "timestamptz NOT NULL"},
    {"amount_eur", "double precision", "double precision NOT NULL"},
    {"cost_eur", "double precision", "double precision NOT NULL"},
    {"detail", "smallint", "smallint NOT NULL"},
};

std::string column_list() {
  std::string list;
  for (const SqlColumn& column : kSqlColumns)
    list += (list.empty() ? "" : ", ") + std::string(column.name);
  return list;
}

std::string server_message(PGconn* connection) {
  std::string message = PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  return message;
}

std::string lowercase(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

}  // namespace

// One libpq connection in non-blocking mode: every wait for the server has a
// deadline, so a frozen backend or a dead link ends in an IoError after the
// timeout instead of blocking the stream for ever.
struct PostgresSink::Connection {
  using Clock = std::chrono::steady_clock;
  PGconn* pg = nullptr;
  double timeout_s = 10.0;
  ~Connection() {
    if (pg != nullptr) PQfinish(pg);
  }

  Clock::time_point deadline() const {
    return Clock::now() +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
  }

  // Waits until the socket is ready for `events` (POLLIN, POLLOUT).
  void wait(short events, Clock::time_point until, const std::string& doing) const {
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      pollfd socket{PQsocket(pg), events, 0};
      const int ready = ::poll(&socket, 1, static_cast<int>(std::max<long long>(0, left)));
      if (ready > 0) return;
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) throw IoError("PostgreSQL: " + doing + ": " + std::strerror(errno));
      throw IoError("PostgreSQL: " + doing + ": no answer from the server within " +
                    std::to_string(timeout_s) + " s (--timeout)");
    }
  }

  // Everything queued reaches the server (or the deadline passes).
  void flush(Clock::time_point until, const std::string& doing) const {
    for (int left; (left = PQflush(pg)) != 0;) {
      if (left < 0) throw IoError("PostgreSQL: " + doing + ": " + server_message(pg));
      wait(POLLIN | POLLOUT, until, doing);
      if (PQconsumeInput(pg) == 0)
        throw IoError("PostgreSQL: " + doing + ": " + server_message(pg));
    }
  }

  // The next result, nullptr when the command is done.
  PGresult* next(Clock::time_point until, const std::string& doing) const {
    while (PQisBusy(pg) != 0) {
      wait(POLLIN, until, doing);
      if (PQconsumeInput(pg) == 0)
        throw IoError("PostgreSQL: " + doing + ": " + server_message(pg));
    }
    return PQgetResult(pg);
  }

  // Sends `sql`; its results, the first of `expected` status kept (the
  // caller clears it), any error thrown with the server's message.
  PGresult* run(const std::string& sql, ExecStatusType expected, const std::string& doing) const {
    const auto until = deadline();
    if (PQsendQuery(pg, sql.c_str()) == 0) {
      throw IoError("PostgreSQL: " + doing + ": " + server_message(pg));
    }
    flush(until, doing);
    PGresult* kept = nullptr;
    std::string failure;
    while (PGresult* result = next(until, doing)) {
      const ExecStatusType status = PQresultStatus(result);
      if (status == expected && kept == nullptr) {
        kept = result;
        if (status == PGRES_COPY_IN) break;  // the server now waits for the data
        continue;
      }
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        failure = PQresultErrorMessage(result);
      }
      PQclear(result);
    }
    if (kept == nullptr || !failure.empty()) {
      if (kept != nullptr) PQclear(kept);
      while (!failure.empty() && failure.back() == '\n')
        failure.pop_back();
      throw IoError("PostgreSQL: " + doing + ": " +
                    (failure.empty() ? server_message(pg) : failure));
    }
    return kept;
  }
};

std::string PostgresSink::create_table_sql(const std::string& table) {
  std::string sql = "CREATE TABLE IF NOT EXISTS " + table + " (";
  for (std::size_t i = 0; i < std::size(kSqlColumns); ++i)
    sql += (i == 0 ? "" : ", ") + std::string(kSqlColumns[i].name) + " " + kSqlColumns[i].declared;
  return sql + ")";
}

void PostgresSink::check_existing_columns() const {
  // An existing table filled by position would take segments for strategies
  // and costs for amounts: each column is checked by name and type.
  const std::string sql =
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
      "current_schema() AND table_name = '" +
      lowercase(table_) + "'";
  PGresult* result = connection_->run(sql, PGRES_TUPLES_OK, "cannot read the columns of " + table_);
  std::map<std::string, std::string> found;
  for (int row = 0; row < PQntuples(result); ++row)
    found[PQgetvalue(result, row, 0)] = PQgetvalue(result, row, 1);
  PQclear(result);
  std::string problems;
  for (const SqlColumn& column : kSqlColumns) {
    const auto it = found.find(column.name);
    if (it == found.end()) {
      problems += std::string(problems.empty() ? "" : "; ") + "no column " + column.name;
    } else if (it->second != column.type) {
      problems += std::string(problems.empty() ? "" : "; ") + column.name + " is " + it->second +
                  ", not " + column.type;
    }
  }
  if (!problems.empty()) {
    throw InputError("--pg-table " + table_ +
                     ": the existing table is not an omnisim events "
                     "table (" +
                     problems + "); name another table, or drop this one");
  }
}

PostgresSink::PostgresSink(const std::string& conninfo, const std::string& table,
                           const Model& model, double timeout_s)
    : table_(table), model_(model), connection_(std::make_unique<Connection>()) {
  check_sink_timeout(timeout_s);
  connection_->timeout_s = timeout_s;
  if (table.empty() ||
      table.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos) {
    throw InputError("--pg-table: expected letters, digits and _, got \"" + table + "\"");
  }
  // The connection string or URI, and a connect timeout (whole seconds,
  // at least 2 in libpq) unless it names one.
  const std::string connect_timeout =
      std::to_string(std::max(2L, std::lround(std::ceil(timeout_s))));
  const char* keywords[] = {"dbname", "connect_timeout", nullptr};
  const char* values[] = {conninfo.c_str(), connect_timeout.c_str(), nullptr};
  connection_->pg = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (PQstatus(connection_->pg) != CONNECTION_OK) {
    throw IoError("PostgreSQL " + redact_credentials(conninfo) +
                  ": cannot connect: " + server_message(connection_->pg));
  }
  if (PQsetnonblocking(connection_->pg, 1) != 0) {
    throw IoError("PostgreSQL: cannot use the connection without blocking: " +
                  server_message(connection_->pg));
  }
  PQclear(connection_->run(create_table_sql(table_), PGRES_COMMAND_OK,
                           "cannot create table " + table_));
  check_existing_columns();
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
  const std::string doing = "COPY into " + table_;
  // The column list: the rows go to the columns by name, whatever the table's order.
  PQclear(
      connection_->run("COPY " + table_ + " (" + column_list() + ") FROM STDIN WITH (FORMAT csv)",
                       PGRES_COPY_IN, doing));
  const auto until = connection_->deadline();
  for (int queued; (queued = PQputCopyData(pg, rows.data(), static_cast<int>(rows.size()))) != 1;) {
    if (queued < 0) throw IoError("PostgreSQL: " + doing + ": " + server_message(pg));
    connection_->wait(POLLOUT, until, doing);  // 0: the buffer is full
  }
  for (int ended; (ended = PQputCopyEnd(pg, nullptr)) != 1;) {
    if (ended < 0) throw IoError("PostgreSQL: " + doing + ": " + server_message(pg));
    connection_->wait(POLLOUT, until, doing);
  }
  connection_->flush(until, doing);
  std::string failure;
  while (PGresult* result = connection_->next(until, doing)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK) failure = PQresultErrorMessage(result);
    PQclear(result);
  }
  if (!failure.empty()) {
    while (!failure.empty() && failure.back() == '\n')
      failure.pop_back();
    throw IoError("PostgreSQL: " + doing + " failed: " + failure);
  }
}

}  // namespace omnisim
