// The fairness plugin, loaded and run as the daemon runs it. Expected values
// come from hand-worked small cases and, on adult_test_scored.csv, from a
// re-implementation of Fairlearn's MetricFrame (fairlearn/metrics/
// _disaggregated_result.py, _base_metrics.py, _fairness_metrics.py: pandas
// groupby, reindexed to the product of values for intersections) over
// scikit-learn 1.2.1 metrics, pandas 1.5.3, numpy 1.24.2.
#include <cmath>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "glassbox/v1/analyses/fairness.pb.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

namespace analyses = glassbox::v1::analyses;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kTolerance = 1e-12;

// 8 rows: sex F has 2 of 4 predicted "yes", M 3 of 4; no row is (M, B).
constexpr char kSmallCsv[] =
    "sex,race,age,w,income,prediction\n"
    "F,A,20,1,yes,yes\n"
    "F,A,30,3,no,yes\n"
    "F,B,40,1,yes,no\n"
    "F,B,50,1,no,no\n"
    "M,A,60,2,yes,yes\n"
    "M,A,70,1,yes,yes\n"
    "M,A,80,1,no,no\n"
    "M,A,90,1,no,yes\n";

RunInputs SmallInputs(const std::string& params) {
  RunInputs inputs;
  inputs.target = "income";
  inputs.task = glassbox::v1::BINARY_CLASSIFICATION;
  inputs.prediction = "prediction";
  inputs.positive_class = "yes";
  inputs.params = ParseParams(params);
  return inputs;
}

analyses::Fairness Payload(const glassbox::v1::Insight& insight) {
  analyses::Fairness payload;
  EXPECT_TRUE(insight.payload().UnpackTo(&payload));
  return payload;
}

analyses::Fairness RunFairness(const sdk::Table& table, const RunInputs& inputs) {
  auto insight = RunAnalyzer("fairness", table, inputs);
  EXPECT_TRUE(insight.ok()) << insight.status();
  return insight.ok() ? Payload(*insight) : analyses::Fairness();
}

const analyses::SensitiveFeatureResult& Feature(const analyses::Fairness& payload, const std::string& name) {
  for (const auto& feature : payload.features()) {
    if (feature.name() == name) return feature;
  }
  ADD_FAILURE() << "no feature " << name;
  return analyses::SensitiveFeatureResult::default_instance();
}

int MetricIndex(const analyses::Fairness& payload, const std::string& metric) {
  for (int i = 0; i < payload.metrics_size(); ++i) {
    if (payload.metrics(i) == metric) return i;
  }
  ADD_FAILURE() << "no metric " << metric;
  return 0;
}

double GroupValue(const analyses::Fairness& payload, const std::string& feature, const std::string& group,
                  const std::string& metric) {
  for (const auto& g : Feature(payload, feature).groups()) {
    if (g.name() == group) return g.metric_values(MetricIndex(payload, metric));
  }
  ADD_FAILURE() << "no group " << group << " of " << feature;
  return 0;
}

const analyses::MetricDisparity& DisparityOf(const analyses::Fairness& payload, const std::string& feature,
                                             const std::string& metric) {
  for (const auto& d : Feature(payload, feature).disparities()) {
    if (d.metric() == metric) return d;
  }
  ADD_FAILURE() << "no disparity of " << metric;
  return analyses::MetricDisparity::default_instance();
}

const glassbox::v1::MetricBlock* MetricBlock(const glassbox::v1::Insight& insight, const std::string& name) {
  for (const auto& block : insight.blocks()) {
    if (block.has_metric() && block.metric().name() == name) return &block.metric();
  }
  return nullptr;
}

