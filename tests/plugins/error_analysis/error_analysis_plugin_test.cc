// The error_analysis plugin, loaded by the daemon's plugin host, on the real
// adult_test_scored.csv (10,054 rows; 1,337 rows where prediction != income,
// counted with pandas 1.5.3).
#include <algorithm>
#include <map>
#include <tuple>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "daemon/models/xgboost_model.h"
#include "glassbox/v1/analyses/error_analysis.pb.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

using glassbox::v1::analyses::ErrorAnalysis;

class ErrorAnalysisPluginTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { table_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv"))); }

  static ErrorAnalysis Analyze(const std::string& params, glassbox::v1::Insight* insight = nullptr) {
    RunInputs inputs = AdultScoredInputs();
    inputs.params = ParseParams(params);
    inputs.cohorts = {{"women", "sex == Female"}};
    auto result = RunAnalyzer("error_analysis", *table_, inputs);
    EXPECT_TRUE(result.ok()) << result.status();
    ErrorAnalysis payload;
    if (result.ok()) {
      EXPECT_TRUE(result->payload().UnpackTo(&payload));
      if (insight != nullptr) *insight = *result;
    }
    return payload;
  }

  static absl::Status Validate(const std::string& params) {
    RunInputs inputs = AdultScoredInputs();
    inputs.params = ParseParams(params);
    return ValidateAnalyzer("error_analysis", *table_, inputs);
  }

  static sdk::Table* table_;
};

sdk::Table* ErrorAnalysisPluginTest::table_ = nullptr;

// (filter, size, errors) of the leaves, worst first.
using Leaf = std::tuple<std::string, int64_t, double>;

std::vector<Leaf> Leaves(const ErrorAnalysis& result) {
  std::vector<Leaf> leaves;
  for (int32_t id : result.leaves_by_error_rate()) {
    const auto& node = result.nodes(id);
    leaves.emplace_back(node.filter(), node.size(), node.error());
  }
  return leaves;
}

constexpr const char* kNumericFeatures = R"("features": ["age", "education-num", "capital-gain", "capital-loss",
                                                         "hours-per-week"])";

TEST_F(ErrorAnalysisPluginTest, MatchesScikitLearnOnNumericFeatures) {
  // scikit-learn 1.2.1 DecisionTreeRegressor(max_depth=3, max_leaf_nodes=31,
  // min_samples_leaf=20) fitted on (prediction != income) over these five
  // features: the same leaves (thresholds printed as 297.0 there).
  ErrorAnalysis result = Analyze(absl::StrCat("{", kNumericFeatures, "}"));
  EXPECT_EQ(Leaves(result), (std::vector<Leaf>{
                                {"age > 29.5 AND capital-gain <= 297 AND education-num > 9.5", 3509, 800},
                                {"age <= 29.5 AND hours-per-week > 40.5 AND age > 24.5", 399, 58},
                                {"age > 29.5 AND capital-gain <= 297 AND education-num <= 9.5", 2893, 404},
                                {"age <= 29.5 AND hours-per-week <= 40.5 AND age > 24.5", 902, 42},
                                {"age > 29.5 AND capital-gain > 297 AND education-num <= 11.5", 374, 15},
                                {"age <= 29.5 AND hours-per-week > 40.5 AND age <= 24.5", 211, 7},
                                {"age <= 29.5 AND hours-per-week <= 40.5 AND age <= 24.5", 1421, 9},
                                {"age > 29.5 AND capital-gain > 297 AND education-num > 11.5", 345, 2},
                            }));
}

TEST_F(ErrorAnalysisPluginTest, GrowsBestFirstLikeScikitLearnMaxLeafNodes) {
  // scikit-learn 1.2.1 DecisionTreeRegressor(max_depth=6, max_leaf_nodes=7,
  // min_samples_leaf=50), which also grows best-first: the same 7 leaves.
  ErrorAnalysis result =
      Analyze(absl::StrCat("{", kNumericFeatures, R"(, "max_depth": 6, "num_leaves": 7, "min_child_samples": 50})"));
  const std::string prefix = "age > 29.5 AND capital-gain <= 297 AND education-num ";
  EXPECT_EQ(Leaves(result),
            (std::vector<Leaf>{
                {prefix + "> 9.5 AND capital-loss <= 1512 AND hours-per-week > 40.5", 1277, 371},
                {prefix + "> 9.5 AND capital-loss <= 1512 AND hours-per-week <= 40.5", 1998, 422},
                {prefix + "<= 9.5 AND hours-per-week > 39.5", 2312, 371},
                {prefix + "<= 9.5 AND hours-per-week <= 39.5", 581, 33},
                {"age <= 29.5", 2933, 116},
                {prefix + "> 9.5 AND capital-loss > 1512", 234, 7},
                {"age > 29.5 AND capital-gain > 297", 719, 17},
            }));
}

