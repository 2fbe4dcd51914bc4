#pragma once
// HTTP POST of request bodies to one URL over one kept-alive connection
// (libcurl). A transport error or a status of 400 or more throws IoError
// naming the URL and what went wrong.

#include <memory>
#include <string>

namespace omnisim {

class HttpPoster {
 public:
  // `content_type` e.g. "application/x-ndjson"; `timeout_s` per request.
  HttpPoster(std::string url, const std::string& content_type, double timeout_s);
  ~HttpPoster();
  HttpPoster(const HttpPoster&) = delete;
  HttpPoster& operator=(const HttpPoster&) = delete;

  void post(const std::string& body);

 private:
  struct Curl;
  std::string url_;
  std::unique_ptr<Curl> curl_;
};

}  // namespace omnisim