TEST(FairnessTest, SmallCaseByHand) {
  const sdk::Table table = ReadCsvText(kSmallCsv);
  auto insight = RunAnalyzer(
      "fairness", table,
      SmallInputs(R"({"sensitive_features": ["sex", "race"], "difference_target": "<=0.3", "ratio_target": ">=0.8",
                      "metrics": ["count", "selection_rate", "true_positive_rate", "false_positive_rate"]})"));
  ASSERT_TRUE(insight.ok()) << insight.status();
  const analyses::Fairness payload = Payload(*insight);
  ASSERT_EQ(payload.features_size(), 3);

  // sex: F selects 2/4, M 3/4; overall 5/8. F finds 1 of 2 positives and 1 of 2 negatives; M 2 of 2 and 1 of 2.
  EXPECT_DOUBLE_EQ(GroupValue(payload, "sex", "F", "selection_rate"), 0.5);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "sex", "M", "selection_rate"), 0.75);
  const auto& selection = DisparityOf(payload, "sex", "selection_rate");
  EXPECT_DOUBLE_EQ(selection.overall(), 0.625);
  EXPECT_DOUBLE_EQ(selection.difference(), 0.25);
  EXPECT_DOUBLE_EQ(selection.ratio(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(selection.difference_to_overall(), 0.125);
  EXPECT_DOUBLE_EQ(selection.ratio_to_overall(), 0.8);
  EXPECT_EQ(selection.difference_verdict(), glassbox::v1::PASS);
  EXPECT_EQ(selection.ratio_verdict(), glassbox::v1::FAIL);
  EXPECT_EQ(DisparityOf(payload, "sex", "count").difference_verdict(), glassbox::v1::VERDICT_UNSPECIFIED);
  const auto& sex_parity = Feature(payload, "sex").parity();
  EXPECT_DOUBLE_EQ(sex_parity.demographic_parity_difference(), 0.25);
  EXPECT_DOUBLE_EQ(sex_parity.demographic_parity_ratio(), 2.0 / 3.0);
  // TPR 1/2 vs 1 and FPR 1/2 vs 1/2: the worse of differences 0.5 and 0, of ratios 0.5 and 1.
  EXPECT_DOUBLE_EQ(sex_parity.equalized_odds_difference(), 0.5);
  EXPECT_DOUBLE_EQ(sex_parity.equalized_odds_ratio(), 0.5);
  EXPECT_EQ(sex_parity.equalized_odds_difference_verdict(), glassbox::v1::FAIL);

  // The intersection has four groups; (M, B) has no row, so its values are NaN and it is skipped.
  const auto& both = Feature(payload, "sex, race");
  ASSERT_EQ(both.groups_size(), 4);
  EXPECT_EQ(both.groups(3).name(), "M, B");
  EXPECT_EQ(both.groups(3).count(), 0);
  EXPECT_TRUE(std::isnan(both.groups(3).metric_values(MetricIndex(payload, "selection_rate"))));
  EXPECT_THAT(both.groups(1).values(), ElementsAre("F", "B"));
  EXPECT_DOUBLE_EQ(GroupValue(payload, "sex, race", "F, A", "selection_rate"), 1.0);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "sex, race", "F, B", "selection_rate"), 0.0);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "sex, race", "M, A", "selection_rate"), 0.75);
  EXPECT_DOUBLE_EQ(both.parity().demographic_parity_difference(), 1.0);
  EXPECT_DOUBLE_EQ(both.parity().demographic_parity_ratio(), 0.0);
  EXPECT_DOUBLE_EQ(both.parity().equalized_odds_difference(), 1.0);

  // Blocks: the metric block of a difference carries the target and verdict.
  const auto* block = MetricBlock(*insight, "selection_rate difference (sex)");
  ASSERT_NE(block, nullptr);
  EXPECT_DOUBLE_EQ(block->value(), 0.25);
  EXPECT_EQ(block->target().comparison(), glassbox::v1::LESS_OR_EQUAL);
  EXPECT_EQ(block->verdict(), glassbox::v1::PASS);
  const auto* dp_ratio = MetricBlock(*insight, "demographic_parity_ratio (sex, race)");
  ASSERT_NE(dp_ratio, nullptr);
  EXPECT_EQ(dp_ratio->verdict(), glassbox::v1::FAIL);
}