TEST_F(ErrorAnalysisPluginTest, TreeOnAllFeaturesIsConsistent) {
  glassbox::v1::Insight insight;
  ErrorAnalysis result = Analyze("{}", &insight);
  ASSERT_GT(result.nodes_size(), 1);
  const auto& root = result.nodes(0);
  EXPECT_EQ(root.size(), 10054);
  EXPECT_EQ(root.error(), 1337);
  EXPECT_EQ(result.total_error(), 1337);
  EXPECT_EQ(result.metric(), "error rate");
  EXPECT_EQ(result.features_size(), 14);
  // The best first split by exhaustive search over every feature (every
  // subset of categories for those with at most 16, the error-rate order for
  // native-country; numpy/pandas script): marital-status in
  // [Married-AF-spouse, Married-civ-spouse], gain 95.24860072365709.
  EXPECT_EQ(root.split_feature(), "marital-status");
  EXPECT_NEAR(root.split_gain(), 95.24860072365709, 1e-9);
  EXPECT_EQ(result.nodes(root.right_child()).condition(),
            "marital-status in [Married-AF-spouse, Married-civ-spouse]");

  double coverage = 0;
  int leaves = 0;
  for (const auto& node : result.nodes()) {
    EXPECT_NEAR(node.error_rate(), node.error() / static_cast<double>(node.size()), 1e-15);
    EXPECT_NEAR(node.error_coverage(), node.error() / 1337, 1e-15);
    if (node.left_child() < 0) {
      ++leaves;
      coverage += node.error_coverage();
      EXPECT_LE(node.depth(), 3);
      EXPECT_GE(node.size(), 20);
      continue;
    }
    // The children partition their parent.
    const auto& left = result.nodes(node.left_child());
    const auto& right = result.nodes(node.right_child());
    EXPECT_EQ(left.size() + right.size(), node.size());
    EXPECT_EQ(left.error() + right.error(), node.error());
    EXPECT_EQ(left.parent_id(), node.id());
    EXPECT_EQ(left.filter(), node.filter().empty() ? left.condition()
                                                   : absl::StrCat(node.filter(), " AND ", left.condition()));
  }
  EXPECT_NEAR(coverage, 1, 1e-12);
  EXPECT_LE(leaves, 31);
  EXPECT_EQ(leaves, result.leaves_by_error_rate_size());

  // Every leaf's filter evaluated with pandas on the CSV (isin for "in",
  // ~isin for "not in"): the same rows and errors.
  const std::string married = "marital-status in [Married-AF-spouse, Married-civ-spouse]";
  const std::string single = "marital-status not in [Married-AF-spouse, Married-civ-spouse]";
  EXPECT_EQ(Leaves(result),
            (std::vector<Leaf>{
                {married + " AND capital-gain <= 704.5 AND capital-loss <= 1512", 3817, 1090},
                {single + " AND hours-per-week > 49.5 AND occupation in [Exec-managerial, Prof-specialty, "
                          "Protective-serv, Sales]",
                 421, 88},
                {single + " AND hours-per-week <= 49.5 AND education in [Doctorate, Masters]", 174, 27},
                {married + " AND capital-gain > 704.5 AND occupation in [Craft-repair, Farming-fishing]", 102, 7},
                {single + " AND hours-per-week > 49.5 AND occupation not in [Exec-managerial, Prof-specialty, "
                          "Protective-serv, Sales]",
                 384, 23},
                {single + " AND hours-per-week <= 49.5 AND education not in [Doctorate, Masters]", 4427, 93},
                {married + " AND capital-gain <= 704.5 AND capital-loss > 1512", 274, 4},
                {married + " AND capital-gain > 704.5 AND occupation not in [Craft-repair, Farming-fishing]", 455, 5},
            }));

  // The same input grows the same tree.
  EXPECT_EQ(Analyze("{}").SerializeAsString(), result.SerializeAsString());

  std::map<std::string, std::string> texts;
  for (const auto& block : insight.blocks()) {
    if (block.has_text()) texts[block.title()] = block.text().text();
  }
  EXPECT_EQ(texts["Worst cohort"],
            married + " AND capital-gain <= 704.5 AND capital-loss <= 1512: error rate 0.2856 over 3817 rows; "
                      "1090 errors (81.5% of the whole)");
  EXPECT_EQ(texts["Best cohort"].substr(0, married.size()), married);
}

