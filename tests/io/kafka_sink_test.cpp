// The Kafka sink (sim/io/kafka_sink.hpp) against librdkafka's mock cluster
// (three brokers in this process, on loopback): `omnisim events --sink
// kafka://...` delivers every event once, keyed by customer, each customer's
// events in order on one partition; read back, the topic holds exactly the
// file log's events.

#include "sim/io/kafka_sink.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "tests/support/cli_fixture.hpp"

namespace omnisim::kafka_sink_test {
namespace {

using ::testing::HasSubstr;

struct HandleDeleter {
  void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

Handle client(rd_kafka_type_t type, const std::map<std::string, std::string>& settings) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  for (const auto& [key, value] : settings) {
    EXPECT_EQ(rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error, sizeof error),
              RD_KAFKA_CONF_OK)
        << key << ": " << error;
  }
  rd_kafka_t* handle = rd_kafka_new(type, conf, error, sizeof error);
  EXPECT_NE(handle, nullptr) << error;
  return Handle(handle);
}

// Three mock brokers; the topic with 4 partitions, replicated 3 times.
class MockCluster {
 public:
  MockCluster() : owner_(client(RD_KAFKA_PRODUCER, {})) {
    cluster_ = rd_kafka_mock_cluster_new(owner_.get(), 3);
    rd_kafka_mock_topic_create(cluster_, "omnisim-events", 4, 3);
  }
  ~MockCluster() { rd_kafka_mock_cluster_destroy(cluster_); }
  std::string bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

 private:
  Handle owner_;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

struct Message {
  std::string key, value;
  int partition;
  std::int64_t offset;
};

std::vector<Message> read_topic(const std::string& bootstraps, std::size_t expected) {
  Handle consumer = client(RD_KAFKA_CONSUMER, {{"bootstrap.servers", bootstraps},
                                               {"group.id", "omnisim-test"},
                                               {"auto.offset.reset", "earliest"},
                                               {"enable.partition.eof", "false"}});
  rd_kafka_poll_set_consumer(consumer.get());
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, "omnisim-events", RD_KAFKA_PARTITION_UA);
  EXPECT_EQ(rd_kafka_subscribe(consumer.get(), topics), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(topics);
  std::vector<Message> messages;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (messages.size() < expected && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer.get(), 200);
    if (message == nullptr) continue;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      messages.push_back({std::string(static_cast<const char*>(message->key), message->key_len),
                          std::string(static_cast<const char*>(message->payload), message->len),
                          message->partition, message->offset});
    }
    rd_kafka_message_destroy(message);
  }
  // One more second: nothing beyond what was sent.
  for (int i = 0; i < 5; ++i) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer.get(), 200);
    if (message == nullptr) continue;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) messages.push_back({"extra", "", 0, 0});
    rd_kafka_message_destroy(message);
  }
  rd_kafka_consumer_close(consumer.get());
  return messages;
}

std::string json_field(const std::string& line, const std::string& name) {
  const std::string key = "\"" + name + "\":";
  const auto at = line.find(key);
  if (at == std::string::npos) return "";
  const auto from = at + key.size();
  const auto end = line.find_first_of(",}", from);
  return line.substr(from, end - from);
}

class KafkaSinkCli : public Cli {};

TEST_F(KafkaSinkCli, TheTopicHoldsExactlyTheFileLogKeyedAndInOrderPerCustomer) {
  MockCluster cluster;
  const std::vector<std::string> scenario{"events", "--customers", "300", "--replications",
                                          "1",      "--rate",      "1e6", "--max-events",
                                          "6000",   "--batch",     "500"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = scenario;
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  const Outcome sent = omnisim(with(
      {"--sink", "kafka://" + cluster.bootstraps() + "/omnisim-events", "--report-every", "0.5"}));
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_THAT(sent.err, HasSubstr("total t="));
  EXPECT_THAT(sent.err, HasSubstr("latency ms p50"));
  const Outcome file = omnisim(with({"--format", "jsonl", "--out", "-", "-q"}));
  ASSERT_EQ(file.exit_code, 0) << file.err;
  std::vector<std::string> log;
  std::istringstream lines(file.out);
  for (std::string line; std::getline(lines, line);)
    log.push_back(line);
  ASSERT_EQ(log.size(), 6000U);

  const std::vector<Message> messages = read_topic(cluster.bootstraps(), log.size());
  ASSERT_EQ(messages.size(), log.size()) << "every event once, nothing more";
  std::multiset<std::string> in_topic, in_log(log.begin(), log.end());
  std::map<std::string, std::set<int>> partitions_of_customer;
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> by_customer;
  for (const Message& message : messages) {
    in_topic.insert(message.value);
    EXPECT_EQ(message.key, json_field(message.value, "customer_id"));
    partitions_of_customer[message.key].insert(message.partition);
    by_customer[message.key].emplace_back(message.offset, message.value);
  }
  EXPECT_TRUE(in_topic == in_log) << "the topic and the file log differ";
  std::set<int> partitions;
  for (const auto& [customer, used] : partitions_of_customer) {
    EXPECT_EQ(used.size(), 1U) << "customer " << customer << " on several partitions";
    partitions.insert(*used.begin());
  }
  EXPECT_GT(partitions.size(), 1U) << "keys spread over the partitions";
  // Each customer's events, by offset, in the file log's order.
  std::map<std::string, std::vector<std::string>> log_by_customer;
  for (const std::string& line : log)
    log_by_customer[json_field(line, "customer_id")].push_back(line);
  for (auto& [customer, events] : by_customer) {
    std::sort(events.begin(), events.end());
    std::vector<std::string> values;
    for (const auto& [offset, value] : events)
      values.push_back(value);
    EXPECT_EQ(values, log_by_customer[customer]) << "customer " << customer;
  }
}

TEST(KafkaSink, UrlsAreCheckedAndNoBrokerFailsAtOnce) {
  const KafkaAddress address =
      parse_kafka_url("kafka://a:9092,b:9093/events?compression.type=lz4&acks=all");
  EXPECT_EQ(address.brokers, "a:9092,b:9093");
  EXPECT_EQ(address.topic, "events");
  ASSERT_EQ(address.properties.size(), 2U);
  EXPECT_EQ(address.properties[0].first, "compression.type");
  EXPECT_THROW(parse_kafka_url("kafka://a:9092"), InputError);
  EXPECT_THROW(parse_kafka_url("kafka://a:9092/"), InputError);
  EXPECT_THROW(parse_kafka_url("kafka://a:9092/t?novalue"), InputError);
  const Model model;
  try {
    KafkaSink sink("kafka://127.0.0.1:1/t?sasl.password=secret", model, 0.5);
    ADD_FAILURE() << "no broker, yet the sink opened";
  } catch (const IoError& error) {
    EXPECT_THAT(error.what(), HasSubstr("no broker answered"));
    EXPECT_THAT(error.what(), ::testing::Not(HasSubstr("secret")));
  } catch (const InputError& error) {
    ADD_FAILURE() << error.what();
  }
}

}  // namespace
}  // namespace omnisim::kafka_sink_test