TEST(FairnessTest, BlocksTabulateAndChartTheGroups) {
  const sdk::Table table = ReadCsvText(kSmallCsv);
  auto insight =
      RunAnalyzer("fairness", table,
                  SmallInputs(R"({"sensitive_features": ["sex"], "metrics": ["count", "accuracy_score"]})"));
  ASSERT_TRUE(insight.ok()) << insight.status();
  const glassbox::v1::TableBlock* groups = nullptr;
  const glassbox::v1::ChartBlock* chart = nullptr;
  for (const auto& block : insight->blocks()) {
    if (block.title() == "Metrics by sex") groups = &block.table();
    if (block.has_chart()) chart = &block.chart();
  }
  ASSERT_NE(groups, nullptr);
  EXPECT_THAT(groups->columns(), ElementsAre("sex", "Count", "Accuracy"));
  ASSERT_EQ(groups->rows_size(), 2);
  EXPECT_EQ(groups->rows(1).cells(0).text(), "M");
  EXPECT_DOUBLE_EQ(groups->rows(1).cells(2).number(), 0.75);
  // The primary metric defaults to the first one other than count.
  ASSERT_NE(chart, nullptr);
  EXPECT_THAT(chart->categories(), ElementsAre("F", "M"));
  EXPECT_THAT(chart->series(0).values(), ElementsAre(0.5, 0.75));
}

TEST(FairnessTest, SampleWeightsWeighEachRow) {
  // F: weights 1 + 3 selected of 6; M: 2 + 1 + 1 of 5.
  const analyses::Fairness payload =
      RunFairness(ReadCsvText(kSmallCsv),
          SmallInputs(R"({"sensitive_features": ["sex"], "sample_weight_column": "w", "metrics": ["selection_rate"]})"));
  EXPECT_EQ(payload.sample_weight_column(), "w");
  EXPECT_DOUBLE_EQ(GroupValue(payload, "sex", "F", "selection_rate"), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "sex", "M", "selection_rate"), 4.0 / 5.0);
  EXPECT_DOUBLE_EQ(Feature(payload, "sex").groups(0).weight(), 6.0);
  EXPECT_EQ(Feature(payload, "sex").groups(0).count(), 4);
}

TEST(FairnessTest, NumericSensitiveFeatureIsBinnedByQuantiles) {
  // numpy.quantile(20..90, [0, .25, .5, .75, 1]) = 20, 37.5, 55, 72.5, 90: two rows per bin.
  const analyses::Fairness payload =
      RunFairness(ReadCsvText(kSmallCsv), SmallInputs(R"({"sensitive_features": ["age"], "metrics": ["selection_rate"]})"));
  const auto& age = Feature(payload, "age");
  ASSERT_EQ(age.binnings_size(), 1);
  EXPECT_THAT(age.binnings(0).edges(), ElementsAre(20, 37.5, 55, 72.5, 90));
  ASSERT_EQ(age.groups_size(), 4);
  EXPECT_EQ(age.groups(0).name(), "[20, 37.5)");
  EXPECT_EQ(age.groups(3).name(), "[72.5, 90]");
  EXPECT_DOUBLE_EQ(GroupValue(payload, "age", "[20, 37.5)", "selection_rate"), 1.0);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "age", "[37.5, 55)", "selection_rate"), 0.0);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "age", "[72.5, 90]", "selection_rate"), 0.5);
}

