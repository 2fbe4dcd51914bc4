#include "sim/io/batch_sinks.hpp"

#include <cerrno>
#include <cstring>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

std::string json_lines(const Model& model, int strategy, int replication,
                       std::span<const Event> batch) {
  std::ostringstream text;
  EventTextWriter writer(text, model, EventTextFormat::kJsonLines);
  writer.write(strategy, replication, batch);
  writer.flush();
  return std::move(text).str();
}

}  // namespace

TcpLineSink::TcpLineSink(const std::string& host_port, const Model& model)
    : where_(host_port), model_(model) {
  const std::size_t colon = host_port.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == host_port.size()) {
    throw InputError("--sink tcp://" + host_port + ": expected tcp://HOST:PORT");
  }
  const std::string host = host_port.substr(0, colon), port = host_port.substr(colon + 1);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int status = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); status != 0) {
    throw IoError("tcp://" + where_ + ": " + gai_strerror(status));
  }
  std::string reason = "no address";
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    socket_ = ::socket(address->ai_family, address->ai_socktype, address->ai_protocol);
    if (socket_ < 0) continue;
    if (::connect(socket_, address->ai_addr, address->ai_addrlen) == 0) break;
    reason = std::strerror(errno);
    ::close(socket_);
    socket_ = -1;
  }
  freeaddrinfo(found);
  if (socket_ < 0) throw IoError("tcp://" + where_ + ": cannot connect (" + reason + ")");
}

TcpLineSink::~TcpLineSink() {
  if (socket_ >= 0) ::close(socket_);
}

void TcpLineSink::send(int strategy, int replication, std::span<const Event> batch) {
  const std::string text = json_lines(model_, strategy, replication, batch);
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t n = ::send(socket_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError("tcp://" + where_ + ": " + std::strerror(errno));
    }
    sent += static_cast<std::size_t>(n);
  }
}

HttpBatchSink::HttpBatchSink(const std::string& url, const Model& model, HttpBody body,
                             double timeout_s)
    : model_(model),
      body_(body),
      poster_(url, body == HttpBody::kNdjson ? "application/x-ndjson" : "application/json",
              timeout_s) {}

void HttpBatchSink::send(int strategy, int replication, std::span<const Event> batch) {
  std::string text = json_lines(model_, strategy, replication, batch);
  if (body_ == HttpBody::kJsonArray) {
    // One JSON value per line: join the lines with commas inside brackets.
    std::string array = "[";
    std::size_t from = 0;
    while (from < text.size()) {
      const std::size_t end = text.find('\n', from);
      if (array.size() > 1) array += ',';
      array.append(text, from, end - from);
      from = end + 1;
    }
    array += "]";
    text = std::move(array);
  }
  poster_.post(text);
}

}  // namespace omnisim
