#pragma once
// A paced stream into Kafka (omnisim events --sink kafka://...): one message
// per event, its JSON line as the value and the customer id as the key, so
// each customer's events land on one partition, in order. librdkafka's
// idempotent producer (acks from all in-sync replicas, its own retries
// without duplicates or gaps); a batch counts as delivered when every one
// of its messages is acknowledged, and its latency runs to that moment.
// When the producer's queue is full the batch waits (the stream lags);
// nothing is dropped.

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/io/paced_stream.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// kafka://HOST:PORT[,HOST:PORT...]/TOPIC[?property=value&...]: the
// properties are librdkafka's (security.protocol, sasl.username, ...).
struct KafkaAddress {
  std::string brokers, topic;
  std::vector<std::pair<std::string, std::string>> properties;
};
KafkaAddress parse_kafka_url(const std::string& url);  // InputError when malformed

class KafkaSink final : public BatchSink {
 public:
  KafkaSink(const std::string& url, const Model& model, double timeout_s);
  ~KafkaSink() override;
  KafkaSink(const KafkaSink&) = delete;
  KafkaSink& operator=(const KafkaSink&) = delete;
  void send(int strategy, int replication, std::span<const Event> batch) override;
  bool answers() const override { return true; }

 private:
  struct Producer;
  const Model& model_;
  std::string shown_;  // the URL as messages show it
  int timeout_ms_;
  std::unique_ptr<Producer> producer_;
};

}  // namespace omnisim
