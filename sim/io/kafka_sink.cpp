#include "sim/io/kafka_sink.hpp"

#include <chrono>
#include <cmath>
#include <string_view>

#include <librdkafka/rdkafka.h>

#include "sim/core/error.hpp"
#include "sim/io/event_text_writer.hpp"
#include "sim/io/sink_url.hpp"

namespace omnisim {
// Delivery reports, counted by the callback on the sending thread (in poll
// and flush).
struct KafkaDeliveries {
  std::uint64_t failed = 0;
  std::string first_error;
};

namespace {

extern "C" void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* deliveries = static_cast<KafkaDeliveries*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  if (deliveries->failed++ == 0) deliveries->first_error = rd_kafka_err2str(message->err);
}

}  // namespace

KafkaAddress parse_kafka_url(const std::string& url) {
  const auto fail = [&] {
    throw InputError("--sink " + redact_credentials(url) +
                     ": expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC[?property=value&...]");
  };
  constexpr std::string_view kScheme = "kafka://";
  if (url.rfind(kScheme, 0) != 0) fail();
  KafkaAddress address;
  const auto slash = url.find('/', kScheme.size());
  if (slash == std::string::npos) fail();
  address.brokers = url.substr(kScheme.size(), slash - kScheme.size());
  const auto question = url.find('?', slash);
  address.topic = url.substr(
      slash + 1, question == std::string::npos ? std::string::npos : question - slash - 1);
  if (address.brokers.empty() || address.topic.empty()) fail();
  if (question != std::string::npos) {
    std::string_view rest = std::string_view(url).substr(question + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string_view item = rest.substr(0, amp);
      const auto equals = item.find('=');
      if (equals == std::string_view::npos || equals == 0) fail();
      address.properties.emplace_back(std::string(item.substr(0, equals)),
                                      std::string(item.substr(equals + 1)));
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    }
  }
  return address;
}

struct KafkaSink::Producer {
  rd_kafka_t* handle = nullptr;
  rd_kafka_topic_t* topic = nullptr;
  KafkaDeliveries deliveries;
  ~Producer() {
    if (topic != nullptr) rd_kafka_topic_destroy(topic);
    if (handle == nullptr) return;
    rd_kafka_flush(handle, 0);  // a failed stream: do not wait for the rest
    rd_kafka_destroy(handle);
  }
};

KafkaSink::KafkaSink(const std::string& url, const Model& model, double timeout_s)
    : model_(model),
      shown_(redact_credentials(url)),
      timeout_ms_(static_cast<int>(std::lround(timeout_s * 1000.0))),
      producer_(std::make_unique<Producer>()) {
  check_sink_timeout(timeout_s);
  const KafkaAddress address = parse_kafka_url(url);
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  const auto set = [&](const std::string& key, const std::string& value) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error, sizeof error) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw InputError("--sink " + shown_ + ": " + error);
    }
  };
  set("bootstrap.servers", address.brokers);
  set("enable.idempotence", "true");  // acks=all, no duplicates, order kept on retries
  set("linger.ms", "5");
  set("message.timeout.ms", std::to_string(std::max(1, timeout_ms_)));
  set("client.id", "omnisim");
  for (const auto& [key, value] : address.properties)
    set(key, value);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, &producer_->deliveries);
  producer_->handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (producer_->handle == nullptr) {
    rd_kafka_conf_destroy(conf);  // rd_kafka_new owns it only on success
    throw IoError(shown_ + ": cannot start a Kafka producer: " + error);
  }
  // Fail now, not at the first batch, when no broker answers.
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t status =
      rd_kafka_metadata(producer_->handle, 0, nullptr, &metadata, std::max(1, timeout_ms_));
  if (status != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw IoError(shown_ + ": no broker answered within the timeout (" + rd_kafka_err2str(status) +
                  ")");
  }
  rd_kafka_metadata_destroy(metadata);
  producer_->topic = rd_kafka_topic_new(producer_->handle, address.topic.c_str(), nullptr);
  if (producer_->topic == nullptr) {
    throw IoError(shown_ + ": cannot open the topic: " + rd_kafka_err2str(rd_kafka_last_error()));
  }
}

KafkaSink::~KafkaSink() = default;

void KafkaSink::send(int strategy, int replication, std::span<const Event> batch) {
  std::string text = events_text(model_, EventTextFormat::kJsonLines, strategy, replication, batch);
  rd_kafka_t* handle = producer_->handle;
  KafkaDeliveries& deliveries = producer_->deliveries;
  deliveries = {};  // this batch's reports only
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
  std::size_t from = 0;
  for (const Event& event : batch) {
    const std::size_t end = text.find('\n', from);
    const std::string key = std::to_string(event.customer_id);
    for (;;) {
      // The default partitioner hashes the key: one customer, one partition.
      if (rd_kafka_produce(producer_->topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                           text.data() + from, end - from, key.data(), key.size(), nullptr) == 0) {
        break;
      }
      const rd_kafka_resp_err_t status = rd_kafka_last_error();
      if (status != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        throw IoError(shown_ + ": cannot produce: " + rd_kafka_err2str(status));
      }
      // Back-pressure: serve delivery reports until there is room.
      if (std::chrono::steady_clock::now() > deadline) {
        throw IoError(shown_ + ": the producer queue stayed full for the --timeout");
      }
      rd_kafka_poll(handle, 10);
    }
    from = end + 1;
  }
  const rd_kafka_resp_err_t flushed = rd_kafka_flush(handle, std::max(1, timeout_ms_));
  if (flushed != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw IoError(shown_ + ": messages not acknowledged within the --timeout (" +
                  rd_kafka_err2str(flushed) + ")");
  }
  if (deliveries.failed > 0) {
    throw IoError(shown_ + ": " + std::to_string(deliveries.failed) + " messages not delivered (" +
                  deliveries.first_error + ")");
  }
}

}  // namespace omnisim