TEST_F(ErrorAnalysisPluginTest, LeafFiltersSelectTheSameRowsAsCohorts) {
  // The daemon's cohort filter language reads the leaves' filters back.
  ErrorAnalysis result = Analyze(absl::StrCat("{", kNumericFeatures, "}"));
  RunInputs inputs = AdultScoredInputs();
  for (int32_t id : result.leaves_by_error_rate()) {
    inputs.cohorts.emplace_back(absl::StrCat("leaf", id), result.nodes(id).filter());
  }
  inputs.params = ParseParams(R"({"cohort": "leaf5"})");
  auto insight = RunAnalyzer("error_analysis", *table_, inputs);
  ASSERT_TRUE(insight.ok()) << insight.status();
  ErrorAnalysis leaf;
  ASSERT_TRUE(insight->payload().UnpackTo(&leaf));
  EXPECT_EQ(leaf.cohort(), "leaf5");
  EXPECT_EQ(leaf.nodes(0).size(), result.nodes(5).size());
  EXPECT_EQ(leaf.nodes(0).error(), result.nodes(5).error());
}

TEST_F(ErrorAnalysisPluginTest, HeatMapDefaultsToTheFirstSplitFeature) {
  glassbox::v1::Insight insight;
  ErrorAnalysis result = Analyze("{}", &insight);
  const auto& heat_map = result.heat_map();
  ASSERT_EQ(heat_map.features_size(), 1);
  EXPECT_EQ(heat_map.features(0), "marital-status");
  // pandas groupby("marital-status") of (prediction != income): count, sum.
  const std::vector<std::tuple<std::string, int64_t, double>> expected = {
      {"Divorced", 1425, 90},  {"Married-AF-spouse", 4, 1}, {"Married-civ-spouse", 4644, 1105},
      {"Married-spouse-absent", 138, 4}, {"Never-married", 3267, 106}, {"Separated", 295, 11},
      {"Widowed", 281, 20}};
  ASSERT_EQ(heat_map.cells_size(), 7);
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(heat_map.row_labels(heat_map.cells(i).row()), std::get<0>(expected[i]));
    EXPECT_EQ(heat_map.cells(i).count(), std::get<1>(expected[i]));
    EXPECT_EQ(heat_map.cells(i).error(), std::get<2>(expected[i]));
  }
  bool has_chart = false;
  for (const auto& block : insight.blocks()) {
    if (!block.has_chart()) continue;
    has_chart = true;
    EXPECT_EQ(block.chart().categories(2), "Married-civ-spouse");
    EXPECT_NEAR(block.chart().series(0).values(2), 1105.0 / 4644, 1e-15);
  }
  EXPECT_TRUE(has_chart);
}

