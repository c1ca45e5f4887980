#include "glassbox/sdk/metrics.h"

#include <cmath>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace glassbox::sdk {
namespace {

constexpr double kTolerance = 1e-12;

std::vector<size_t> AllRows(size_t n) {
  std::vector<size_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

Eigen::VectorXd Vector(const std::vector<double>& values) {
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

Outcomes Classification(glassbox::v1::TaskType task, std::vector<std::string> classes, const std::vector<double>& y_true,
                        const std::vector<double>& y_pred, const std::vector<std::vector<double>>& probabilities = {}) {
  Outcomes outcomes;
  outcomes.task = task;
  outcomes.classes = std::move(classes);
  if (task == glassbox::v1::BINARY_CLASSIFICATION) outcomes.positive_class = 1;
  outcomes.y_true = Vector(y_true);
  outcomes.y_pred = Vector(y_pred);
  if (!probabilities.empty()) {
    outcomes.probabilities.resize(static_cast<Eigen::Index>(probabilities.size()),
                                  static_cast<Eigen::Index>(probabilities[0].size()));
    for (size_t r = 0; r < probabilities.size(); ++r) {
      for (size_t c = 0; c < probabilities[r].size(); ++c) outcomes.probabilities(r, c) = probabilities[r][c];
    }
  }
  return outcomes;
}

Outcomes Binary(const std::vector<double>& y_true, const std::vector<double>& y_pred) {
  return Classification(glassbox::v1::BINARY_CLASSIFICATION, {"no", "yes"}, y_true, y_pred);
}

// Binary scores with ties, as probabilities of [no, yes].
Outcomes BinaryScored(const std::vector<double>& y_true, const std::vector<double>& scores) {
  std::vector<std::vector<double>> probabilities;
  for (double score : scores) probabilities.push_back({1 - score, score});
  return Classification(glassbox::v1::BINARY_CLASSIFICATION, {"no", "yes"}, y_true, y_true, probabilities);
}

// 24 rows, 3 classes, weights and probabilities drawn with numpy default_rng(7) (see each expected value).
const std::vector<double> kTrue3 = {2, 1, 2, 2, 1, 2, 2, 0, 0, 0, 0, 2, 2, 0, 1, 2, 0, 2, 0, 1, 2, 0, 1, 0};
const std::vector<double> kPred3 = {2, 0, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 1, 0, 2, 0, 2, 1, 0, 0};
const std::vector<double> kWeights3 = {0.17, 1.08, 0.99, 1.84, 1.3,  1.08, 1.04, 0.57, 0.12, 0.47, 1.41, 0.48,
                                       0.8,  0.11, 1.68, 0.39, 0.61, 1.77, 1.07, 1.71, 1.32, 1.51, 0.27, 1.13};
const std::vector<std::vector<double>> kProbabilities3 = {
    {0.09, 0.44, 0.47}, {0.08, 0.24, 0.68}, {0.07, 0.09, 0.84}, {0.0, 1.0, 0.0},    {0.43, 0.25, 0.32},
    {1.0, 0.0, 0.0},    {0.44, 0.01, 0.55}, {0.39, 0.39, 0.22}, {0.38, 0.44, 0.18}, {0.13, 0.62, 0.25},
    {0.68, 0.1, 0.22},  {0.73, 0.26, 0.01}, {0.28, 0.1, 0.62},  {0.37, 0.43, 0.2},  {0.0, 0.92, 0.08},
    {0.42, 0.03, 0.55}, {0.01, 0.89, 0.1},  {0.04, 0.36, 0.6},  {0.21, 0.45, 0.34}, {0.1, 0.49, 0.41},
    {0.15, 0.33, 0.52}, {0.18, 0.01, 0.81}, {0.0, 0.52, 0.48},  {0.21, 0.51, 0.28}};

Outcomes Multiclass() {
  return Classification(glassbox::v1::MULTICLASS_CLASSIFICATION, {"a", "b", "c"}, kTrue3, kPred3, kProbabilities3);
}

TEST(MetricsTest, BinaryRatesByHand) {
  // tp = rows 0, 2, 7; fn = row 1; fp = row 4; tn = rows 3, 5, 6.
  Outcomes outcomes = Binary({1, 1, 1, 0, 0, 0, 0, 1}, {1, 0, 1, 0, 1, 0, 0, 1});
  ConfusionCounts counts = ConfusionCounts::Of(outcomes, AllRows(8));
  EXPECT_EQ(counts.num_rows(), 8);
  EXPECT_DOUBLE_EQ(counts.weight(1, 1), 3);
  EXPECT_DOUBLE_EQ(counts.weight(1, 0), 1);
  EXPECT_DOUBLE_EQ(counts.weight(0, 1), 1);
  EXPECT_DOUBLE_EQ(counts.weight(0, 0), 3);
  EXPECT_DOUBLE_EQ(counts.Accuracy(), 0.75);
  EXPECT_DOUBLE_EQ(counts.Precision(1), 0.75);
  EXPECT_DOUBLE_EQ(counts.Recall(1), 0.75);
  EXPECT_DOUBLE_EQ(counts.F1(1), 0.75);
  const BinaryCounts binary = counts.OneVsRest(1);
  EXPECT_DOUBLE_EQ(binary.SelectionRate(), 0.5);
  EXPECT_DOUBLE_EQ(binary.FalsePositiveRate(), 0.25);
  EXPECT_DOUBLE_EQ(binary.FalseNegativeRate(), 0.25);
  EXPECT_DOUBLE_EQ(binary.TruePositiveRate(), 0.75);
  EXPECT_DOUBLE_EQ(binary.TrueNegativeRate(), 0.75);
}

TEST(MetricsTest, RowsAndWeightsSelectWhatCounts) {
  Outcomes outcomes = Binary({1, 1, 1, 0, 0, 0, 0, 1}, {1, 0, 1, 0, 1, 0, 0, 1});
  // Rows 1 (fn) and 4 (fp) weigh 3 each, row 3 (tn) and row 0 (tp) weigh 1: accuracy 2/8.
  const std::vector<double> weights = {1, 3, 0, 1, 3, 0, 0, 0};
  ConfusionCounts counts = ConfusionCounts::Of(outcomes, std::vector<size_t>{0, 1, 3, 4}, weights);
  EXPECT_EQ(counts.num_rows(), 4);
  EXPECT_DOUBLE_EQ(counts.total_weight(), 8);
  EXPECT_DOUBLE_EQ(counts.Accuracy(), 0.25);
  EXPECT_DOUBLE_EQ(counts.Precision(1), 0.25);
  EXPECT_DOUBLE_EQ(counts.OneVsRest(1).SelectionRate(), 0.5);
}

TEST(MetricsTest, ZeroDivisionGivesZeroAsSklearn) {
  // Nothing predicted positive and no positives: every rate with an empty denominator is 0.
  ConfusionCounts counts = ConfusionCounts::Of(Binary({0, 0, 0}, {0, 0, 0}), AllRows(3));
  EXPECT_DOUBLE_EQ(counts.Precision(1), 0);
  EXPECT_DOUBLE_EQ(counts.Recall(1), 0);
  EXPECT_DOUBLE_EQ(counts.F1(1), 0);
  EXPECT_DOUBLE_EQ(counts.OneVsRest(1).FalseNegativeRate(), 0);
  EXPECT_DOUBLE_EQ(counts.OneVsRest(1).SelectionRate(), 0);
  EXPECT_DOUBLE_EQ(counts.Accuracy(), 1);
}

TEST(MetricsTest, NoRowsIsNotANumber) {
  ConfusionCounts counts(2);
  EXPECT_TRUE(std::isnan(counts.Accuracy()));
  EXPECT_TRUE(std::isnan(counts.OneVsRest(1).SelectionRate()));
  EXPECT_TRUE(std::isnan(counts.Precision(kMacroAverage)));
  EXPECT_TRUE(std::isnan(RegressionSums().MeanAbsoluteError()));
}

TEST(MetricsTest, MulticlassMacroAveragesMatchSklearn) {
  ConfusionCounts counts = ConfusionCounts::Of(Multiclass(), AllRows(24), kWeights3);
  // sklearn 1.2.1 accuracy_score / precision_score / recall_score / f1_score(average='macro', sample_weight=w).
  EXPECT_NEAR(counts.Accuracy(), 0.3603839441535776, kTolerance);
  EXPECT_NEAR(counts.Precision(kMacroAverage), 0.3587785316707593, kTolerance);
  EXPECT_NEAR(counts.Recall(kMacroAverage), 0.3582821802340799, kTolerance);
  EXPECT_NEAR(counts.F1(kMacroAverage), 0.3460119494934779, kTolerance);
}

TEST(MetricsTest, MacroAverageSkipsClassesAbsentFromTheRows) {
  // The rows where neither y_true nor y_pred is class 2; sklearn averages over classes 0 and 1 only.
  const std::vector<size_t> rows = {1, 4, 7, 8, 13, 14, 16, 19, 21, 22, 23};
  ConfusionCounts counts = ConfusionCounts::Of(Multiclass(), rows);
  // sklearn 1.2.1, average='macro', unweighted, on those rows.
  EXPECT_NEAR(counts.Accuracy(), 0.2727272727272727, kTolerance);
  EXPECT_NEAR(counts.Precision(kMacroAverage), 0.26785714285714285, kTolerance);
  EXPECT_NEAR(counts.Recall(kMacroAverage), 0.2833333333333333, kTolerance);
  EXPECT_NEAR(counts.F1(kMacroAverage), 0.26666666666666666, kTolerance);
}

TEST(MetricsTest, BinaryRocAucCountsTiesAsHalf) {
  Outcomes outcomes = BinaryScored({1, 0, 1, 1, 0, 0, 1, 0, 0, 1}, {0.9, 0.9, 0.7, 0.5, 0.5, 0.5, 0.3, 0.2, 0.2, 0.2});
  // By hand: positives beat 4.5 + 4 + 3 + 2 + 1 = 14.5 of 25 negative pairs; sklearn 1.2.1 roc_auc_score agrees.
  EXPECT_NEAR(RocAuc(outcomes, AllRows(10)), 0.58, kTolerance);
  const std::vector<double> weights = {1.0, 2.0, 0.5, 1.5, 1.0, 0.5, 2.0, 1.0, 3.0, 1.0};
  // sklearn 1.2.1 roc_auc_score(y, s, sample_weight=w).
  EXPECT_NEAR(RocAuc(outcomes, AllRows(10), weights), 0.5861111111111111, kTolerance);
}

TEST(MetricsTest, RocAucOfOneClassIsNotANumber) {
  Outcomes outcomes = BinaryScored({1, 0, 1}, {0.9, 0.4, 0.6});
  EXPECT_TRUE(std::isnan(RocAuc(outcomes, std::vector<size_t>{0, 2})));
}

TEST(MetricsTest, MulticlassRocAucIsOneVsRestMacro) {
  // sklearn 1.2.1 roc_auc_score(y, P, multi_class='ovr', average='macro'[, sample_weight=w]).
  EXPECT_NEAR(RocAuc(Multiclass(), AllRows(24)), 0.6234335839598998, kTolerance);
  EXPECT_NEAR(RocAuc(Multiclass(), AllRows(24), kWeights3), 0.6334166262338651, kTolerance);
}

TEST(MetricsTest, LogLossMatchesSklearn) {
  Outcomes binary = BinaryScored({1, 0, 1, 1, 0, 0, 1, 0, 0, 1}, {0.9, 0.9, 0.7, 0.5, 0.5, 0.5, 0.3, 0.2, 0.2, 0.2});
  // sklearn 1.2.1 log_loss(y, [1 - s, s][, sample_weight=w]).
  EXPECT_NEAR(LogLoss(binary, AllRows(10)), 0.8103759913658897, kTolerance);
  const std::vector<double> weights = {1.0, 2.0, 0.5, 1.5, 1.0, 0.5, 2.0, 1.0, 3.0, 1.0};
  EXPECT_NEAR(LogLoss(binary, AllRows(10), weights), 0.8798716623435504, kTolerance);
  // sklearn 1.2.1 log_loss(y, P, labels=[0, 1, 2][, sample_weight=w]); P has exact zeros, so clipping matters.
  EXPECT_NEAR(LogLoss(Multiclass(), AllRows(24)), 4.145623990402801, kTolerance);
  EXPECT_NEAR(LogLoss(Multiclass(), AllRows(24), kWeights3), 5.529683162580905, kTolerance);
}

TEST(MetricsTest, LogLossClipsAndRenormalizes) {
  // Row 0 gives its true class probability 0 (clipped to DBL_EPSILON); row 1 sums to 0.8 (renormalized).
  // By hand: (-log(2^-52) - log(0.75) - log(0.5)) / 3; sklearn 1.2.1 log_loss gives 12.34149421404296.
  Outcomes outcomes = Classification(glassbox::v1::BINARY_CLASSIFICATION, {"no", "yes"}, {0, 1, 1}, {0, 1, 1},
                                     {{0.0, 1.0}, {0.2, 0.6}, {0.5, 0.5}});
  const double by_hand = (52 * std::log(2.0) - std::log(0.75) - std::log(0.5)) / 3;
  EXPECT_NEAR(LogLoss(outcomes, AllRows(3)), by_hand, 1e-12);
  EXPECT_NEAR(LogLoss(outcomes, AllRows(3)), 12.34149421404296, 1e-12);
}

// 12 rows drawn with numpy default_rng(3).
const std::vector<double> kRegressionTrue = {16.12, 2.33, 11.25, 8.3, 8.64, 9.35, 3.94, 9.3, 7.4, 19.97, 10.68, 8.94};
const std::vector<double> kRegressionPred = {15.56, 0.99, 9.14, 7.52, 9.6, 8.87, 5.86, 8.9, 7.45, 23.06, 11.77, 7.93};
const std::vector<double> kRegressionWeights = {1.81, 1.25, 1.05, 1.59, 0.25, 1.47, 0.87, 0.36, 1.39, 1.88, 0.57, 1.33};

Outcomes Regression(const std::vector<double>& y_true, const std::vector<double>& y_pred) {
  Outcomes outcomes;
  outcomes.task = glassbox::v1::REGRESSION;
  outcomes.y_true = Vector(y_true);
  outcomes.y_pred = Vector(y_pred);
  return outcomes;
}

TEST(MetricsTest, RegressionMatchesSklearn) {
  Outcomes outcomes = Regression(kRegressionTrue, kRegressionPred);
  // sklearn 1.2.1 mean_absolute_error, mean_squared_error (squared=True/False), r2_score; numpy average(p).
  RegressionSums sums = RegressionSums::Of(outcomes, AllRows(12));
  EXPECT_NEAR(sums.MeanAbsoluteError(), 1.1491666666666667, kTolerance);
  EXPECT_NEAR(sums.MeanSquaredError(), 1.993908333333333, kTolerance);
  EXPECT_NEAR(sums.RootMeanSquaredError(), 1.412058190491218, kTolerance);
  EXPECT_NEAR(sums.R2(), 0.9030426979423182, kTolerance);
  EXPECT_NEAR(sums.MeanPrediction(), 9.720833333333333, kTolerance);

  RegressionSums weighted = RegressionSums::Of(outcomes, AllRows(12), kRegressionWeights);
  EXPECT_NEAR(weighted.MeanAbsoluteError(), 1.2118379160636759, kTolerance);
  EXPECT_NEAR(weighted.MeanSquaredError(), 2.335447612156295, kTolerance);
  EXPECT_NEAR(weighted.RootMeanSquaredError(), 1.5282171351468006, kTolerance);
  EXPECT_NEAR(weighted.R2(), 0.9138973130469212, kTolerance);
  EXPECT_NEAR(weighted.MeanPrediction(), 10.539804630969607, kTolerance);
}

TEST(MetricsTest, R2EdgeCasesAsSklearn) {
  // sklearn 1.2.1 r2_score (force_finite=True): constant y_true gives 1 for a perfect fit, 0 otherwise;
  // fewer than two samples give NaN.
  EXPECT_DOUBLE_EQ(RegressionSums::Of(Regression({2, 2, 2}, {2, 2, 2}), AllRows(3)).R2(), 1.0);
  EXPECT_DOUBLE_EQ(RegressionSums::Of(Regression({2, 2, 2}, {2, 1, 2}), AllRows(3)).R2(), 0.0);
  EXPECT_TRUE(std::isnan(RegressionSums::Of(Regression({2}, {1}), AllRows(1)).R2()));
}

TEST(MetricsTest, CatalogueNamesEveryMetricOnce) {
  for (const MetricInfo& info : AllMetrics()) {
    EXPECT_EQ(MetricNamed(info.name), info.metric) << info.name;
    EXPECT_EQ(InfoOf(info.metric).name, info.name);
  }
  EXPECT_FALSE(MetricNamed("balanced_accuracy").has_value());
  EXPECT_TRUE(MetricApplies(Metric::kCount, glassbox::v1::REGRESSION));
  EXPECT_TRUE(MetricApplies(Metric::kF1, glassbox::v1::MULTICLASS_CLASSIFICATION));
  EXPECT_FALSE(MetricApplies(Metric::kSelectionRate, glassbox::v1::MULTICLASS_CLASSIFICATION));
  EXPECT_FALSE(MetricApplies(Metric::kR2, glassbox::v1::BINARY_CLASSIFICATION));
  EXPECT_FALSE(MetricApplies(Metric::kAccuracy, glassbox::v1::REGRESSION));
}

TEST(MetricsTest, EvaluateDispatchesByName) {
  Outcomes outcomes = Binary({1, 1, 1, 0, 0, 0, 0, 1}, {1, 0, 1, 0, 1, 0, 0, 1});
  ConfusionCounts counts = ConfusionCounts::Of(outcomes, AllRows(8));
  EXPECT_DOUBLE_EQ(Evaluate(Metric::kCount, counts, 1), 8);
  EXPECT_DOUBLE_EQ(Evaluate(Metric::kSelectionRate, counts, 1), 0.5);
  EXPECT_DOUBLE_EQ(Evaluate(Metric::kFalsePositiveRate, counts, 1), 0.25);
  EXPECT_TRUE(std::isnan(Evaluate(Metric::kSelectionRate, counts, kMacroAverage)));
  EXPECT_TRUE(std::isnan(Evaluate(Metric::kR2, counts, 1)));
  RegressionSums sums = RegressionSums::Of(Regression(kRegressionTrue, kRegressionPred), AllRows(12));
  EXPECT_DOUBLE_EQ(Evaluate(Metric::kMeanAbsoluteError, sums), sums.MeanAbsoluteError());
  EXPECT_DOUBLE_EQ(Evaluate(Metric::kCount, sums), 12);
  EXPECT_TRUE(std::isnan(Evaluate(Metric::kAccuracy, sums)));
}

}  // namespace
}  // namespace glassbox::sdk
