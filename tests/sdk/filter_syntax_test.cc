#include "glassbox/sdk/filter_syntax.h"

#include <gtest/gtest.h>

namespace glassbox::sdk {
namespace {

TEST(FilterSyntaxTest, QuotesOnlyWhatWouldEndANameOrValue) {
  EXPECT_EQ(FilterColumn("hours-per-week"), "hours-per-week");
  EXPECT_EQ(FilterColumn("hours per week"), "`hours per week`");
  EXPECT_EQ(FilterColumn("capital<gain"), "`capital<gain`");
  EXPECT_EQ(FilterColumn("a`b"), "`a``b`");
  EXPECT_EQ(FilterColumn(""), "``");
  EXPECT_EQ(FilterValue("Married-civ-spouse"), "Married-civ-spouse");
  EXPECT_EQ(FilterValue("Armed Forces"), "\"Armed Forces\"");
  EXPECT_EQ(FilterValue("a,b"), "\"a,b\"");
  EXPECT_EQ(FilterValue("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(FilterValue(""), "\"\"");
}

TEST(FilterSyntaxTest, WritesTheShortestNumberThatReadsBackTheSame) {
  EXPECT_EQ(FilterNumber(38.5), "38.5");
  EXPECT_EQ(FilterNumber(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FilterNumber(-3), "-3");
  EXPECT_EQ(FilterNumber(1e21), "1e+21");
}

}  // namespace
}  // namespace glassbox::sdk
