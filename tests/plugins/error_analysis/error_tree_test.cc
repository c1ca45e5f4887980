// The surrogate error tree on hand-worked cases. Gains are S_L^2/n_L +
// S_R^2/n_R - S^2/n with S the error sums, worked out in the comments.
#include "error_tree.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "feature_binning.h"
#include "glassbox/sdk/outcomes.h"
#include "row_errors.h"

namespace glassbox::plugins {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<size_t> AllRows(size_t n) {
  std::vector<size_t> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = i;
  return rows;
}

BinnedFeature Numeric(const std::string& name, std::vector<double> values) {
  auto column = sdk::Column::Numeric(name, values);
  return *BinFeature(*column, AllRows(values.size()), 255);
}

BinnedFeature Categorical(const std::string& name, std::vector<std::string> categories, std::vector<int32_t> codes) {
  auto column = sdk::Column::Categorical(name, std::move(categories), codes);
  return *BinFeature(*column, AllRows(codes.size()), 255);
}

TEST(ErrorTreeTest, SplitsANumericFeatureAtTheMidpoint) {
  std::vector<BinnedFeature> features = {Numeric("x", {1, 2, 3, 4, 5, 6})};
  std::vector<double> errors = {0, 0, 0, 1, 1, 1};
  auto nodes = GrowErrorTree(features, errors, {.max_depth = 1, .num_leaves = 31, .min_child_samples = 1});
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[0].size, 6);
  EXPECT_EQ(nodes[0].error, 3);
  // 0/3 | 3/3: 0 + 9/3 - 9/6 = 1.5.
  EXPECT_DOUBLE_EQ(nodes[0].gain, 1.5);
  EXPECT_EQ(nodes[1].condition, "x <= 3.5");
  EXPECT_EQ(nodes[1].size, 3);
  EXPECT_EQ(nodes[1].error, 0);
  EXPECT_EQ(nodes[2].condition, "x > 3.5");
  EXPECT_EQ(nodes[2].error, 3);
  EXPECT_TRUE(nodes[1].is_leaf());
  EXPECT_EQ(nodes[1].parent, 0);
  EXPECT_EQ(nodes[2].depth, 1);
}

TEST(ErrorTreeTest, MinChildSamplesRulesOutSmallChildren) {
  std::vector<BinnedFeature> features = {Numeric("x", {1, 2, 3, 4, 5, 6})};
  std::vector<double> errors = {0, 0, 0, 0, 0, 1};
  // Unconstrained, x <= 5.5 isolates the error (gain 1/1 - 1/6); with 3 rows
  // per child only x <= 3.5 remains: 0 + 1/3 - 1/6 = 1/6.
  auto nodes = GrowErrorTree(features, errors, {.max_depth = 1, .num_leaves = 31, .min_child_samples = 3});
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[1].condition, "x <= 3.5");
  EXPECT_NEAR(nodes[0].gain, 1.0 / 6, 1e-15);
  auto free = GrowErrorTree(features, errors, {.max_depth = 1, .num_leaves = 31, .min_child_samples = 1});
  EXPECT_EQ(free[1].condition, "x <= 5.5");
  EXPECT_NEAR(free[0].gain, 1 - 1.0 / 6, 1e-15);
}

TEST(ErrorTreeTest, PartitionsCategoriesSortedByErrorRate) {
  // A: 0/4, B: 3/4, C: 4/4, D: 1/4 errors. Sorted A, D, B, C; the prefixes
  // give {A} 0/4 | 8/12: 64/12 - 4 = 1.33; {A, D} 1/8 | 7/8: 1/8 + 49/8 - 4 =
  // 2.25; {A, D, B} 4/12 | 4/4: 16/12 + 4 - 4 = 1.33.
  std::vector<int32_t> codes;
  std::vector<double> errors;
  const int errors_of[] = {0, 3, 4, 1};
  for (int32_t c = 0; c < 4; ++c) {
    for (int i = 0; i < 4; ++i) {
      codes.push_back(c);
      errors.push_back(i < errors_of[c] ? 1 : 0);
    }
  }
  std::vector<BinnedFeature> features = {Categorical("c", {"A", "B", "C", "D"}, codes)};
  auto nodes = GrowErrorTree(features, errors, {.max_depth = 1, .num_leaves = 31, .min_child_samples = 1});
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_DOUBLE_EQ(nodes[0].gain, 2.25);
  EXPECT_EQ(nodes[1].condition, "c in [A, D]");
  EXPECT_EQ(nodes[1].size, 8);
  EXPECT_EQ(nodes[1].error, 1);
  EXPECT_EQ(nodes[2].condition, "c not in [A, D]");
  EXPECT_EQ(nodes[2].error, 7);
}

TEST(ErrorTreeTest, NamesTheSmallerSideOfACategoricalSplitAndQuotesOddCategories) {
  // "a b" errs, the three others do not: the right side is the smaller one.
  std::vector<int32_t> codes = {0, 0, 1, 1, 2, 2, 3, 3};
  std::vector<double> errors = {1, 1, 0, 0, 0, 0, 0, 0};
  std::vector<BinnedFeature> features = {Categorical("c", {"a b", "c", "d", "e"}, codes)};
  auto nodes = GrowErrorTree(features, errors, {.max_depth = 1, .num_leaves = 31, .min_child_samples = 1});
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[1].condition, "c not in [\"a b\"]");
  EXPECT_EQ(nodes[2].condition, "c in [\"a b\"]");
  EXPECT_EQ(nodes[2].error, 2);
}

