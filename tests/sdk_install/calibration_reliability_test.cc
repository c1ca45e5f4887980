// The calibration example's arithmetic on hand-worked cases. Expected values
// are scikit-learn 1.2.1 / numpy 1.24.2: calibration_curve(y, s, n_bins=...,
// strategy=...), brier_score_loss(y, s), numpy.percentile and numpy.linspace
// as noted at each case. The whole analyzer is checked on real data through a
// daemon in sdk_install_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "reliability.h"

namespace glassbox::examples {
namespace {

using ::testing::ElementsAre;

CalibrationReport ReportOf(const std::vector<double>& edges, const std::vector<double>& scores,
                           const std::vector<bool>& positives) {
  ReliabilityCounts counts(edges);
  for (size_t i = 0; i < scores.size(); ++i) counts.Add(scores[i], positives[i]);
  return counts.Report();
}

std::vector<int> IndicesOf(const CalibrationReport& report) {
  std::vector<int> indices;
  for (const auto& bin : report.bins) indices.push_back(bin.index);
  return indices;
}

TEST(BinEdgesTest, UniformEdgesAreNumpyLinspace) {
  // numpy.linspace(0, 1, 11): i * 0.1, so the fourth edge is 0.30000000000000004.
  EXPECT_THAT(
      BinEdges(BinStrategy::kUniform, 10, {}),
      ElementsAre(0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1.0));
}

TEST(BinEdgesTest, QuantileEdgesAreNumpyPercentileInterpolatedFromTheNearerEnd) {
  // numpy.percentile([0.5, 0.1, 0.4, 0.2], [0, 50, 100]) = [0.1, 0.30000000000000004, 0.5].
  std::vector<double> four = {0.5, 0.1, 0.4, 0.2};
  EXPECT_THAT(BinEdges(BinStrategy::kQuantile, 2, four), ElementsAre(0.1, 0.30000000000000004, 0.5));
  // numpy.percentile([0.05, 0.5, 0.1, 0.4, 0.2, 0.7], linspace(0, 1, 4) * 100)
  // = [0.05, 0.16666666666666663, 0.4333333333333333, 0.7].
  std::vector<double> six = {0.05, 0.5, 0.1, 0.4, 0.2, 0.7};
  EXPECT_THAT(BinEdges(BinStrategy::kQuantile, 3, six),
              ElementsAre(0.05, 0.16666666666666663, 0.4333333333333333, 0.7));
  EXPECT_THAT(six, ElementsAre(0.05, 0.5, 0.1, 0.4, 0.2, 0.7)) << "the caller's scores are left as they were";
  // numpy.percentile([0.77, 0.2, 0.1], [0, 25, 50, 75, 100]) = [0.1, 0.15000000000000002, 0.2, 0.485, 0.77],
  // where 0.2 + (0.77 - 0.2) * 0.5 would give 0.48500000000000004.
  std::vector<double> three = {0.77, 0.2, 0.1};
  EXPECT_THAT(BinEdges(BinStrategy::kQuantile, 4, three), ElementsAre(0.1, 0.15000000000000002, 0.2, 0.485, 0.77));
}

TEST(ReliabilityCountsTest, TwoBinsWorkedByHand) {
  // Bin [0, 0.5]: 0.1, 0.2, 0.3 with one positive: mean 0.2, fraction 1/3.
  // Bin (0.5, 1]: 0.8, 0.9 with one positive: mean 0.85, fraction 0.5.
  // ECE = 3/5 * |1/3 - 0.2| + 2/5 * |0.5 - 0.85| = 0.08 + 0.14; MCE = 0.35;
  // Brier = (0.01 + 0.04 + 0.49 + 0.04 + 0.81) / 5 = 0.278 (sklearn: 0.27799999999999997).
  CalibrationReport report =
      ReportOf(BinEdges(BinStrategy::kUniform, 2, {}), {0.1, 0.2, 0.3, 0.8, 0.9}, {false, false, true, true, false});
  EXPECT_EQ(report.rows, 5);
  ASSERT_EQ(report.bins.size(), 2u);
  EXPECT_EQ(report.bins[0].rows, 3);
  EXPECT_DOUBLE_EQ(report.bins[0].mean_predicted, 0.2);
  EXPECT_DOUBLE_EQ(report.bins[0].fraction_positive, 1.0 / 3);
  EXPECT_EQ(report.bins[1].rows, 2);
  EXPECT_DOUBLE_EQ(report.bins[1].mean_predicted, 0.85);
  EXPECT_DOUBLE_EQ(report.bins[1].fraction_positive, 0.5);
  EXPECT_DOUBLE_EQ(report.expected_calibration_error, 0.22);
  EXPECT_DOUBLE_EQ(report.maximum_calibration_error, 0.35);
  EXPECT_DOUBLE_EQ(report.brier_score_loss, 0.27799999999999997);
}

TEST(ReliabilityCountsTest, EmptyBinsAreDroppedAsCalibrationCurveDoes) {
  // calibration_curve(y, s, n_bins=4): prob_true [0, 1, 0.5], prob_pred [0.15, 0.3, 0.85]; (0.5, 0.75] is empty.
  CalibrationReport report =
      ReportOf(BinEdges(BinStrategy::kUniform, 4, {}), {0.1, 0.2, 0.3, 0.8, 0.9}, {false, false, true, true, false});
  EXPECT_THAT(IndicesOf(report), ElementsAre(0, 1, 3));
  EXPECT_DOUBLE_EQ(report.bins[0].mean_predicted, 0.15);
  EXPECT_DOUBLE_EQ(report.bins[1].fraction_positive, 1.0);
  EXPECT_DOUBLE_EQ(report.bins[2].mean_predicted, 0.85);
  EXPECT_EQ(report.bins[2].lower, 0.75);
  EXPECT_EQ(report.bins[2].upper, 1.0);
}

TEST(ReliabilityCountsTest, AScoreOnAnInnerEdgeFallsInTheBinBelow) {
  // calibration_curve([0, 1, 1], [0.2, 0.3, 0.30000000000000004], n_bins=10): prob_true [0, 1],
  // prob_pred [0.2, 0.3]: 0.2 is in (0.1, 0.2]; 0.3 and the edge 0.30000000000000004 in (0.2, 0.30000000000000004].
  CalibrationReport report =
      ReportOf(BinEdges(BinStrategy::kUniform, 10, {}), {0.2, 0.3, 0.30000000000000004}, {false, true, true});
  EXPECT_THAT(IndicesOf(report), ElementsAre(1, 2));
  EXPECT_EQ(report.bins[1].rows, 2);
  EXPECT_DOUBLE_EQ(report.bins[1].fraction_positive, 1.0);
}

TEST(ReliabilityCountsTest, TiedQuantileEdgesLeaveEmptyBins) {
  // numpy.percentile([0.2, 0.2, 0.2, 0.2, 0.9], [0, 25, 50, 75, 100]) = [0.2, 0.2, 0.2, 0.2, 0.9];
  // calibration_curve([0, 1, 0, 0, 1], s, n_bins=4, strategy='quantile'): prob_true [0.25, 1], prob_pred [0.2, 0.9].
  std::vector<double> scores = {0.2, 0.2, 0.2, 0.2, 0.9};
  std::vector<double> edges = BinEdges(BinStrategy::kQuantile, 4, scores);
  EXPECT_THAT(edges, ElementsAre(0.2, 0.2, 0.2, 0.2, 0.9));
  CalibrationReport report = ReportOf(edges, scores, {false, true, false, false, true});
  EXPECT_THAT(IndicesOf(report), ElementsAre(0, 3));
  EXPECT_DOUBLE_EQ(report.bins[0].fraction_positive, 0.25);
  EXPECT_DOUBLE_EQ(report.bins[0].mean_predicted, 0.2);
  EXPECT_DOUBLE_EQ(report.bins[1].fraction_positive, 1.0);
  EXPECT_DOUBLE_EQ(report.bins[1].mean_predicted, 0.9);
}

}  // namespace
}  // namespace glassbox::examples
