#pragma once
// HTTP POST of request bodies to one URL over one kept-alive connection
// (libcurl). A transport error or a status other than 2xx throws IoError
// naming the URL (its password masked) and what went wrong; one that may
// pass -- 429, 502, 503, 504, a refused, reset or dropped connection --
// throws TransientSinkError, which a paced stream retries.

#include <memory>
#include <string>
#include <vector>

namespace omnisim {

class HttpPoster {
 public:
  // `content_type` e.g. "application/x-ndjson"; `timeout_s` per request,
  // as check_sink_timeout (sim/io/paced_stream.hpp) allows.
  // `headers`: extra "Name: value" lines (authorisation).
  HttpPoster(std::string url, const std::string& content_type, double timeout_s,
             const std::vector<std::string>& headers = {});
  ~HttpPoster();
  HttpPoster(const HttpPoster&) = delete;
  HttpPoster& operator=(const HttpPoster&) = delete;

  void post(const std::string& body);

 private:
  struct Curl;
  std::string url_;
  std::string shown_;  // url_ as messages show it
  std::unique_ptr<Curl> curl_;
};

}  // namespace omnisim
