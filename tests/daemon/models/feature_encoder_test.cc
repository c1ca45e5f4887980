#include "daemon/models/feature_encoder.h"

#include <cmath>
#include <limits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace glassbox::daemon {
namespace {

using ::testing::HasSubstr;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Features: x numeric; color coded red 0, green 1, blue 2; size coded "1" 0, "2" 1, "10" 2.
FeatureEncoder ThreeFeatures() {
  absl::StatusOr<FeatureEncoder> encoder = FeatureEncoder::Create(
      {{"x", false, {}}, {"color", true, {"red", "green", "blue"}}, {"size", true, {"1", "2", "10"}}});
  EXPECT_TRUE(encoder.ok()) << encoder.status();
  return *std::move(encoder);
}

// Columns in another order than the features, an extra one, color's dictionary sorted with a category the model
// lacks, size given as numbers.
sdk::Table FourRows() {
  sdk::Table table;
  EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric("size", {10, 2, 3, kNaN})).ok());
  EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric("unused", {0, 0, 0, 0})).ok());
  EXPECT_TRUE(
      table
          .AddColumn(sdk::Column::Categorical("color", {"blue", "purple", "red"}, {2, 0, 1, sdk::Column::kMissingCode}))
          .ok());
  EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric("x", {1.5, kNaN, -2, 4})).ok());
  return table;
}

void ExpectRows(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(actual[i])) << i;
    } else {
      EXPECT_EQ(actual[i], expected[i]) << i;
    }
  }
}

TEST(FeatureEncoderTest, EncodesRowsInTheModelsOrderAndCodes) {
  const FeatureEncoder encoder = ThreeFeatures();
  const sdk::Table table = FourRows();
  absl::StatusOr<EncodedColumns> columns = encoder.Bind(table);
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_EQ(columns->num_rows(), 4u);
  EXPECT_EQ(columns->num_features(), 3u);
  std::vector<float> rows(12);
  columns->Encode(0, 4, rows.data());
  ExpectRows(rows, {1.5f, 0, 2,      //
                    kNaN, 2, 1,      //
                    -2, kNaN, kNaN,  //
                    4, kNaN, kNaN});
  std::vector<float> middle(6);
  columns->Encode(1, 3, middle.data());
  ExpectRows(middle, {kNaN, 2, 1, -2, kNaN, kNaN});
}

TEST(FeatureEncoderTest, NamesEveryAbsentFeature) {
  sdk::Table table;
  ASSERT_TRUE(table.AddColumn(sdk::Column::Numeric("color", {1})).ok());
  absl::StatusOr<EncodedColumns> columns = ThreeFeatures().Bind(table);
  EXPECT_EQ(columns.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(columns.status().message(), HasSubstr("lacks the model's features: x, size"));
}

TEST(FeatureEncoderTest, RefusesCategoriesForANumericFeature) {
  sdk::Table table = FourRows();
  ASSERT_TRUE(table.ReplaceColumn(sdk::Column::Categorical("x", {"a"}, {0, 0, 0, 0})).ok());
  absl::StatusOr<EncodedColumns> columns = ThreeFeatures().Bind(table);
  EXPECT_EQ(columns.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(columns.status().message(),
              HasSubstr("feature 'x' is numeric in the model but its column is categorical"));
}

TEST(FeatureEncoderTest, RefusesDuplicateFeaturesAndCategories) {
  EXPECT_THAT(FeatureEncoder::Create({{"x", false, {}}, {"x", false, {}}}).status().message(),
              HasSubstr("names feature 'x' twice"));
  EXPECT_THAT(FeatureEncoder::Create({{"c", true, {"a", "a"}}}).status().message(),
              HasSubstr("category 'a' of feature 'c' is listed twice"));
}

}  // namespace
}  // namespace glassbox::daemon
