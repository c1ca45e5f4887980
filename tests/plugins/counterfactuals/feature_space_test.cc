// FeatureSpace: DiCE's MAD scale, the default and permitted domains, and the
// distance, on hand-worked tables and on adult_test_scored.csv against numpy.
#include "feature_space.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tests/support/analysis_fixture.h"

namespace glassbox::plugins {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CounterfactualMadTest, MedianOfAbsoluteDeviationsFromTheMedian) {
  // Median 4; deviations 3, 2, 0, 3, 6; their median 3.
  EXPECT_EQ(ValidMad(std::vector<double>{1, 2, 4, 7, 10}), 3.0);
  // Even count, numpy's median averages the middle two: median 2.5; deviations 1.5, .5, .5, 1.5 -> 1.
  EXPECT_EQ(ValidMad(std::vector<double>{4, 1, 3, 2}), 1.0);
  // Missing values are left out.
  EXPECT_EQ(ValidMad(std::vector<double>{1, NAN, 2, 4, 7, NAN, 10}), 3.0);
}

TEST(CounterfactualMadTest, ZeroOrNoDeviationBecomesOneAsInDice) {
  EXPECT_EQ(ValidMad(std::vector<double>{5, 5, 5, 9}), 1.0);
  EXPECT_EQ(ValidMad(std::vector<double>{}), 1.0);
}

constexpr char kSmallCsv[] =
    "n,c,z,other\n"
    "1,a,5,x\n"
    "2,b,5,x\n"
    "4,a,5,x\n"
    "7.5,,5,x\n"
    "10,b,5,x\n";

TEST(CounterfactualFeatureSpaceTest, DefaultDomainsAreTheDataRangesAndSeenCategories) {
  const sdk::Table table = testing::ReadCsvText(kSmallCsv);
  auto space = FeatureSpace::Create(table, {"n", "c", "z"}, {"n", "c"}, {});
  ASSERT_TRUE(space.ok()) << space.status();
  ASSERT_EQ(space->size(), 3u);
  EXPECT_EQ(space->num_numeric(), 2u);
  EXPECT_EQ(space->num_categorical(), 1u);
  const FeatureDomain& n = space->feature(0);
  EXPECT_FALSE(n.categorical);
  EXPECT_TRUE(n.varied);
  EXPECT_FALSE(n.integral);  // 7.5
  EXPECT_EQ(n.low, 1.0);
  EXPECT_EQ(n.high, 10.0);
  EXPECT_EQ(n.mad, 3.0);  // median 4, deviations 3, 2, 0, 3.5, 6
  const FeatureDomain& c = space->feature(1);
  EXPECT_TRUE(c.categorical);
  EXPECT_THAT(c.codes, ElementsAre(0, 1));  // a, b; the missing value is no category
  const FeatureDomain& z = space->feature(2);
  EXPECT_FALSE(z.varied);
  EXPECT_TRUE(z.integral);
  EXPECT_EQ(z.mad, 1.0);
  EXPECT_THAT(space->varied(), ElementsAre(0, 1));
}

TEST(CounterfactualFeatureSpaceTest, PermittedRangesReplaceTheDefaults) {
  const sdk::Table table = testing::ReadCsvText(kSmallCsv);
  std::map<std::string, PermittedRange> permitted;
  permitted["n"] = {.low = 2, .high = 3, .categories = {}};
  permitted["c"] = {.low = 0, .high = 0, .categories = {"b"}};
  auto space = FeatureSpace::Create(table, {"n", "c"}, {"n", "c"}, permitted);
  ASSERT_TRUE(space.ok()) << space.status();
  EXPECT_EQ(space->feature(0).low, 2.0);
  EXPECT_EQ(space->feature(0).high, 3.0);
  EXPECT_EQ(space->feature(0).mad, 3.0);  // the scale stays the data's
  EXPECT_THAT(space->feature(1).codes, ElementsAre(1));
}

