// The curves and the search on a case small enough to work by hand (written
// out below), and numpy's RandomState draws.
//
// Group A: scores 0.8, 0.6 (positive), 0.4, 0.2 (negative). Thresholds +inf,
// 0.7, 0.5, 0.3, -inf select 0..4 rows: (selection rate, accuracy) = (0, .5),
// (.25, .75), (.5, 1), (.75, .75), (1, .5). The points are collinear in
// pairs of segments, so the hull keeps (0, .5), (.5, 1), (1, .5).
// Group B: 0.9 (positive), 0.7, 0.5, 0.1 (negative): (0, .75), (.25, 1),
// (.5, .75), (.75, .5), (1, .25); hull (0, .75), (.25, 1), (1, .25).
// On the grid 0, .25, .5, .75, 1, A's objective is .5, .75, 1, .75, .5 and
// B's .75, 1, .75, .5, .25; with weights 1/2 the overall objective is .625,
// .875, .875, .625, .375, whose first maximum is at .25.
#include <cmath>
#include <limits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "numpy_uniform.h"
#include "threshold_search.h"
#include "tradeoff_curve.h"

namespace glassbox::plugins::threshold_optimizer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<GroupData> TinyGroups() {
  return {{"A", {0.8, 0.6, 0.4, 0.2}, {1, 1, 0, 0}}, {"B", {0.9, 0.7, 0.5, 0.1}, {1, 0, 0, 0}}};
}

std::vector<double> Xs(const std::vector<TradeoffPoint>& points) {
  std::vector<double> xs;
  for (const auto& p : points) xs.push_back(p.x);
  return xs;
}

TEST(TradeoffCurveTest, PointsAndHullByHand) {
  const auto groups = TinyGroups();
  auto points = TradeoffPoints(groups[0].scores, groups[0].labels, false, RateMetric::kSelectionRate,
                               RateMetric::kAccuracy);
  ASSERT_TRUE(points.ok());
  EXPECT_THAT(Xs(*points), ElementsAre(0, 0.25, 0.5, 0.75, 1));
  EXPECT_EQ((*points)[1].operation.threshold, 0.7);
  const auto hull = UpperConvexHull(*points);
  ASSERT_EQ(hull.size(), 3u);
  EXPECT_THAT(Xs(hull), ElementsAre(0, 0.5, 1));
  EXPECT_EQ(hull[0].operation.threshold, kInf);
  EXPECT_EQ(hull[1].operation.threshold, 0.5);
  EXPECT_EQ(hull[2].operation.threshold, -kInf);

  // On the grid: at .25 halfway between +inf and 0.5; at .5 all of the point at .5.
  const auto curve = Interpolate(hull, UnitGrid(4));
  EXPECT_THAT(curve.y, ElementsAre(0.5, 0.75, 1, 0.75, 0.5));
  EXPECT_EQ(curve.rules[1].p0, 0.5);
  EXPECT_EQ(curve.rules[2].p0, 0.0);
  EXPECT_EQ(curve.rules[2].operation1.threshold, 0.5);
}

TEST(TradeoffCurveTest, FlipAddsTheMirroredDecisions) {
  // Scores that rank backwards: flipped, the threshold 0.5 is perfect.
  auto points = TradeoffPoints(std::vector<double>{0.9, 0.1}, std::vector<int>{0, 1}, true,
                               RateMetric::kFalsePositiveRate, RateMetric::kTruePositiveRate);
  ASSERT_TRUE(points.ok());
  const auto hull = UpperConvexHull(*points);
  ASSERT_EQ(hull.size(), 3u);
  EXPECT_EQ(hull[1].x, 0);
  EXPECT_EQ(hull[1].y, 1);
  EXPECT_TRUE(hull[1].operation.flipped);
  EXPECT_EQ(hull[1].operation.threshold, 0.5);
}

TEST(TradeoffCurveTest, OneLabelIsRefused) {
  EXPECT_FALSE(TradeoffPoints(std::vector<double>{0.2, 0.3}, std::vector<int>{1, 1}, false,
                              RateMetric::kSelectionRate, RateMetric::kAccuracy)
                   .ok());
}

