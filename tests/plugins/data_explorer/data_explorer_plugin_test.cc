// The data_explorer plugin, loaded by the daemon's plugin host, on the real
// adult data; expected values from pandas 1.5.3 (DataFrame.describe(),
// value_counts()), whose quartiles are numpy's linear ones.
#include <gtest/gtest.h>

#include "glassbox/v1/analyses/data_explorer.pb.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

using glassbox::v1::analyses::DataExplorer;
using glassbox::v1::analyses::NumericSummary;

DataExplorer Analyze(const sdk::Table& table, RunInputs inputs, const std::string& params,
                 glassbox::v1::Insight* insight = nullptr) {
  inputs.params = ParseParams(params);
  auto result = RunAnalyzer("data_explorer", table, inputs);
  EXPECT_TRUE(result.ok()) << result.status();
  DataExplorer payload;
  if (result.ok()) {
    EXPECT_TRUE(result->payload().UnpackTo(&payload));
    if (insight != nullptr) *insight = *result;
  }
  return payload;
}

const NumericSummary& Numeric(const DataExplorer& result, const std::string& feature) {
  for (const auto& summary : result.numeric_features()) {
    if (summary.feature() == feature) return summary;
  }
  ADD_FAILURE() << "no summary of " << feature;
  return NumericSummary::default_instance();
}

// describe(): count, mean, std, min, 25%, 50%, 75%, max.
void ExpectDescribe(const NumericSummary& s, const std::array<double, 8>& expected) {
  EXPECT_EQ(s.count(), expected[0]);
  EXPECT_EQ(s.missing(), 0);
  EXPECT_NEAR(s.mean(), expected[1], 1e-12 * expected[1]);
  EXPECT_NEAR(s.std(), expected[2], 1e-12 * expected[2]);
  EXPECT_EQ(s.min(), expected[3]);
  EXPECT_EQ(s.p25(), expected[4]);
  EXPECT_EQ(s.median(), expected[5]);
  EXPECT_EQ(s.p75(), expected[6]);
  EXPECT_EQ(s.max(), expected[7]);
}

class DataExplorerPluginTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scored_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv")));
    adult_ = new sdk::Table(ReadCsvFile(DatasetPath("adult.csv")));
  }
  static inline sdk::Table* scored_ = nullptr;
  static inline sdk::Table* adult_ = nullptr;
};

TEST_F(DataExplorerPluginTest, AdultTestScored) {
  RunInputs inputs = AdultScoredInputs();
  inputs.cohorts = {{"women", "sex == Female"}, {"older black", "age > 40 AND race == Black"}};
  glassbox::v1::Insight insight;
  DataExplorer result = Analyze(*scored_, inputs, "{}", &insight);
  EXPECT_EQ(result.num_rows(), 10054);
  // Every column but income, probability and prediction: 6 numeric, 8 categorical.
  EXPECT_EQ(result.numeric_features_size(), 6);
  EXPECT_EQ(result.categorical_features_size(), 8);
  ExpectDescribe(Numeric(result, "age"), {10054, 38.491943505072605, 13.202494600073328, 17, 28, 37, 47, 90});
  ExpectDescribe(Numeric(result, "fnlwgt"),
                 {10054, 189239.71275114382, 105149.87482175141, 14878, 117535.75, 178482.5, 237507.5, 1268339});
  ExpectDescribe(Numeric(result, "hours-per-week"), {10054, 41.05719116769445, 11.821284820246957, 1, 40, 40, 45, 99});

  const auto& workclass = result.categorical_features(0);
  EXPECT_EQ(workclass.feature(), "workclass");
  EXPECT_EQ(workclass.distinct(), 7);
  EXPECT_EQ(workclass.categories(0).category(), "Private");
  EXPECT_EQ(workclass.categories(0).count(), 7428);
  EXPECT_EQ(workclass.categories(6).category(), "Without-pay");
  EXPECT_EQ(workclass.categories(6).count(), 5);

  // value_counts() of income: <=50K 7,551, >50K 2,503.
  ASSERT_EQ(result.label().classes_size(), 2);
  EXPECT_EQ(result.label().classes(0).category(), "<=50K");
  EXPECT_EQ(result.label().classes(0).count(), 7551);
  EXPECT_EQ(result.label().classes(1).count(), 2503);

  // pandas: (sex == "Female").sum() = 3,287; ((age > 40) & (race == "Black")).sum() = 360.
  ASSERT_EQ(result.cohorts_size(), 2);
  EXPECT_EQ(result.cohorts(0).size(), 3287);
  EXPECT_DOUBLE_EQ(result.cohorts(0).fraction(), 3287.0 / 10054);
  EXPECT_EQ(result.cohorts(1).name(), "older black");
  EXPECT_EQ(result.cohorts(1).size(), 360);

  // Blocks: rows metric, numeric table, categorical table, label chart, cohort table.
  ASSERT_EQ(insight.blocks_size(), 5);
  const auto& numeric = insight.blocks(1).table();
  EXPECT_EQ(numeric.columns(6), "25%");
  EXPECT_EQ(numeric.rows(0).cells(0).text(), "age");
  EXPECT_EQ(numeric.rows(0).cells(7).number(), 37);
  // native-country has 41 countries: the top 10 and one row for the other 31.
  int country_rows = 0;
  for (const auto& row : insight.blocks(2).table().rows()) country_rows += row.cells(0).text() == "native-country";
  EXPECT_EQ(country_rows, 11);
  const auto& chart = insight.blocks(3).chart();
  EXPECT_EQ(chart.categories(1), ">50K");
  EXPECT_EQ(chart.series(0).values(1), 2503);
  EXPECT_EQ(insight.blocks(4).table().rows(1).cells(2).number(), 360);
}