TEST(CounterfactualFeatureSpaceTest, RefusesAModelFeatureMissingFromTheTable) {
  const sdk::Table table = testing::ReadCsvText(kSmallCsv);
  auto space = FeatureSpace::Create(table, {"n", "w"}, {"n"}, {});
  EXPECT_EQ(space.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(space.status().message(), HasSubstr("'w'"));
}

TEST(CounterfactualFeatureSpaceTest, DistanceIsDicesMadNormalisedL1WithCategoricalMismatches) {
  const sdk::Table table = testing::ReadCsvText(kSmallCsv);
  auto space = FeatureSpace::Create(table, {"n", "c", "z"}, {"n", "c", "z"}, {});
  ASSERT_TRUE(space.ok()) << space.status();
  const double a[] = {4, 0, 5};
  const double b[] = {10, 1, 7};
  // (|10 - 4| / 3 + 1 + |7 - 5| / 1) / 3 = 5 / 3.
  EXPECT_DOUBLE_EQ(space->Distance(a, b), 5.0 / 3.0);
  EXPECT_EQ(space->CountChanges(a, b), 3u);
  // A value missing on one side counts 1, on both sides 0.
  EXPECT_EQ(space->Delta(0, NAN, 4), 1.0);
  EXPECT_EQ(space->Delta(0, NAN, NAN), 0.0);
  EXPECT_EQ(space->Delta(1, -1, 0), 1.0);
}

TEST(CounterfactualFeatureSpaceTest, RowsRoundTripThroughATableOverTheSourceCategories) {
  const sdk::Table table = testing::ReadCsvText(kSmallCsv);
  auto space = FeatureSpace::Create(table, {"n", "c"}, {"n", "c"}, {});
  ASSERT_TRUE(space.ok()) << space.status();
  std::vector<double> rows(4);
  space->ReadRow(3, &rows[0]);
  space->ReadRow(4, &rows[2]);
  EXPECT_THAT(rows, ElementsAre(7.5, -1, 10, 1));
  const sdk::Table built = space->ToTable(rows);
  ASSERT_EQ(built.num_rows(), 2u);
  EXPECT_EQ(built.Find("n")->ValueAsString(0), "7.5");
  EXPECT_EQ(built.Find("c")->ValueAsString(0), "");
  EXPECT_EQ(built.Find("c")->ValueAsString(1), "b");
  EXPECT_EQ(space->Format(1, 1), "b");
  EXPECT_EQ(space->Format(0, 7.5), "7.5");
}

TEST(CounterfactualFeatureSpaceTest, AdultScalesMatchNumpy) {
  const sdk::Table table = testing::ReadCsvFile(testing::DatasetPath("adult_test_scored.csv"));
  const std::vector<std::string> numeric = {"age",          "fnlwgt",       "education-num",
                                            "capital-gain", "capital-loss", "hours-per-week"};
  auto space = FeatureSpace::Create(table, numeric, numeric, {});
  ASSERT_TRUE(space.ok()) << space.status();
  // numpy 1.24: np.median(np.abs(v - np.median(v))) of each column of adult_test_scored.csv;
  // capital-gain and capital-loss give 0, which DiCE replaces by 1.
  const double mads[] = {10.0, 60387.5, 1.0, 1.0, 1.0, 3.0};
  const double lows[] = {17, 14878, 1, 0, 0, 1};
  const double highs[] = {90, 1268339, 16, 99999, 3770, 99};
  for (size_t p = 0; p < numeric.size(); ++p) {
    EXPECT_EQ(space->feature(p).mad, mads[p]) << numeric[p];
    EXPECT_EQ(space->feature(p).low, lows[p]) << numeric[p];
    EXPECT_EQ(space->feature(p).high, highs[p]) << numeric[p];
    EXPECT_TRUE(space->feature(p).integral) << numeric[p];
  }
}

}  // namespace
}  // namespace glassbox::plugins