TEST(ThresholdSearchTest, DemographicParityByHand) {
  SearchSettings settings{.constraint_metric = RateMetric::kSelectionRate, .grid_size = 4};
  auto result = SearchThresholds(TinyGroups(), settings);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->best_x, 0.25);
  EXPECT_EQ(result->best_objective, 0.875);
  // A: half +inf (no one), half "> 0.5"; B: all of "> 0.8".
  const GroupRule& a = result->rules[0];
  EXPECT_EQ(a.p0, 0.5);
  EXPECT_EQ(a.operation0.threshold, kInf);
  EXPECT_EQ(a.operation1.threshold, 0.5);
  const GroupRule& b = result->rules[1];
  EXPECT_EQ(b.p1, 1.0);
  EXPECT_EQ(b.operation1.threshold, 0.8);
  EXPECT_EQ(a.PositiveProbability(0.8), 0.5);
  EXPECT_EQ(a.PositiveProbability(0.4), 0.0);
  EXPECT_EQ(b.PositiveProbability(0.9), 1.0);
}

TEST(ThresholdSearchTest, ToleranceLetsTheGroupsApartByHand) {
  // Weighted objectives A .25 .375 .5 .375 .25, B .375 .5 .375 .25 .125: in
  // windows of width .25, A at .5 and B at .25 sum to 1, the best.
  SearchSettings settings{.constraint_metric = RateMetric::kSelectionRate, .grid_size = 4, .tolerance = 0.25};
  auto result = SearchThresholds(TinyGroups(), settings);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(result->constraint_values, ElementsAre(0.5, 0.25));
  EXPECT_EQ(result->best_objective, 1.0);
  EXPECT_EQ(result->rules[0].p1, 1.0);
  EXPECT_EQ(result->rules[0].operation1.threshold, 0.5);

  // The trade-off: unconstrained the groups sit .25 apart; 0 apart gives .875.
  auto curve = TradeoffCurve(TinyGroups(), settings, 3);
  ASSERT_TRUE(curve.ok());
  ASSERT_EQ(curve->size(), 3u);
  EXPECT_EQ((*curve)[0].disparity, 0);
  EXPECT_EQ((*curve)[0].objective, 0.875);
  EXPECT_EQ((*curve)[2].disparity, 0.25);
  EXPECT_EQ((*curve)[2].objective, 1.0);
}

TEST(ThresholdSearchTest, EqualizedOddsMixesTowardsTheCommonPoint) {
  // A (2 positives, 2 negatives) ranks perfectly: ROC hull (0,0), (0,1), (1,1).
  // B: 0.9 negative, 0.5 positive, 0.1 negative: hull (0,0), (.5,1), (1,1).
  // On the grid 0, .5, 1 of false positive rates the lowest TPR is 0, 1, 1;
  // with 3 positives and 4 negatives the accuracies are 4/7, (3 + 2)/7, 3/7,
  // so the optimum is FPR .5, TPR 1. Both groups are on TPR 1 there, above
  // the diagonal, so neither mixes in the constant .5 (p_ignore 0); A mixes
  // its perfect threshold 0.5 half and half with selecting everyone.
  const std::vector<GroupData> groups = {{"A", {0.8, 0.6, 0.4, 0.2}, {1, 1, 0, 0}},
                                         {"B", {0.9, 0.5, 0.1}, {0, 1, 0}}};
  SearchSettings settings{.grid_size = 2};
  auto result = SearchThresholds(groups, settings);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->best_x, 0.5);
  EXPECT_EQ(result->best_y, 1.0);
  EXPECT_NEAR(result->best_objective, 5.0 / 7, 1e-15);
  EXPECT_EQ(result->rules[0].p0, 0.5);
  EXPECT_EQ(result->rules[0].operation0.threshold, 0.5);
  EXPECT_EQ(result->rules[0].operation1.threshold, -kInf);
  EXPECT_EQ(result->rules[0].p_ignore, 0.0);
  EXPECT_EQ(result->rules[0].prediction_constant, 0.5);
  EXPECT_EQ(result->rules[1].p_ignore, 0.0);
  EXPECT_EQ(result->rules[1].operation1.threshold, 0.3);
}

TEST(ThresholdSearchTest, GroupWithOneLabelIsNamed) {
  std::vector<GroupData> groups = TinyGroups();
  groups[1].labels = {0, 0, 0, 0};
  auto result = SearchThresholds(groups, SearchSettings{.constraint_metric = RateMetric::kSelectionRate});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("group 'B'"));
}

TEST(NumpyUniformTest, MatchesRandomState) {
  // numpy 1.24.2: numpy.random.RandomState(0).rand(4) and RandomState(12345).rand(3).
  EXPECT_THAT(NumpyUniforms(0, 4),
              ElementsAre(0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969));
  EXPECT_THAT(NumpyUniforms(12345, 3), ElementsAre(0.9296160928171479, 0.3163755545817859, 0.18391881167709445));
}

}  // namespace
}  // namespace glassbox::plugins::threshold_optimizer