TEST(FairnessTest, RegressionMetricsByHand) {
  // a: errors -1, 0 (y mean 2); b: errors -2, 2, 0 (y mean 4). sklearn 1.2.1 agrees.
  const sdk::Table table = ReadCsvText("g,y,pred\na,1,2\na,3,3\nb,2,4\nb,4,2\nb,6,6\n");
  RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::REGRESSION;
  inputs.prediction = "pred";
  inputs.params = ParseParams(R"({"sensitive_features": ["g"]})");
  const analyses::Fairness payload = RunFairness(table, inputs);
  EXPECT_THAT(payload.metrics(), ElementsAre("count", "mean_absolute_error", "mean_squared_error",
                                             "root_mean_squared_error", "r2_score", "mean_prediction"));
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "a", "mean_absolute_error"), 0.5);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "b", "mean_squared_error"), 8.0 / 3.0);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "a", "root_mean_squared_error"), std::sqrt(0.5));
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "a", "r2_score"), 0.5);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "b", "r2_score"), 0.0);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "b", "mean_prediction"), 4.0);
  const auto& mae = DisparityOf(payload, "g", "mean_absolute_error");
  EXPECT_DOUBLE_EQ(mae.overall(), 1.0);
  EXPECT_DOUBLE_EQ(mae.difference(), 4.0 / 3.0 - 0.5);
  EXPECT_DOUBLE_EQ(mae.ratio(), 0.375);
  // Overall R²: 1 - 9 / 14.8.
  EXPECT_NEAR(DisparityOf(payload, "g", "r2_score").overall(), 1 - 9 / 14.8, kTolerance);
  EXPECT_FALSE(Feature(payload, "g").has_parity());
}

TEST(FairnessTest, MulticlassMetricsAreMacroAverages) {
  // a: y x y z, p x z z: precision (1 + 0 + 1/2) / 3, recall (1 + 0 + 1) / 3.
  // b: y x y z, p y y x: precision (0 + 1/2 + 0) / 3, recall 1/3. sklearn 1.2.1 average='macro' agrees.
  const sdk::Table table = ReadCsvText("g,y,p\na,x,x\na,y,z\na,z,z\nb,x,y\nb,y,y\nb,z,x\n");
  RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::MULTICLASS_CLASSIFICATION;
  inputs.prediction = "p";
  inputs.params = ParseParams(R"({"sensitive_features": ["g"]})");
  const analyses::Fairness payload = RunFairness(table, inputs);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "a", "precision_score"), 0.5);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "a", "recall_score"), 2.0 / 3.0);
  EXPECT_NEAR(GroupValue(payload, "g", "a", "f1_score"), 5.0 / 9.0, kTolerance);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "b", "precision_score"), 1.0 / 6.0);
  EXPECT_DOUBLE_EQ(GroupValue(payload, "g", "b", "accuracy_score"), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(DisparityOf(payload, "g", "precision_score").overall(), 0.5);
}

class FairnessAdultTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { table_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv"))); }
  static void TearDownTestSuite() { delete table_; }

  static analyses::Fairness RunOnAdult(const std::string& params) {
    RunInputs inputs = AdultScoredInputs();
    inputs.params = ParseParams(params);
    return RunFairness(*table_, inputs);
  }

  static sdk::Table* table_;
};

sdk::Table* FairnessAdultTest::table_ = nullptr;

