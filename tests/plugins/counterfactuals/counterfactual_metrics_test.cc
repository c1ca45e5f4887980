// DiCE's metrics on a hand-worked case (Mothilal, Sharma and Tan, FAT* 2020,
// section 4's definitions; the proximity distance of dice_ml's loss).
#include "counterfactual_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tests/support/analysis_fixture.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;

// n: MAD 3 (median 4; deviations 3, 2, 0, 3, 6). c: categorical, codes a=0,
// b=1, c=2. z: constant, so MAD 0, taken as 1.
constexpr char kCsv[] =
    "n,c,z\n"
    "1,a,5\n"
    "2,b,5\n"
    "4,a,5\n"
    "7,c,5\n"
    "10,b,5\n";

class CounterfactualMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = testing::ReadCsvText(kCsv);
    auto space = FeatureSpace::Create(table_, {"n", "c", "z"}, {"n", "c", "z"}, {});
    ASSERT_TRUE(space.ok()) << space.status();
    space_.emplace(*std::move(space));
  }

  sdk::Table table_;
  std::optional<FeatureSpace> space_;
  // x = (n 4, c a, z 5).
  const std::vector<double> query_ = {4, 0, 5};
  // c1 changes n to 10: dist (6/3)/3 = 2/3.  c2 changes c to b, z to 7: (1 + 2)/3 = 1.
  // c3 changes n to 1, c to c: (3/3 + 1)/3 = 2/3.
  const std::vector<double> counterfactuals_ = {10, 0, 5, 4, 1, 7, 1, 2, 5};
};

TEST_F(CounterfactualMetricsTest, HandWorkedThreeCounterfactuals) {
  const analyses::CounterfactualMetrics m = MeasureCounterfactuals(*space_, query_, counterfactuals_, 4);
  EXPECT_EQ(m.queries(), 1);
  EXPECT_EQ(m.requested(), 4);
  EXPECT_EQ(m.found(), 3);
  EXPECT_DOUBLE_EQ(m.validity(), 0.75);
  // (2/3 + 1 + 2/3) / 3.
  EXPECT_DOUBLE_EQ(m.proximity(), 7.0 / 9.0);
  // Numeric terms per numeric feature (d_num = 2): c1 2/2, c2 2/2, c3 1/2; negated mean.
  EXPECT_DOUBLE_EQ(m.continuous_proximity(), -2.5 / 3.0);
  // Categorical mismatches per categorical feature (d_cat = 1): 0, 1, 1.
  EXPECT_DOUBLE_EQ(m.categorical_proximity(), 1.0 - 2.0 / 3.0);
  // Changes 1, 2, 2.
  EXPECT_DOUBLE_EQ(m.sparsity(), 5.0 / 3.0);
  // Pairs: c1-c2 (6/3 + 1 + 2)/3 = 5/3; c1-c3 (9/3 + 1)/3 = 4/3; c2-c3 (3/3 + 1 + 2)/3 = 4/3.
  EXPECT_DOUBLE_EQ(m.diversity(), 13.0 / 9.0);
  // Features differing per pair: 3, 2, 3 of 3.
  EXPECT_DOUBLE_EQ(m.count_diversity(), 8.0 / 9.0);
}

TEST_F(CounterfactualMetricsTest, NoneOrOneCounterfactualLeavesUndefinedFiguresNaN) {
  const analyses::CounterfactualMetrics none = MeasureCounterfactuals(*space_, query_, {}, 2);
  EXPECT_EQ(none.validity(), 0.0);
  EXPECT_TRUE(std::isnan(none.proximity()));
  EXPECT_TRUE(std::isnan(none.sparsity()));
  EXPECT_TRUE(std::isnan(none.diversity()));

  const analyses::CounterfactualMetrics one =
      MeasureCounterfactuals(*space_, query_, std::span<const double>(counterfactuals_).first(3), 1);
  EXPECT_EQ(one.validity(), 1.0);
  EXPECT_DOUBLE_EQ(one.proximity(), 2.0 / 3.0);
  EXPECT_EQ(one.sparsity(), 1.0);
  EXPECT_TRUE(std::isnan(one.diversity()));
  EXPECT_TRUE(std::isnan(one.count_diversity()));
}

TEST_F(CounterfactualMetricsTest, SummaryPoolsValidityAndAveragesTheDefinedFigures) {
  const analyses::CounterfactualMetrics queries[] = {
      MeasureCounterfactuals(*space_, query_, counterfactuals_, 4),
      MeasureCounterfactuals(*space_, query_, std::span<const double>(counterfactuals_).first(3), 1),
      MeasureCounterfactuals(*space_, query_, {}, 5),
  };
  const analyses::CounterfactualMetrics overall = SummarizeMetrics(queries);
  EXPECT_EQ(overall.queries(), 3);
  EXPECT_EQ(overall.requested(), 10);
  EXPECT_EQ(overall.found(), 4);
  EXPECT_DOUBLE_EQ(overall.validity(), 0.4);
  EXPECT_DOUBLE_EQ(overall.proximity(), (7.0 / 9.0 + 2.0 / 3.0) / 2);
  EXPECT_DOUBLE_EQ(overall.sparsity(), (5.0 / 3.0 + 1.0) / 2);
  EXPECT_DOUBLE_EQ(overall.diversity(), 13.0 / 9.0);
  EXPECT_DOUBLE_EQ(overall.count_diversity(), 8.0 / 9.0);
}

}  // namespace
}  // namespace glassbox::plugins
