// The fairness analyzer's building blocks, checked on hand-worked cases.
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "disparity.h"
#include "group_scores.h"
#include "sensitive_groups.h"

namespace glassbox::plugins {
namespace {

using ::testing::ElementsAre;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<size_t> AllRows(size_t n) {
  std::vector<size_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

TEST(DisparityTest, FairlearnAggregatesByHand) {
  // Groups 0.5 and 0.75, overall 0.625: differences 0.25 and 0.125; ratios 0.5/0.75 and min(0.8, 0.625/0.75).
  const Disparity d = Disparities(std::vector<double>{0.5, 0.75}, 0.625);
  EXPECT_DOUBLE_EQ(d.overall, 0.625);
  EXPECT_DOUBLE_EQ(d.group_min, 0.5);
  EXPECT_DOUBLE_EQ(d.group_max, 0.75);
  EXPECT_DOUBLE_EQ(d.difference, 0.25);
  EXPECT_DOUBLE_EQ(d.ratio, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(d.difference_to_overall, 0.125);
  EXPECT_DOUBLE_EQ(d.ratio_to_overall, 0.8);
}

TEST(DisparityTest, SkipsEmptyGroupsAndDividesAsPandas) {
  // NaN (an empty intersection) is skipped; 0 / 0 is NaN; a group over a zero overall gives inf, inverted to 0.
  const Disparity skipped = Disparities(std::vector<double>{0.2, kNaN, 0.4}, 0.3);
  EXPECT_DOUBLE_EQ(skipped.group_min, 0.2);
  EXPECT_DOUBLE_EQ(skipped.group_max, 0.4);
  EXPECT_DOUBLE_EQ(skipped.ratio, 0.5);
  // 0.2 / 0.3 and 0.4 / 0.3 (above 1, so inverted to 0.75): the smaller is 2/3.
  EXPECT_DOUBLE_EQ(skipped.ratio_to_overall, 2.0 / 3.0);

  const Disparity zeros = Disparities(std::vector<double>{0.0, 0.0}, 0.0);
  EXPECT_DOUBLE_EQ(zeros.difference, 0.0);
  EXPECT_TRUE(std::isnan(zeros.ratio));
  EXPECT_TRUE(std::isnan(zeros.ratio_to_overall));

  const Disparity over_zero = Disparities(std::vector<double>{0.0, 0.5}, 0.0);
  EXPECT_DOUBLE_EQ(over_zero.ratio, 0.0);
  EXPECT_DOUBLE_EQ(over_zero.ratio_to_overall, 0.0);

  const Disparity none = Disparities(std::vector<double>{kNaN}, 0.3);
  EXPECT_TRUE(std::isnan(none.group_min));
  EXPECT_TRUE(std::isnan(none.difference));
  EXPECT_TRUE(std::isnan(none.difference_to_overall));
}

TEST(SensitiveGroupsTest, CategoriesPresentInTheRowsSortedWithMissingLast) {
  auto column = sdk::Column::Categorical("race", {"Black", "Other", "White"},
                                         {2, 0, sdk::Column::kMissingCode, 2, 1, 0});
  // Rows 0..3 hold White, Black, missing, White: "Other" is absent and not a group.
  const SensitiveGroups groups = GroupRows(*column, std::vector<size_t>{0, 1, 2, 3}, 4);
  EXPECT_EQ(groups.name, "race");
  EXPECT_THAT(groups.groups, ElementsAre("Black", "White", "(missing)"));
  EXPECT_THAT(groups.group_of_row, ElementsAre(1, 0, 2, 1));
  EXPECT_TRUE(groups.binnings.empty());
}

TEST(SensitiveGroupsTest, NumericColumnsFallIntoQuantileBins) {
  // numpy.quantile(20..90 by 10, [0, .25, .5, .75, 1]) = 20, 37.5, 55, 72.5, 90.
  auto column = sdk::Column::Numeric("age", {20, 30, 40, 50, 60, 70, 80, 90, kNaN});
  const SensitiveGroups groups = GroupRows(*column, AllRows(9), 4);
  EXPECT_THAT(groups.groups, ElementsAre("[20, 37.5)", "[37.5, 55)", "[55, 72.5)", "[72.5, 90]", "(missing)"));
  EXPECT_THAT(groups.group_of_row, ElementsAre(0, 0, 1, 1, 2, 2, 3, 3, 4));
  ASSERT_EQ(groups.binnings.size(), 1u);
  EXPECT_THAT(groups.binnings[0].edges, ElementsAre(20, 37.5, 55, 72.5, 90));
}

TEST(SensitiveGroupsTest, RepeatedQuantilesMergeAndEmptyBinsAreNoGroups) {
  // Quantiles of {0, 0, 0, 0, 1, 2, 3, 10} at 0, .25, .5, .75, 1 are 0, 0, 0.5, 2.25, 10 (numpy): edges
  // 0, 0.5, 2.25, 10.
  auto mostly_zero = sdk::Column::Numeric("gain", {0, 0, 0, 0, 1, 2, 3, 10});
  const SensitiveGroups merged = GroupRows(*mostly_zero, AllRows(8), 4);
  EXPECT_THAT(merged.groups, ElementsAre("[0, 0.5)", "[0.5, 2.25)", "[2.25, 10]"));
  EXPECT_THAT(merged.group_of_row, ElementsAre(0, 0, 0, 0, 1, 1, 2, 2));
}

// As Fairlearn's MetricFrame groups a numeric column: by value. Quantile bins
// would put scikit-learn's diabetes `sex` (-0.0446416 for 235 rows, 0.0506801
// for 207) into one bin, [-0.0446416, 0.0506801], and compare nobody.
TEST(SensitiveGroupsTest, ANumericColumnWithFewValuesKeepsThemAsItsGroups) {
  auto sex = sdk::Column::Numeric("sex", {0.0506801187398187, -0.044641636506989, kNaN, -0.044641636506989});
  const SensitiveGroups groups = GroupRows(*sex, AllRows(4), 4);
  EXPECT_THAT(groups.groups, ElementsAre("-0.044641636506989", "0.0506801187398187", "(missing)"));
  EXPECT_THAT(groups.group_of_row, ElementsAre(1, 0, 2, 0));
  EXPECT_TRUE(groups.binnings.empty());
  // Four values with four bins asked for are four groups; names tell 1 from 1.0000000000000002.
  auto coded = sdk::Column::Numeric("band", {3, 1, 2, 1.0000000000000002});
  EXPECT_THAT(GroupRows(*coded, AllRows(4), 4).groups, ElementsAre("1", "1.0000000000000002", "2", "3"));
  auto constant = sdk::Column::Numeric("c", {3, 3});
  EXPECT_THAT(GroupRows(*constant, AllRows(2), 4).groups, ElementsAre("3"));
}

TEST(SensitiveGroupsTest, IntersectionIsTheCartesianProduct) {
  auto sex = sdk::Column::Categorical("sex", {"F", "M"}, {0, 0, 1, 1});
  auto race = sdk::Column::Categorical("race", {"A", "B"}, {0, 1, 0, 0});
  const std::vector<SensitiveGroups> features = {GroupRows(*sex, AllRows(4), 4), GroupRows(*race, AllRows(4), 4)};
  const SensitiveGroups both = Intersect(features);
  EXPECT_EQ(both.name, "sex, race");
  EXPECT_THAT(both.columns, ElementsAre("sex", "race"));
  // "M, B" has no row but is a group, as in Fairlearn's reindexed MultiIndex.
  EXPECT_THAT(both.groups, ElementsAre("F, A", "F, B", "M, A", "M, B"));
  EXPECT_THAT(both.group_values[1], ElementsAre("F", "B"));
  EXPECT_THAT(both.group_of_row, ElementsAre(0, 1, 2, 2));
}

TEST(GroupScorerTest, OnePassGivesEachGroupItsMetrics) {
  sdk::Outcomes outcomes;
  outcomes.task = glassbox::v1::BINARY_CLASSIFICATION;
  outcomes.classes = {"no", "yes"};
  outcomes.positive_class = 1;
  outcomes.y_true = Eigen::VectorXd::Map(std::vector<double>{1, 0, 1, 0, 1, 1}.data(), 6);
  outcomes.y_pred = Eigen::VectorXd::Map(std::vector<double>{1, 1, 0, 0, 1, 0}.data(), 6);
  const std::vector<int32_t> group_of_row = {0, 0, 0, 0, 2, 2};
  const std::vector<sdk::Metric> metrics = {sdk::Metric::kCount, sdk::Metric::kSelectionRate, sdk::Metric::kRecall};
  const std::vector<double> weights = {1, 1, 1, 1, 3, 1};
  const std::vector<size_t> rows = AllRows(6);
  const GroupScorer scorer(outcomes, rows, weights, metrics);
  const auto scores = scorer.Score(group_of_row, 3);
  ASSERT_EQ(scores.size(), 3u);
  // Group 0: predictions 1, 1, 0, 0; positives at rows 0 and 2, one found.
  EXPECT_THAT(scores[0].values, ElementsAre(4, 0.5, 0.5));
  EXPECT_EQ(scores[1].rows, 0);
  EXPECT_TRUE(std::isnan(scores[1].values[1]));
  // Group 2: row 4 (weight 3) predicted positive, row 5 (weight 1) not: selection and recall 3/4.
  EXPECT_THAT(scores[2].values, ElementsAre(2, 0.75, 0.75));
  EXPECT_DOUBLE_EQ(scores[2].weight, 4);
  // All rows: 3 of 6 rows predicted positive, weighing 1 + 1 + 3 of 8.
  const GroupScores all = scorer.ScoreAll();
  EXPECT_EQ(all.rows, 6);
  EXPECT_THAT(all.values, ElementsAre(6, 5.0 / 8.0, 4.0 / 6.0));
}

}  // namespace
}  // namespace glassbox::plugins