TEST_F(FairnessAdultTest, SexMatchesFairlearn) {
  const analyses::Fairness payload = RunOnAdult(R"({"sensitive_features": ["sex"]})");
  EXPECT_THAT(payload.metrics(), ElementsAre("count", "selection_rate", "accuracy_score", "precision_score",
                                             "recall_score", "f1_score", "false_positive_rate", "false_negative_rate"));
  // Fairlearn MetricFrame(..., sensitive_features=df["sex"]).by_group, pos_label=">50K".
  EXPECT_EQ(GroupValue(payload, "sex", "Female", "count"), 3287);
  EXPECT_NEAR(GroupValue(payload, "sex", "Female", "selection_rate"), 0.08122908427137207, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Female", "accuracy_score"), 0.93276543961058711, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Female", "precision_score"), 0.77528089887640450, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Female", "recall_score"), 0.5625, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Female", "f1_score"), 0.65196850393700800, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Female", "false_positive_rate"), 0.02055498458376156, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Female", "false_negative_rate"), 0.4375, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Male", "selection_rate"), 0.27412442736810994, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Male", "f1_score"), 0.72030075187969933, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Male", "false_positive_rate"), 0.09024179620034542, kTolerance);

  // .overall, .group_min(), .group_max(), .difference() and .ratio() with both methods.
  const auto& f1 = DisparityOf(payload, "sex", "f1_score");
  EXPECT_NEAR(f1.overall(), 0.71091891891891890, kTolerance);
  EXPECT_NEAR(f1.group_min(), 0.65196850393700800, kTolerance);
  EXPECT_NEAR(f1.group_max(), 0.72030075187969933, kTolerance);
  EXPECT_NEAR(f1.difference(), 0.06833224794269133, kTolerance);
  EXPECT_NEAR(f1.ratio(), 0.90513372676014670, kTolerance);
  EXPECT_NEAR(f1.difference_to_overall(), 0.05895041498191089, kTolerance);
  EXPECT_NEAR(f1.ratio_to_overall(), 0.91707856773377805, kTolerance);
  const auto& fnr = DisparityOf(payload, "sex", "false_negative_rate");
  EXPECT_NEAR(fnr.difference(), 0.11056791569086649, kTolerance);
  EXPECT_NEAR(fnr.ratio(), 0.74727333556373376, kTolerance);
  EXPECT_NEAR(fnr.ratio_to_overall(), 0.78443011243650484, kTolerance);

  // demographic_parity_difference / _ratio, equalized_odds_difference / _ratio (sensitive_features=df["sex"]).
  const auto& parity = Feature(payload, "sex").parity();
  EXPECT_NEAR(parity.demographic_parity_difference(), 0.19289534309673786, kTolerance);
  EXPECT_NEAR(parity.demographic_parity_ratio(), 0.296321947851415, kTolerance);
  EXPECT_NEAR(parity.equalized_odds_difference(), 0.11056791569086655, kTolerance);
  EXPECT_NEAR(parity.equalized_odds_ratio(), 0.22777676696646784, kTolerance);
}

TEST_F(FairnessAdultTest, RaceAndIntersectionMatchFairlearn) {
  const analyses::Fairness payload = RunOnAdult(R"({"sensitive_features": ["sex", "race"]})");
  ASSERT_EQ(payload.features_size(), 3);
  // MetricFrame(..., sensitive_features=df["race"]).
  EXPECT_EQ(Feature(payload, "race").groups_size(), 5);
  EXPECT_NEAR(GroupValue(payload, "race", "Other", "precision_score"), 1.0, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "race", "Asian-Pac-Islander", "accuracy_score"), 0.81016949152542372, kTolerance);
  const auto& race_fpr = DisparityOf(payload, "race", "false_positive_rate");
  EXPECT_NEAR(race_fpr.difference(), 0.08837209302325581, kTolerance);
  EXPECT_NEAR(race_fpr.ratio(), 0.0, kTolerance);
  EXPECT_NEAR(race_fpr.difference_to_overall(), 0.06330287379155079, kTolerance);
  const auto& race_parity = Feature(payload, "race").parity();
  EXPECT_NEAR(race_parity.demographic_parity_difference(), 0.1870512411013927, kTolerance);
  EXPECT_NEAR(race_parity.demographic_parity_ratio(), 0.16875692702560813, kTolerance);
  EXPECT_NEAR(race_parity.equalized_odds_difference(), 0.16462346760070057, kTolerance);
  EXPECT_NEAR(race_parity.equalized_odds_ratio(), 0.0, kTolerance);

  // MetricFrame(..., sensitive_features=df[["sex", "race"]]): 10 combinations, all present.
  const auto& both = Feature(payload, "sex, race");
  ASSERT_EQ(both.groups_size(), 10);
  EXPECT_EQ(both.groups(0).name(), "Female, Amer-Indian-Eskimo");
  EXPECT_EQ(both.groups(3).count(), 29);
  EXPECT_NEAR(GroupValue(payload, "sex, race", "Female, Asian-Pac-Islander", "recall_score"), 0.16666666666666666,
              kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex, race", "Male, White", "selection_rate"), 0.28478802992518704, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex, race", "Male, Black", "false_positive_rate"), 0.04532577903682720, kTolerance);
  const auto& accuracy = DisparityOf(payload, "sex, race", "accuracy_score");
  EXPECT_NEAR(accuracy.difference(), 0.20103092783505150, kTolerance);
  EXPECT_NEAR(accuracy.ratio(), 0.79896907216494850, kTolerance);
  EXPECT_NEAR(accuracy.difference_to_overall(), 0.13298189775213842, kTolerance);
  EXPECT_NEAR(DisparityOf(payload, "sex, race", "false_negative_rate").difference_to_overall(), 0.49014515914236251,
              kTolerance);
  EXPECT_NEAR(both.parity().demographic_parity_difference(), 0.29381443298969073, kTolerance);
  EXPECT_NEAR(both.parity().equalized_odds_difference(), 0.6758130081300813, kTolerance);
}