TEST_F(ErrorAnalysisPluginTest, HeatMapBinsAgeLikePandas) {
  // pandas.cut(age, 8): edges 16.927, 26.125, ..., 90 (the first one lowered
  // by 0.1% of the range; shown here as the minimum, 17).
  ErrorAnalysis result = Analyze(R"({"heatmap_features": ["age"]})");
  const std::vector<std::tuple<std::string, int64_t, double>> equal_width = {
      {"[17, 26.125]", 2156, 47},    {"(26.125, 35.25]", 2382, 302}, {"(35.25, 44.375]", 2349, 401},
      {"(44.375, 53.5]", 1755, 348}, {"(53.5, 62.625]", 952, 173},   {"(62.625, 71.75]", 350, 53},
      {"(71.75, 80.875]", 86, 8},    {"(80.875, 90]", 24, 5}};
  ASSERT_EQ(result.heat_map().cells_size(), 8);
  for (int i = 0; i < 8; ++i) {
    const auto& cell = result.heat_map().cells(i);
    EXPECT_EQ(result.heat_map().row_labels(cell.row()), std::get<0>(equal_width[i]));
    EXPECT_EQ(cell.count(), std::get<1>(equal_width[i]));
    EXPECT_EQ(cell.error(), std::get<2>(equal_width[i]));
  }

  // pandas.qcut(age, 8): edges 17, 23, 28, 33, 37, 42, 47, 55, 90.
  result = Analyze(R"({"heatmap_features": ["age"], "binning": "quantile"})");
  const std::vector<std::tuple<std::string, int64_t, double>> quantile = {
      {"[17, 23]", 1382, 10}, {"(23, 28]", 1297, 84},  {"(28, 33]", 1340, 175}, {"(33, 37]", 1077, 176},
      {"(37, 42]", 1300, 225}, {"(42, 47]", 1180, 204}, {"(47, 55]", 1313, 271}, {"(55, 90]", 1165, 192}};
  ASSERT_EQ(result.heat_map().cells_size(), 8);
  EXPECT_EQ(result.heat_map().binning(), "quantile");
  for (int i = 0; i < 8; ++i) {
    const auto& cell = result.heat_map().cells(i);
    EXPECT_EQ(result.heat_map().row_labels(cell.row()), std::get<0>(quantile[i]));
    EXPECT_EQ(cell.count(), std::get<1>(quantile[i]));
    EXPECT_EQ(cell.error(), std::get<2>(quantile[i]));
  }

  // capital-gain is 0 in most rows: pandas.qcut(..., 8, duplicates="drop")
  // keeps the edges 0 and 99999, one interval.
  result = Analyze(R"({"heatmap_features": ["capital-gain"], "binning": "quantile"})");
  ASSERT_EQ(result.heat_map().cells_size(), 1);
  EXPECT_EQ(result.heat_map().row_labels(0), "[0, 99999]");
  EXPECT_EQ(result.heat_map().cells(0).count(), 10054);
}

TEST_F(ErrorAnalysisPluginTest, TwoFeatureHeatMapMatchesACrosstab) {
  // pandas.crosstab(pandas.cut(age, 8), sex) of the rows and of the errors.
  ErrorAnalysis result = Analyze(R"({"heatmap_features": ["age", "sex"]})");
  const auto& heat_map = result.heat_map();
  ASSERT_EQ(heat_map.column_labels_size(), 2);
  EXPECT_EQ(heat_map.column_labels(0), "Female");
  const int64_t counts[8][2] = {{907, 1249}, {741, 1641}, {665, 1684}, {540, 1215},
                                {279, 673},  {116, 234},  {32, 54},    {7, 17}};
  const double errors[8][2] = {{9, 38}, {52, 250}, {70, 331}, {53, 295}, {29, 144}, {4, 49}, {2, 6}, {2, 3}};
  ASSERT_EQ(heat_map.cells_size(), 16);
  for (const auto& cell : heat_map.cells()) {
    EXPECT_EQ(cell.count(), counts[cell.row()][cell.column()]);
    EXPECT_EQ(cell.error(), errors[cell.row()][cell.column()]);
  }
}

TEST_F(ErrorAnalysisPluginTest, RestrictsToTheCohort) {
  // pandas: 3,287 rows with sex == Female, 221 of them misclassified.
  ErrorAnalysis result = Analyze(R"({"cohort": "women"})");
  EXPECT_EQ(result.num_rows(), 3287);
  EXPECT_EQ(result.nodes(0).error(), 221);
}

TEST_F(ErrorAnalysisPluginTest, RefusesBadParameters) {
  auto expect_refused = [](const absl::Status& status, const std::string& parameter) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_NE(status.message().find(parameter), std::string::npos) << status;
  };
  expect_refused(Validate(R"({"max_depth": 0})"), "max_depth");
  expect_refused(Validate(R"({"num_leaves": 1})"), "num_leaves");
  expect_refused(Validate(R"({"heatmap_features": ["age", "sex", "race"]})"), "heatmap_features");
  expect_refused(Validate(R"({"heatmap_features": ["age", "age"]})"), "heatmap_features[1]: 'age' is also");
  expect_refused(Validate(R"({"features": ["no-such-column"]})"), "features[0]: 'no-such-column' is not a column");
  expect_refused(Validate(R"({"binning": "log"})"), "binning");
  EXPECT_TRUE(Validate(R"({"max_depth": 1, "heatmap_features": ["age", "sex"], "binning": "quantile"})").ok());
  // Any column of the dataset may be a feature of the tree or the heat map, the outcome columns too.
  EXPECT_TRUE(Validate(R"({"features": ["prediction", "age"], "heatmap_features": ["income"]})").ok());
}

