#pragma once
// The network sinks of paced streaming named by a URL (omnisim events
// --sink): tcp://HOST:PORT (JSON lines), http(s)://... (one POST per batch),
// postgresql://... (COPY) and kafka://BROKERS/TOPIC (a message per event);
// and a URL as messages may show it, without
// the password of its user-info ("postgresql://omnisim:secret@db/x" ->
// "postgresql://omnisim:***@db/x") or of a libpq key=value
// ("password=secret" -> "password=***").

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/batch_sinks.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct SinkOptions {
  HttpBody http_body = HttpBody::kNdjson;
  std::string pg_table = "omnisim_events";
  double timeout_s = 10.0;  // per HTTP request, per blocked TCP send and TCP's closing
  std::vector<std::string> http_headers;  // "Name: value"
};

// Whether `url` names a network sink (by its scheme).
bool is_sink_url(std::string_view url);

// The sink `url` names, connected; InputError for another scheme, IoError
// when it cannot connect (the URL's password masked in both).
std::unique_ptr<BatchSink> open_sink(const std::string& url, const Model& model,
                                     const SinkOptions& options);

std::string redact_credentials(std::string_view url);

}  // namespace omnisim
