// Column summaries on hand-worked cases; the quartiles and histograms as
// numpy 1.24 computes them (numpy.quantile, numpy.histogram).
#include "feature_summary.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "feature_columns.h"

namespace glassbox::plugins {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(FeatureSummaryTest, SummarisesNumbersSkippingMissingOnes) {
  const std::vector<double> values = {4, 1, kNaN, 3, 2};
  const std::vector<size_t> rows = {0, 1, 2, 3, 4};
  auto summary = SummarizeNumeric("x", values, rows);
  EXPECT_EQ(summary.feature(), "x");
  EXPECT_EQ(summary.count(), 4);
  EXPECT_EQ(summary.missing(), 1);
  EXPECT_EQ(summary.mean(), 2.5);
  // Squared deviations 2.25 + 0.25 + 0.25 + 2.25 over n - 1 = 3.
  EXPECT_DOUBLE_EQ(summary.std(), std::sqrt(5.0 / 3));
  EXPECT_EQ(summary.min(), 1);
  EXPECT_EQ(summary.p25(), 1.75);
  EXPECT_EQ(summary.median(), 2.5);
  EXPECT_EQ(summary.p75(), 3.25);
  EXPECT_EQ(summary.max(), 4);

  // One value: no standard deviation; no value: no statistics (pandas' NaN).
  auto one = SummarizeNumeric("x", values, std::vector<size_t>{3});
  EXPECT_EQ(one.median(), 3);
  EXPECT_TRUE(std::isnan(one.std()));
  auto none = SummarizeNumeric("x", values, std::vector<size_t>{2});
  EXPECT_EQ(none.count(), 0);
  EXPECT_EQ(none.missing(), 1);
  EXPECT_TRUE(std::isnan(none.mean()));
  EXPECT_TRUE(std::isnan(none.max()));
}

TEST(FeatureSummaryTest, CountsCategoriesMostFrequentFirst) {
  auto column = sdk::Column::Categorical("c", {"a", "b", "c", "d"}, {2, 0, 2, sdk::Column::kMissingCode, 2, 0, 3, 3});
  auto summary = SummarizeCategorical(*column, std::vector<size_t>{0, 1, 2, 3, 4, 5, 6, 7});
  EXPECT_EQ(summary.count(), 7);
  EXPECT_EQ(summary.missing(), 1);
  // "b" never occurs; "a" and "d" tie and keep category order.
  EXPECT_EQ(summary.distinct(), 3);
  ASSERT_EQ(summary.categories_size(), 3);
  EXPECT_EQ(summary.categories(0).category(), "c");
  EXPECT_EQ(summary.categories(0).count(), 3);
  EXPECT_EQ(summary.categories(1).category(), "a");
  EXPECT_EQ(summary.categories(2).category(), "d");
}

TEST(FeatureSummaryTest, HistogramsLikeNumpy) {
  // numpy.histogram([1, 2, 2, 3, 10], bins=3): edges 1, 4, 7, 10; counts 4, 0, 1.
  Histogram h = EqualWidthHistogram(std::vector<double>{1, 2, 2, 3, 10}, 3);
  EXPECT_EQ(h.edges, (std::vector<double>{1, 4, 7, 10}));
  EXPECT_EQ(h.counts, (std::vector<int64_t>{4, 0, 1}));
  // All values equal: the range widens to [v - 0.5, v + 0.5]; counts 0, 2.
  h = EqualWidthHistogram(std::vector<double>{5, 5}, 2);
  EXPECT_EQ(h.edges, (std::vector<double>{4.5, 5, 5.5}));
  EXPECT_EQ(h.counts, (std::vector<int64_t>{0, 2}));
  // Values on floating-point edges: numpy.histogram([0.1, 0.2, 0.3, 0.7, 1.0], bins=10)
  // counts 1, 1, 1, 0, 0, 0, 1, 0, 0, 1.
  h = EqualWidthHistogram(std::vector<double>{0.1, 0.2, 0.3, 0.7, 1.0}, 10);
  EXPECT_EQ(h.counts, (std::vector<int64_t>{1, 1, 1, 0, 0, 0, 1, 0, 0, 1}));
}

TEST(FeatureColumnsTest, DefaultsToAllFeaturesAndRefusesOthers) {
  google::protobuf::Struct values;
  sdk::Params empty(values);
  const std::vector<std::string> features = {"age", "sex"};
  EXPECT_EQ(FeaturesOrAll(empty, "features", features), features);
  auto* list = (*values.mutable_fields())["features"].mutable_list_value();
  list->add_values()->set_string_value("sex");
  EXPECT_EQ(FeaturesOrAll(sdk::Params(values), "features", features), std::vector<std::string>{"sex"});
  EXPECT_TRUE(CheckFeatureColumns("features", {"sex"}, features).ok());
  absl::Status status = CheckFeatureColumns("features", {"income"}, features);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "parameter 'features': 'income' is not a feature column of the dataset; choose among "
                              "age, sex");
}

}  // namespace
}  // namespace glassbox::plugins
