#include "sim/core/names.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace omnisim::names_test {
namespace {

const std::vector<std::string> kStrategies{"mono_store",          "mono_web",      "multichannel",
                                           "multichannel_capped", "cross_channel", "omnichannel"};

TEST(ClosestName, FindsTyposSwapsCaseAndUniquePrefixes) {
  EXPECT_EQ(closest_name("omnichanel", kStrategies), "omnichannel");   // a letter dropped
  EXPECT_EQ(closest_name("omnichanenl", kStrategies), "omnichannel");  // two letters swapped
  EXPECT_EQ(closest_name("Mono_Store", kStrategies), "mono_store");    // case
  EXPECT_EQ(closest_name("cross", kStrategies), "cross_channel");      // the only one it starts
  EXPECT_EQ(closest_name("multichannel_caped", kStrategies), "multichannel_capped");
}

TEST(ClosestName, SuggestsNothingFarOrAmbiguous) {
  EXPECT_EQ(closest_name("teleport", kStrategies), "");
  EXPECT_EQ(closest_name("mono", kStrategies), "");  // mono_store or mono_web
  EXPECT_EQ(closest_name("mail", {std::vector<std::string>{"web", "app"}}), "");
  EXPECT_EQ(closest_name("", kStrategies), "");
  EXPECT_EQ(closest_name("ab", {std::vector<std::string>{"abc"}}), "abc");  // one edit of two
  EXPECT_EQ(closest_name("ab", {std::vector<std::string>{"abcd"}}), "");    // too short a prefix
}

TEST(ClosestName, MessagesNameTheSuggestionAndTheKnownNames) {
  EXPECT_EQ(did_you_mean("omnichanel", kStrategies), "; did you mean \"omnichannel\"?");
  EXPECT_EQ(did_you_mean("teleport", kStrategies), "");
  EXPECT_EQ(unknown_name("channel", "channels", "stroe", std::vector<std::string>{"store", "web"}),
            "unknown channel \"stroe\"; did you mean \"store\"? (channels: store, web)");
  EXPECT_EQ(unknown_name("campaign", "campaigns", "x", std::vector<std::string>{}),
            "unknown campaign \"x\" (campaigns: none defined)");
}

}  // namespace
}  // namespace omnisim::names_test
