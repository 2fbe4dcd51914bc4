#include "sim/io/sink_url.hpp"

#include "sim/core/error.hpp"
#include "sim/io/kafka_sink.hpp"
#include "sim/io/postgres_sink.hpp"

namespace omnisim {
namespace {

bool starts_with(std::string_view url, std::string_view scheme) {
  return url.substr(0, scheme.size()) == scheme;
}

}  // namespace

bool is_sink_url(std::string_view url) {
  for (const std::string_view scheme :
       {"tcp://", "http://", "https://", "postgresql://", "postgres://", "kafka://"}) {
    if (starts_with(url, scheme)) return true;
  }
  return false;
}

std::unique_ptr<BatchSink> open_sink(const std::string& url, const Model& model,
                                     const SinkOptions& options) {
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    return std::make_unique<PostgresSink>(url, options.pg_table, model, options.timeout_s);
  }
  if (starts_with(url, "tcp://")) {
    return std::make_unique<TcpLineSink>(url.substr(6), model, options.timeout_s);
  }
  if (starts_with(url, "http://") || starts_with(url, "https://")) {
    return std::make_unique<HttpBatchSink>(url, model, options.http_body, options.timeout_s,
                                           options.http_headers);
  }
  if (starts_with(url, "kafka://"))
    return std::make_unique<KafkaSink>(url, model, options.timeout_s);
  throw InputError(
      "--sink: expected tcp://HOST:PORT, http://HOST:PORT/PATH, postgresql://... or "
      "kafka://HOST:PORT/TOPIC, got \"" +
      redact_credentials(url) + "\"");
}

std::string redact_credentials(std::string_view url) {
  std::string out(url);
  // scheme://user:password@host -- the user-info ends at the last '@'
  // before the path.
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto authority = scheme + 3;
    const auto path = out.find_first_of("/?#", authority);
    const auto at = out.rfind('@', path == std::string::npos ? out.size() : path);
    if (at != std::string::npos && at >= authority) {
      const auto colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // A libpq connection string or URI parameter: password=VALUE.
  for (auto key = out.find("password="); key != std::string::npos;
       key = out.find("password=", key + 1)) {
    const auto value = key + 9;
    const auto end = out.find_first_of(" &", value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

}  // namespace omnisim