TEST_F(FairnessAdultTest, CensusWeightsMatchFairlearnSampleParams) {
  // MetricFrame(..., sample_params={m: {"sample_weight": df["fnlwgt"]}}); count stays unweighted.
  const analyses::Fairness payload = RunOnAdult(R"({"sensitive_features": ["sex"], "sample_weight_column": "fnlwgt"})");
  EXPECT_EQ(GroupValue(payload, "sex", "Male", "count"), 6767);
  EXPECT_NEAR(GroupValue(payload, "sex", "Female", "selection_rate"), 0.08034778921209379, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Male", "accuracy_score"), 0.84414236335437010, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "sex", "Male", "f1_score"), 0.73466693972938413, kTolerance);
  const auto& precision = DisparityOf(payload, "sex", "precision_score");
  EXPECT_NEAR(precision.overall(), 0.78114184060366443, kTolerance);
  EXPECT_NEAR(precision.difference(), 0.00754549591792031, kTolerance);
  EXPECT_NEAR(precision.ratio_to_overall(), 0.99149474069270205, kTolerance);
  const auto& parity = Feature(payload, "sex").parity();
  EXPECT_NEAR(parity.demographic_parity_difference(), 0.19556148474729218, kTolerance);
  EXPECT_NEAR(parity.equalized_odds_ratio(), 0.23353488037504114, kTolerance);
}

TEST_F(FairnessAdultTest, AgeQuartileBinsMatchNumpyAndFairlearn) {
  // numpy.quantile(age, [0, .25, .5, .75, 1]) = 17, 28, 37, 47, 90; MetricFrame over those bins.
  const analyses::Fairness payload =
      RunOnAdult(R"({"sensitive_features": ["age"], "metrics": ["count", "selection_rate", "accuracy_score"]})");
  const auto& age = Feature(payload, "age");
  EXPECT_THAT(age.binnings(0).edges(), ElementsAre(17, 28, 37, 47, 90));
  ASSERT_EQ(age.groups_size(), 4);
  EXPECT_EQ(age.groups(0).name(), "[17, 28)");
  EXPECT_EQ(age.groups(0).count(), 2424);
  EXPECT_EQ(age.groups(3).name(), "[47, 90]");
  EXPECT_EQ(age.groups(3).count(), 2721);
  EXPECT_NEAR(GroupValue(payload, "age", "[17, 28)", "selection_rate"), 0.01485148514851485, kTolerance);
  EXPECT_NEAR(GroupValue(payload, "age", "[37, 47)", "accuracy_score"), 0.8273524720893142, kTolerance);
  const auto& selection = DisparityOf(payload, "age", "selection_rate");
  EXPECT_NEAR(selection.ratio(), 0.04693483285610791, kTolerance);
  EXPECT_NEAR(selection.difference_to_overall(), 0.1962087893690901, kTolerance);
  EXPECT_NEAR(selection.ratio_to_overall(), 0.07036608467632814, kTolerance);
  EXPECT_NEAR(age.parity().equalized_odds_difference(), 0.36287083819147564, kTolerance);
  EXPECT_NEAR(age.parity().equalized_odds_ratio(), 0.031851952396731165, kTolerance);
}

TEST_F(FairnessAdultTest, CohortRestrictsTheRows) {
  RunInputs inputs = AdultScoredInputs();
  inputs.cohorts = {{"over 40", "age > 40"}};
  inputs.params = ParseParams(
      R"({"sensitive_features": ["sex"], "cohort": "over 40", "metrics": ["count", "selection_rate", "accuracy_score"]})");
  auto insight = RunAnalyzer("fairness", *table_, inputs);
  ASSERT_TRUE(insight.ok()) << insight.status();
  const analyses::Fairness payload = Payload(*insight);
  // MetricFrame on df[df.age > 40].
  EXPECT_EQ(payload.num_rows(), 4144);
  EXPECT_EQ(GroupValue(payload, "sex", "Female", "count"), 1252);
  EXPECT_NEAR(GroupValue(payload, "sex", "Male", "selection_rate"), 0.40767634854771784, kTolerance);
  EXPECT_NEAR(DisparityOf(payload, "sex", "selection_rate").overall(), 0.319980694980695, kTolerance);
  EXPECT_NEAR(Feature(payload, "sex").parity().equalized_odds_difference(), 0.16173188458997134, kTolerance);
  const auto* block = MetricBlock(*insight, "accuracy_score difference (sex)");
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(block->cohort(), "over 40");
}

void ExpectRefused(const std::string& params, const std::string& message,
                   glassbox::v1::TaskType task = glassbox::v1::BINARY_CLASSIFICATION) {
  RunInputs inputs = SmallInputs(params);
  if (task == glassbox::v1::MULTICLASS_CLASSIFICATION) {
    inputs.task = task;
    inputs.positive_class.clear();
  }
  const absl::Status status = ValidateAnalyzer("fairness", ReadCsvText(kSmallCsv), inputs);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << params;
  EXPECT_THAT(std::string(status.message()), HasSubstr(message)) << params;
}

TEST(FairnessValidationTest, RefusesBadParameters) {
  ExpectRefused(R"({})", "sensitive_features");
  ExpectRefused(R"({"sensitive_features": ["gender"]})", "'gender' is not a column");
  ExpectRefused(R"({"sensitive_features": ["sex", "sex"]})", "sensitive_features[1]: 'sex' is also");
  ExpectRefused(R"({"sensitive_features": ["sex"], "metrics": ["demographic_parity"]})", "'demographic_parity'");
  ExpectRefused(R"({"sensitive_features": ["sex"], "metrics": ["r2_score"]})",
                "parameter 'metrics' has 'r2_score', which does not apply to binary classification");
  ExpectRefused(R"({"sensitive_features": ["sex"], "metrics": ["selection_rate"]})",
                "does not apply to multiclass classification", glassbox::v1::MULTICLASS_CLASSIFICATION);
  ExpectRefused(R"({"sensitive_features": ["sex"], "metrics": ["accuracy_score"], "primary_metric": "f1_score"})",
                "parameter 'primary_metric' is 'f1_score', which is not among the metrics");
  ExpectRefused(R"({"sensitive_features": ["sex"], "difference_target": "0.05"})",
                "parameter 'difference_target' is invalid");
  ExpectRefused(R"({"sensitive_features": ["sex"], "ratio_target": "=>0.8"})", "parameter 'ratio_target'");
  ExpectRefused(R"({"sensitive_features": ["sex"], "sample_weight_column": "race"})",
                "parameter 'sample_weight_column' 'race' is not a numeric column");
  ExpectRefused(R"({"sensitive_features": ["sex"], "num_bins": 1})", "num_bins");
}

TEST(FairnessValidationTest, RefusesNegativeWeightsWhenRun) {
  const sdk::Table table = ReadCsvText("g,w,y,p\na,1,yes,yes\nb,-2,no,yes\n");
  RunInputs inputs = SmallInputs(R"({"sensitive_features": ["g"], "sample_weight_column": "w"})");
  inputs.target = "y";
  inputs.prediction = "p";
  auto insight = RunAnalyzer("fairness", table, inputs);
  ASSERT_FALSE(insight.ok());
  EXPECT_EQ(insight.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(insight.status().message()), HasSubstr("holds -2 in data row 2"));
}

}  // namespace
}  // namespace glassbox::testing
