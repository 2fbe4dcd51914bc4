#pragma once
// The sinks of paced streaming (sim/io/paced_stream.hpp): a text stream
// (stdout or a file: CSV or JSON lines), a TCP connection (one JSON line per
// event) and an HTTP endpoint (one POST per batch, NDJSON or a JSON array).

#include <memory>
#include <ostream>
#include <span>
#include <sstream>
#include <string>

#include "sim/io/event_text_writer.hpp"
#include "sim/io/http_post.hpp"
#include "sim/io/paced_stream.hpp"

namespace omnisim {

class TextBatchSink final : public BatchSink {
 public:
  TextBatchSink(std::ostream& out, const Model& model, EventTextFormat format)
      : writer_(out, model, format) {}
  void send(int strategy, int replication, std::span<const Event> batch) override {
    writer_.write(strategy, replication, batch);
    writer_.flush();
  }
  // Acknowledged when written and flushed: a pipe whose reader lags blocks it.
  bool answers() const override { return true; }

 private:
  EventTextWriter writer_;
};

// host:port; throws IoError if it cannot connect. A send that the peer
// takes no data of for `timeout_s` fails; close() counts the stream as
// delivered only when the peer closes the connection in order after
// reading it (within `timeout_s`).
class TcpLineSink final : public BatchSink {
 public:
  TcpLineSink(const std::string& host_port, const Model& model, double timeout_s);
  ~TcpLineSink() override;
  TcpLineSink(const TcpLineSink&) = delete;
  TcpLineSink& operator=(const TcpLineSink&) = delete;
  void send(int strategy, int replication, std::span<const Event> batch) override;
  void close() override;
  bool confirms_at_close() const override { return true; }
  bool answers() const override { return false; }

 private:
  std::string where_;
  const Model& model_;
  double timeout_s_;
  int socket_ = -1;
};

enum class HttpBody { kNdjson, kJsonArray };

class HttpBatchSink final : public BatchSink {
 public:
  HttpBatchSink(const std::string& url, const Model& model, HttpBody body, double timeout_s,
                const std::vector<std::string>& headers);
  void send(int strategy, int replication, std::span<const Event> batch) override;
  bool answers() const override { return true; }

 private:
  const Model& model_;
  HttpBody body_;
  HttpPoster poster_;
};

}  // namespace omnisim
