#include "sim/io/batch_sinks.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sim/core/error.hpp"

namespace omnisim {
TcpLineSink::TcpLineSink(const std::string& host_port, const Model& model, double timeout_s)
    : where_(host_port), model_(model), timeout_s_(timeout_s) {
  check_sink_timeout(timeout_s);
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
  // A peer that stops reading fills the kernel's buffers: send() then
  // fails after the timeout instead of blocking for ever.
  timeval timeout{};
  timeout.tv_sec = static_cast<time_t>(timeout_s);
  timeout.tv_usec =
      static_cast<suseconds_t>((timeout_s - static_cast<double>(timeout.tv_sec)) * 1e6);
  ::setsockopt(socket_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

TcpLineSink::~TcpLineSink() {
  if (socket_ >= 0) ::close(socket_);
}

void TcpLineSink::send(int strategy, int replication, std::span<const Event> batch) {
  const std::string text =
      events_text(model_, EventTextFormat::kJsonLines, strategy, replication, batch);
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t n = ::send(socket_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        throw IoError("tcp://" + where_ + ": the peer took no data for " +
                      std::to_string(timeout_s_) + " s (--timeout)");
      }
      throw IoError("tcp://" + where_ + ": " + std::strerror(errno));
    }
    sent += static_cast<std::size_t>(n);
  }
}

void TcpLineSink::close() {
  // TCP acknowledges bytes to the kernel, not to the application: the
  // peer's orderly close after our end-of-stream is what confirms that it
  // read everything (a peer that closes with unread data resets instead).
  ::shutdown(socket_, SHUT_WR);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(timeout_s_));
  char discard[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd readable{socket_, POLLIN, 0};
    const int ready = ::poll(&readable, 1, static_cast<int>(std::max<long long>(0, left.count())));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      throw IoError("tcp://" + where_ + ": the peer did not close the connection within " +
                    std::to_string(timeout_s_) +
                    " s of the stream's end, so it did not confirm reading it (--timeout)");
    }
    const ssize_t n = ::recv(socket_, discard, sizeof discard, 0);
    if (n == 0) return;  // the orderly close: everything was read
    if (n < 0 && errno != EINTR) {
      throw IoError("tcp://" + where_ + ": the peer did not read everything (" +
                    std::strerror(errno) + ")");
    }
  }
}

HttpBatchSink::HttpBatchSink(const std::string& url, const Model& model, HttpBody body,
                             double timeout_s, const std::vector<std::string>& headers)
    : model_(model),
      body_(body),
      poster_(url, body == HttpBody::kNdjson ? "application/x-ndjson" : "application/json",
              timeout_s, headers) {}

void HttpBatchSink::send(int strategy, int replication, std::span<const Event> batch) {
  std::string text = events_text(model_, EventTextFormat::kJsonLines, strategy, replication, batch);
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
