#include "clients/cli/nearest_name.h"

#include <gtest/gtest.h>

namespace glassbox::cli {
namespace {

TEST(NearestNameTest, EditDistanceCountsSwapsAsOneEdit) {
  EXPECT_EQ(EditDistance("show", "show"), 0);
  EXPECT_EQ(EditDistance("shwo", "show"), 1);
  EXPECT_EQ(EditDistance("shw", "show"), 1);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("", "run"), 3);
}

TEST(NearestNameTest, SuggestsOnlyNearNames) {
  const std::vector<std::string> commands = {"run", "runs", "show", "scorecard", "scorecards"};
  EXPECT_EQ(NearestName("shwo", commands), "show");
  EXPECT_EQ(NearestName("scorcard", commands), "scorecard");
  EXPECT_EQ(NearestName("rn", commands), "run");
  EXPECT_EQ(NearestName("frobnicate", commands), std::nullopt);
  EXPECT_EQ(NearestName("xyz", commands), std::nullopt);
}

}  // namespace
}  // namespace glassbox::cli
