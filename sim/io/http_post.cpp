#include "sim/io/http_post.hpp"

#include <cmath>

#include <curl/curl.h>

#include "sim/core/error.hpp"
#include "sim/io/paced_stream.hpp"
#include "sim/io/sink_url.hpp"

namespace omnisim {
namespace {

// The response body is not used: a sink answers with a status.
std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

}  // namespace

struct HttpPoster::Curl {
  CURL* handle = nullptr;
  curl_slist* headers = nullptr;
  ~Curl() {
    curl_slist_free_all(headers);
    if (handle != nullptr) curl_easy_cleanup(handle);
  }
};

HttpPoster::HttpPoster(std::string url, const std::string& content_type, double timeout_s,
                       const std::vector<std::string>& headers)
    : url_(std::move(url)), shown_(redact_credentials(url_)), curl_(std::make_unique<Curl>()) {
  check_sink_timeout(timeout_s);  // libcurl reads a 0 ms timeout as "none"
  curl_->handle = curl_easy_init();
  if (curl_->handle == nullptr) throw IoError(shown_ + ": cannot start an HTTP client (libcurl)");
  curl_->headers = curl_slist_append(nullptr, ("Content-Type: " + content_type).c_str());
  // Without this, libcurl waits for a "100 Continue" before large bodies.
  curl_->headers = curl_slist_append(curl_->headers, "Expect:");
  for (const std::string& header : headers)
    curl_->headers = curl_slist_append(curl_->headers, header.c_str());
  CURL* h = curl_->handle;
  curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, curl_->headers);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, std::lround(timeout_s * 1000.0));
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
}

HttpPoster::~HttpPoster() = default;

void HttpPoster::post(const std::string& body) {
  CURL* h = curl_->handle;
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  const CURLcode code = curl_easy_perform(h);
  if (code == CURLE_COULDNT_CONNECT || code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR ||
      code == CURLE_GOT_NOTHING) {
    throw TransientSinkError(shown_ + ": " + curl_easy_strerror(code));
  }
  if (code != CURLE_OK) throw IoError(shown_ + ": " + curl_easy_strerror(code));
  // Only 2xx is delivery: a redirect (3xx, which libcurl is not told to
  // follow) stored nothing.
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status == 429 || status == 502 || status == 503 || status == 504) {
    throw TransientSinkError(shown_ + ": the server answered HTTP " + std::to_string(status));
  }
  if (status < 200 || status > 299) {
    throw IoError(shown_ + ": the server answered HTTP " + std::to_string(status) +
                  " (only 2xx is delivery)");
  }
}

}  // namespace omnisim