TEST(ErrorTreeTest, SendsMissingValuesToTheSideThatGainsMore) {
  // Missing right: {1, 2} 0/2 | {3, 4, NaN, NaN} 4/4, gain 16/4 - 16/6 = 4/3,
  // better than any split with the missing rows on the left.
  std::vector<BinnedFeature> features = {Numeric("x", {1, 2, 3, 4, kNaN, kNaN})};
  std::vector<double> errors = {0, 0, 1, 1, 1, 1};
  auto nodes = GrowErrorTree(features, errors, {.max_depth = 1, .num_leaves = 31, .min_child_samples = 1});
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_NEAR(nodes[0].gain, 4.0 / 3, 1e-15);
  EXPECT_EQ(nodes[1].condition, "x <= 2.5");
  EXPECT_EQ(nodes[2].condition, "x > 2.5 or missing");
  EXPECT_EQ(nodes[2].size, 4);

  // With the errors on the small values, the missing rows join them.
  std::vector<double> flipped = {1, 1, 0, 0, 1, 1};
  nodes = GrowErrorTree(features, flipped, {.max_depth = 1, .num_leaves = 31, .min_child_samples = 1});
  EXPECT_EQ(nodes[1].condition, "x <= 2.5 or missing");
  EXPECT_EQ(nodes[1].size, 4);
  EXPECT_EQ(nodes[2].condition, "x > 2.5");
}

TEST(ErrorTreeTest, DoesNotSplitWithoutGain) {
  std::vector<BinnedFeature> features = {Numeric("x", {1, 2, 3, 4})};
  EXPECT_EQ(GrowErrorTree(features, std::vector<double>{0, 0, 0, 0}, {}).size(), 1u);
  // Both halves err equally often: no split gains anything.
  EXPECT_EQ(GrowErrorTree(features, std::vector<double>{1, 0, 1, 0},
                          {.max_depth = 3, .num_leaves = 31, .min_child_samples = 2})
                .size(),
            1u);
}

TEST(ErrorTreeTest, HoldsTheLimitsAndGrowsTheSameTreeTwice) {
  std::vector<double> x;
  std::vector<double> errors;
  for (int i = 0; i < 400; ++i) {
    x.push_back(i);
    errors.push_back((i * 7919) % 13 < 4 ? 1 : 0);
  }
  std::vector<BinnedFeature> features = {Numeric("x", x)};
  const TreeLimits limits{.max_depth = 10, .num_leaves = 5, .min_child_samples = 15};
  auto nodes = GrowErrorTree(features, errors, limits);
  int leaves = 0;
  for (const auto& node : nodes) {
    if (!node.is_leaf()) continue;
    ++leaves;
    EXPECT_GE(node.size, 15);
    EXPECT_LE(node.depth, 10);
  }
  EXPECT_EQ(leaves, 5);
  auto again = GrowErrorTree(features, errors, limits);
  ASSERT_EQ(again.size(), nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    EXPECT_EQ(again[i].condition, nodes[i].condition);
    EXPECT_EQ(again[i].size, nodes[i].size);
  }
  auto shallow = GrowErrorTree(features, errors, {.max_depth = 1, .num_leaves = 31, .min_child_samples = 15});
  EXPECT_EQ(shallow.size(), 3u);
}

TEST(ErrorTreeTest, BinsManyDistinctValuesIntoAtMostMaxBins) {
  std::vector<double> values;
  for (int i = 0; i < 1000; ++i) values.push_back(i * 0.5);
  auto column = sdk::Column::Numeric("x", values);
  BinnedFeature feature = *BinFeature(*column, AllRows(values.size()), 10);
  EXPECT_EQ(feature.num_bins, 10);
  EXPECT_EQ(feature.missing_bin, -1);
  // 100 values a bin, in order, each bin's values within its bounds.
  for (size_t i = 0; i < values.size(); ++i) {
    int bin = feature.bins[i];
    EXPECT_EQ(bin, static_cast<int>(i / 100));
    EXPECT_GE(values[i], feature.lower_values[bin]);
    EXPECT_LE(values[i], feature.upper_values[bin]);
  }
}

TEST(ErrorTreeTest, ThresholdsSeparateAdjacentValues) {
  EXPECT_EQ(Midpoint(38, 39), 38.5);
  // Between neighbouring doubles the midpoint rounds to one of them; the
  // threshold must stay below the upper one.
  const double above = std::nextafter(1.0, 2.0);
  EXPECT_LT(Midpoint(1.0, above), above);
  EXPECT_GE(Midpoint(1.0, above), 1.0);
}

TEST(RowErrorsTest, CountsMisclassificationsAndAbsoluteErrors) {
  sdk::Outcomes classification;
  classification.task = glassbox::v1::BINARY_CLASSIFICATION;
  classification.classes = {"no", "yes"};
  classification.y_true = Eigen::VectorXd{{0, 1, 1, 0}};
  classification.y_pred = Eigen::VectorXd{{0, 0, 1, 1}};
  std::vector<size_t> rows = {3, 1, 2};
  EXPECT_EQ(ComputeRowErrors(classification, rows), (std::vector<double>{1, 1, 0}));
  EXPECT_EQ(ErrorMetricName(classification), "error rate");

  sdk::Outcomes regression;
  regression.task = glassbox::v1::REGRESSION;
  regression.y_true = Eigen::VectorXd{{1.5, -2, 3}};
  regression.y_pred = Eigen::VectorXd{{1, 1, 3}};
  EXPECT_EQ(ComputeRowErrors(regression, std::vector<size_t>{0, 1, 2}), (std::vector<double>{0.5, 3, 0}));
  EXPECT_EQ(ErrorMetricName(regression), "mean absolute error");
}

}  // namespace
}  // namespace glassbox::plugins