TEST(ErrorAnalysisRegressionTest, ExplainsTheAbsoluteError) {
  // |y - prediction| = 0, 0, 0, 4, 4, 4: x <= 3.5 has none of it; the mean
  // absolute error is 2 and the split's gain 0 + 144/3 - 144/6 = 24.
  sdk::Table table = ReadCsvText("x,y,prediction\n1,1,1\n2,2,2\n3,3,3\n4,4,8\n5,5,1\n6,6,10\n");
  RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::REGRESSION;
  inputs.prediction = "prediction";
  inputs.params = ParseParams(R"({"min_child_samples": 1, "max_depth": 1})");
  auto insight = RunAnalyzer("error_analysis", table, inputs);
  ASSERT_TRUE(insight.ok()) << insight.status();
  ErrorAnalysis result;
  ASSERT_TRUE(insight->payload().UnpackTo(&result));
  EXPECT_EQ(result.metric(), "mean absolute error");
  EXPECT_EQ(result.nodes(0).error(), 12);
  EXPECT_EQ(result.nodes(0).error_rate(), 2);
  EXPECT_DOUBLE_EQ(result.nodes(0).split_gain(), 24);
  ASSERT_EQ(result.nodes_size(), 3);
  EXPECT_EQ(result.nodes(1).filter(), "x <= 3.5");
  EXPECT_EQ(result.nodes(2).error_rate(), 4);
  EXPECT_EQ(result.nodes(2).error_coverage(), 1);
  // The heat map of x keeps its 6 values (no more than 8).
  EXPECT_EQ(result.heat_map().row_labels_size(), 6);
  EXPECT_EQ(result.heat_map().cells(5).error_rate(), 4);
}

TEST(ErrorAnalysisModelTest, ExplainsTheXgboostModelOnAdultCsv) {
  // adult.csv has no predictions: the run scores it with adult_xgb.json, whose
  // categories are the sorted distinct strings of adult.csv's text columns.
  sdk::Table adult = ReadCsvFile(DatasetPath("adult.csv"));
  daemon::XgboostModelOptions options;
  options.class_labels = {"<=50K", ">50K"};
  for (size_t j = 0; j < adult.num_columns(); ++j) {
    const sdk::Column& column = adult.column(j);
    if (column.is_categorical() && column.name() != "income") options.categories[column.name()] = column.categories();
  }
  std::ifstream file(DatasetPath("adult_xgb.json"), std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  auto model = daemon::XgboostModel::Load(bytes.str(), options);
  ASSERT_TRUE(model.ok()) << model.status();

  RunInputs inputs;
  inputs.target = "income";
  inputs.positive_class = ">50K";
  inputs.params = ParseParams(R"({"heatmap_features": ["relationship"]})");
  auto insight = RunAnalyzer("error_analysis", adult, inputs, model->get());
  ASSERT_TRUE(insight.ok()) << insight.status();
  ErrorAnalysis result;
  ASSERT_TRUE(insight->payload().UnpackTo(&result));
  // python xgboost 1.7.4: Booster.predict on adult.csv (pandas categoricals),
  // prediction ">50K" when p >= 0.5: 2,984 of 30,162 rows differ from income.
  EXPECT_EQ(result.nodes(0).size(), 30162);
  EXPECT_EQ(result.nodes(0).error(), 2984);
  double coverage = 0;
  for (int32_t id : result.leaves_by_error_rate()) coverage += result.nodes(id).error_coverage();
  EXPECT_NEAR(coverage, 1, 1e-12);
  // pandas groupby("relationship") of those errors: count, sum.
  const std::vector<std::tuple<std::string, int64_t, double>> expected = {
      {"Husband", 12463, 2201}, {"Not-in-family", 7726, 406}, {"Other-relative", 889, 14},
      {"Own-child", 4466, 32},  {"Unmarried", 3212, 106},     {"Wife", 1406, 225}};
  ASSERT_EQ(result.heat_map().cells_size(), 6);
  for (int i = 0; i < 6; ++i) {
    const auto& cell = result.heat_map().cells(i);
    EXPECT_EQ(result.heat_map().row_labels(cell.row()), std::get<0>(expected[i]));
    EXPECT_EQ(cell.count(), std::get<1>(expected[i]));
    EXPECT_EQ(cell.error(), std::get<2>(expected[i]));
  }
}

}  // namespace
}  // namespace glassbox::testing
