#include "glassbox/sdk/target.h"

#include <gtest/gtest.h>

namespace glassbox::sdk {
namespace {

TEST(TargetTest, ParsesEveryOperator) {
  auto target = ParseTarget(" >= 0.85");
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(target->comparison(), glassbox::v1::GREATER_OR_EQUAL);
  EXPECT_DOUBLE_EQ(target->value(), 0.85);
  EXPECT_EQ(ParseTarget("<=0.1")->comparison(), glassbox::v1::LESS_OR_EQUAL);
  EXPECT_EQ(ParseTarget("<0.1")->comparison(), glassbox::v1::LESS);
  EXPECT_EQ(ParseTarget(">1e-3")->comparison(), glassbox::v1::GREATER);
  EXPECT_EQ(ParseTarget("==1")->comparison(), glassbox::v1::EQUAL);
}

TEST(TargetTest, RefusesMalformedTargets) {
  for (const char* text : {"", "0.85", ">=", ">=abc", "=>0.8", ">=0.8x", "!=1", ">=nan"}) {
    EXPECT_FALSE(ParseTarget(text).ok()) << text;
  }
}

TEST(TargetTest, JudgesValuesAtTheBoundary) {
  EXPECT_TRUE(MeetsTarget(0.85, *ParseTarget(">=0.85")));
  EXPECT_FALSE(MeetsTarget(0.85, *ParseTarget(">0.85")));
  EXPECT_TRUE(MeetsTarget(0.05, *ParseTarget("<=0.05")));
  EXPECT_FALSE(MeetsTarget(0.0501, *ParseTarget("<=0.05")));
}

TEST(TargetTest, FormatsWhatItParses) {
  EXPECT_EQ(FormatTarget(*ParseTarget(">=0.85")), ">= 0.85");
  EXPECT_EQ(FormatTarget(*ParseTarget("<0.1")), "< 0.1");
}

}  // namespace
}  // namespace glassbox::sdk