TEST_F(DataExplorerPluginTest, AdultCsvChosenFeaturesAndCohort) {
  // adult.csv has no predictions; the explorer reads none, and the label
  // column stands in for the predictions a run needs.
  RunInputs inputs;
  inputs.target = "income";
  inputs.prediction = "income";
  inputs.positive_class = ">50K";
  inputs.cohorts = {{"women", "sex == Female"}};
  DataExplorer result = Analyze(*adult_, inputs, R"({"features": ["age", "capital-gain", "native-country"]})");
  ASSERT_EQ(result.numeric_features_size(), 2);
  ExpectDescribe(Numeric(result, "age"), {30162, 38.437901995888865, 13.134664776856262, 17, 28, 37, 47, 90});
  ExpectDescribe(Numeric(result, "capital-gain"), {30162, 1092.0078575691268, 7406.346496681631, 0, 0, 0, 0, 99999});
  const auto& country = result.categorical_features(0);
  EXPECT_EQ(country.distinct(), 41);
  EXPECT_EQ(country.categories(1).category(), "Mexico");
  EXPECT_EQ(country.categories(1).count(), 610);
  EXPECT_EQ(result.label().classes(1).count(), 7508);
  EXPECT_EQ(result.cohorts(0).size(), 9782);

  // The cohort parameter restricts the summaries: pandas on sex == Female.
  DataExplorer women = Analyze(*adult_, inputs, R"({"features": ["sex"], "cohort": "women"})");
  EXPECT_EQ(women.num_rows(), 9782);
  ASSERT_EQ(women.categorical_features(0).categories_size(), 1);
  EXPECT_EQ(women.label().classes(1).count(), 1112);
}

TEST_F(DataExplorerPluginTest, RegressionLabelHistogram) {
  // numpy.histogram([1, 2, 2, 3, 10], bins=10): edges 1, 1.9, ..., 10; counts
  // 1, 2, 1, 0, 0, 0, 0, 0, 0, 1; describe(): mean 3.6, median 2.
  sdk::Table table = ReadCsvText("x,y,p\na,1,0\nb,2,0\na,2,0\nb,3,0\na,10,0\n");
  RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::REGRESSION;
  inputs.prediction = "p";
  glassbox::v1::Insight insight;
  DataExplorer result = Analyze(table, inputs, "{}", &insight);
  const auto& label = result.label();
  EXPECT_EQ(label.classes_size(), 0);
  EXPECT_DOUBLE_EQ(label.values().mean(), 3.6);
  EXPECT_EQ(label.values().median(), 2);
  ASSERT_EQ(label.histogram_counts_size(), 10);
  EXPECT_EQ(std::vector<int64_t>(label.histogram_counts().begin(), label.histogram_counts().end()),
            (std::vector<int64_t>{1, 2, 1, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_DOUBLE_EQ(label.histogram_edges(1), 1.9);
  EXPECT_EQ(label.histogram_edges(10), 10);
}

TEST_F(DataExplorerPluginTest, RefusesColumnsThatAreNotFeatures) {
  RunInputs inputs = AdultScoredInputs();
  inputs.params = ParseParams(R"({"features": ["probability"]})");
  absl::Status status = ValidateAnalyzer("data_explorer", *scored_, inputs);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'features'"), std::string::npos) << status;
}

}  // namespace
}  // namespace glassbox::testing
