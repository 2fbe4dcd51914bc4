// A sink's URL as messages show it: the password masked, whatever its form.

#include "sim/io/sink_url.hpp"

#include <gtest/gtest.h>

namespace omnisim {
namespace {

TEST(SinkUrl, MessagesShowNoPassword) {
  EXPECT_EQ(redact_credentials("postgresql://omnisim:secret@db:5432/x"),
            "postgresql://omnisim:***@db:5432/x");
  EXPECT_EQ(redact_credentials("http://user:p%40ss@host/path?q=1"),
            "http://user:***@host/path?q=1");
  EXPECT_EQ(redact_credentials("http://user@host/events"),
            "http://user@host/events");                                 // no password
  EXPECT_EQ(redact_credentials("http://host/a@b"), "http://host/a@b");  // '@' in the path
  EXPECT_EQ(redact_credentials("host=db user=omnisim password=secret dbname=x"),
            "host=db user=omnisim password=*** dbname=x");
  EXPECT_EQ(redact_credentials("postgresql://db/x?user=a&password=secret&sslmode=require"),
            "postgresql://db/x?user=a&password=***&sslmode=require");
  EXPECT_EQ(redact_credentials("tcp://127.0.0.1:9000"), "tcp://127.0.0.1:9000");
}

}  // namespace
}  // namespace omnisim
