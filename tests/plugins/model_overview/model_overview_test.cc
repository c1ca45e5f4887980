// The model_overview plugin, loaded and run as the daemon runs it. Expected
// values: scikit-learn 1.2.1 (accuracy_score, precision_score, recall_score,
// f1_score, roc_auc_score, log_loss, confusion_matrix) on
// adult_test_scored.csv and its cohorts, and hand-worked small cases.
#include <cmath>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "glassbox/v1/analyses/model_overview.pb.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

namespace analyses = glassbox::v1::analyses;
using ::testing::ElementsAre;

constexpr double kTolerance = 1e-12;

analyses::ModelOverview Payload(const glassbox::v1::Insight& insight) {
  analyses::ModelOverview payload;
  EXPECT_TRUE(insight.payload().UnpackTo(&payload));
  return payload;
}

const glassbox::v1::Block* BlockTitled(const glassbox::v1::Insight& insight, const std::string& title) {
  for (const auto& block : insight.blocks()) {
    if (block.title() == title) return &block;
  }
  return nullptr;
}

class ModelOverviewAdultTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const sdk::Table table = ReadCsvFile(DatasetPath("adult_test_scored.csv"));
    RunInputs inputs = AdultScoredInputs();
    inputs.cohorts = {{"Female", "sex == Female"}, {"over 40", "age > 40"}};
    auto result = RunAnalyzer("model_overview", table, inputs);
    ASSERT_TRUE(result.ok()) << result.status();
    insight_ = new glassbox::v1::Insight(*std::move(result));
  }
  static void TearDownTestSuite() { delete insight_; }

  static glassbox::v1::Insight* insight_;
};

glassbox::v1::Insight* ModelOverviewAdultTest::insight_ = nullptr;

TEST_F(ModelOverviewAdultTest, OverallMetricsMatchSklearn) {
  const analyses::ModelOverview overview = Payload(*insight_);
  EXPECT_EQ(overview.task(), glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_EQ(overview.positive_class(), ">50K");
  EXPECT_EQ(overview.overall().size(), 10054);
  const auto& m = overview.overall().classification();
  EXPECT_NEAR(m.accuracy_score(), 0.8670181022478616, kTolerance);
  EXPECT_NEAR(m.precision_score(), 0.7747408105560791, kTolerance);
  EXPECT_NEAR(m.recall_score(), 0.6568118258090292, kTolerance);
  EXPECT_NEAR(m.f1_score(), 0.7109189189189189, kTolerance);
  EXPECT_NEAR(m.roc_auc_score(), 0.9237039509680159, kTolerance);
  EXPECT_NEAR(m.log_loss(), 0.2921801037455696, kTolerance);
  EXPECT_NEAR(m.selection_rate(), 0.21106027451760492, kTolerance);
  EXPECT_NEAR(m.false_positive_rate(), 0.06330287379155079, kTolerance);
  EXPECT_NEAR(m.false_negative_rate(), 0.34318817419097086, kTolerance);
  // confusion_matrix(y, p, labels=["<=50K", ">50K"]).
  EXPECT_THAT(overview.overall().confusion_matrix().counts(), ElementsAre(7073, 478, 859, 1644));
}

TEST_F(ModelOverviewAdultTest, CohortMetricsMatchSklearnOnTheFilteredRows) {
  const analyses::ModelOverview overview = Payload(*insight_);
  ASSERT_EQ(overview.cohorts_size(), 2);
  // sklearn on df[df.sex == "Female"] and df[df.age > 40].
  const auto& female = overview.cohorts(0);
  EXPECT_EQ(female.cohort(), "Female");
  EXPECT_EQ(female.size(), 3287);
  EXPECT_NEAR(female.classification().accuracy_score(), 0.9327654396105871, kTolerance);
  EXPECT_NEAR(female.classification().f1_score(), 0.651968503937008, kTolerance);
  EXPECT_NEAR(female.classification().roc_auc_score(), 0.9346299358029104, kTolerance);
  EXPECT_NEAR(female.classification().log_loss(), 0.18120274640530687, kTolerance);
  EXPECT_THAT(female.confusion_matrix().counts(), ElementsAre(2859, 60, 161, 207));
  const auto& over_40 = overview.cohorts(1);
  EXPECT_EQ(over_40.size(), 4144);
  EXPECT_NEAR(over_40.classification().precision_score(), 0.779788838612368, kTolerance);
  EXPECT_NEAR(over_40.classification().recall_score(), 0.6907147628590514, kTolerance);
  EXPECT_NEAR(over_40.classification().roc_auc_score(), 0.8937865657016084, kTolerance);
  EXPECT_NEAR(over_40.classification().log_loss(), 0.38795144037578966, kTolerance);
  EXPECT_NEAR(over_40.classification().selection_rate(), 0.319980694980695, kTolerance);
  EXPECT_NEAR(over_40.classification().false_positive_rate(), 0.11031356252361163, kTolerance);
}

TEST_F(ModelOverviewAdultTest, BlocksUseTheScorecardMetricNames) {
  const auto* accuracy = BlockTitled(*insight_, "Accuracy");
  ASSERT_NE(accuracy, nullptr);
  EXPECT_EQ(accuracy->metric().name(), "accuracy_score");
  EXPECT_NEAR(accuracy->metric().value(), 0.8670181022478616, kTolerance);
  std::vector<std::string> names;
  for (const auto& block : insight_->blocks()) {
    if (block.has_metric() && block.metric().cohort().empty()) names.push_back(block.metric().name());
  }
  EXPECT_THAT(names, ElementsAre("accuracy_score", "precision_score", "recall_score", "f1_score", "roc_auc_score",
                                 "log_loss", "selection_rate", "false_positive_rate", "false_negative_rate"));

  const auto* by_cohort = BlockTitled(*insight_, "Metrics by cohort");
  ASSERT_NE(by_cohort, nullptr);
  EXPECT_THAT(by_cohort->table().columns(),
              ElementsAre("Cohort", "Size", "Accuracy", "Precision", "Recall", "F1 score", "ROC AUC", "Log loss",
                          "Selection rate", "False positive rate", "False negative rate"));
  ASSERT_EQ(by_cohort->table().rows_size(), 3);
  EXPECT_EQ(by_cohort->table().rows(0).cells(0).text(), "All data");
  EXPECT_EQ(by_cohort->table().rows(2).cells(0).text(), "over 40");
  EXPECT_DOUBLE_EQ(by_cohort->table().rows(2).cells(1).number(), 4144);

  const auto* matrix = BlockTitled(*insight_, "Confusion matrix");
  ASSERT_NE(matrix, nullptr);
  EXPECT_THAT(matrix->table().columns(), ElementsAre("True \\ predicted", "<=50K", ">50K"));
  EXPECT_DOUBLE_EQ(matrix->table().rows(1).cells(1).number(), 859);

  // df.prediction.value_counts() and df.income.value_counts().
  const auto* distribution = BlockTitled(*insight_, "Prediction distribution");
  ASSERT_NE(distribution, nullptr);
  EXPECT_THAT(distribution->chart().categories(), ElementsAre("<=50K", ">50K"));
  EXPECT_THAT(distribution->chart().series(0).values(), ElementsAre(7932, 2122));
  EXPECT_THAT(distribution->chart().series(1).values(), ElementsAre(7551, 2503));
}

TEST_F(ModelOverviewAdultTest, EachCohortsSizeAndMetricsAreTypedMetricBlocks) {
  // Sizes and values as in CohortMetricsMatchSklearnOnTheFilteredRows (sklearn on the filtered rows).
  auto metric = [](const std::string& name, const std::string& cohort) -> const glassbox::v1::MetricBlock* {
    for (const auto& block : insight_->blocks()) {
      if (block.has_metric() && block.metric().name() == name && block.metric().cohort() == cohort) {
        return &block.metric();
      }
    }
    return nullptr;
  };
  const auto* female_rows = metric("count", "Female");
  ASSERT_NE(female_rows, nullptr);
  EXPECT_EQ(female_rows->value(), 3287);
  EXPECT_EQ(female_rows->unit(), "rows");
  ASSERT_NE(metric("count", "over 40"), nullptr);
  EXPECT_EQ(metric("count", "over 40")->value(), 4144);
  const auto* female_accuracy = metric("accuracy_score", "Female");
  ASSERT_NE(female_accuracy, nullptr);
  EXPECT_NEAR(female_accuracy->value(), 0.9327654396105871, kTolerance);
  EXPECT_EQ(female_accuracy->display_name(), "Accuracy");
  ASSERT_NE(metric("false_positive_rate", "over 40"), nullptr);
  EXPECT_NEAR(metric("false_positive_rate", "over 40")->value(), 0.11031356252361163, kTolerance);
}

TEST(ModelOverviewTest, MulticlassMetricsAreMacroAndOneVsRest) {
  // 24 rows drawn with numpy default_rng(7); sklearn 1.2.1 average='macro', roc_auc_score(multi_class='ovr'),
  // log_loss(labels=[a, b, c]) (probabilities hold exact zeros, so clipping matters).
  const sdk::Table table = ReadCsvText(
      "y,p,pa,pb,pc\n"
      "c,c,0.09,0.44,0.47\nb,a,0.08,0.24,0.68\nc,c,0.07,0.09,0.84\nc,b,0.0,1.0,0.0\nb,b,0.43,0.25,0.32\n"
      "c,b,1.0,0.0,0.0\nc,b,0.44,0.01,0.55\na,b,0.39,0.39,0.22\na,b,0.38,0.44,0.18\na,c,0.13,0.62,0.25\n"
      "a,c,0.68,0.1,0.22\nc,c,0.73,0.26,0.01\nc,c,0.28,0.1,0.62\na,b,0.37,0.43,0.2\nb,b,0.0,0.92,0.08\n"
      "c,c,0.42,0.03,0.55\na,b,0.01,0.89,0.1\nc,a,0.04,0.36,0.6\na,c,0.21,0.45,0.34\nb,a,0.1,0.49,0.41\n"
      "c,c,0.15,0.33,0.52\na,b,0.18,0.01,0.81\nb,a,0.0,0.52,0.48\na,a,0.21,0.51,0.28\n");
  RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::MULTICLASS_CLASSIFICATION;
  inputs.prediction = "p";
  inputs.probabilities = {"pa", "pb", "pc"};
  auto insight = RunAnalyzer("model_overview", table, inputs);
  ASSERT_TRUE(insight.ok()) << insight.status();
  const analyses::ModelOverview overview = Payload(*insight);
  const auto& m = overview.overall().classification();
  EXPECT_NEAR(m.accuracy_score(), 0.375, kTolerance);
  EXPECT_NEAR(m.precision_score(), 0.35555555555555557, kTolerance);
  EXPECT_NEAR(m.recall_score(), 0.3703703703703704, kTolerance);
  EXPECT_NEAR(m.f1_score(), 0.3470342522974102, kTolerance);
  EXPECT_NEAR(m.roc_auc_score(), 0.6234335839598998, kTolerance);
  EXPECT_NEAR(m.log_loss(), 4.145623990402801, kTolerance);
  EXPECT_FALSE(m.has_selection_rate());
  EXPECT_THAT(overview.overall().confusion_matrix().counts(), ElementsAre(1, 5, 3, 3, 2, 0, 1, 3, 6));
  EXPECT_TRUE(overview.positive_class().empty());
}

TEST(ModelOverviewTest, RegressionByHand) {
  // All rows: errors -1, 0, -2, 2, 0; y mean 3.2, total sum of squares 14.8. Cohort a: errors -1, 0, y mean 2.
  const sdk::Table table = ReadCsvText("g,y,pred\na,1,2\na,3,3\nb,2,4\nb,4,2\nb,6,6\n");
  RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::REGRESSION;
  inputs.prediction = "pred";
  inputs.cohorts = {{"a", "g == a"}};
  inputs.params = ParseParams(R"({"num_bins": 2})");
  auto insight = RunAnalyzer("model_overview", table, inputs);
  ASSERT_TRUE(insight.ok()) << insight.status();
  const analyses::ModelOverview overview = Payload(*insight);
  const auto& all = overview.overall().regression();
  EXPECT_DOUBLE_EQ(all.mean_absolute_error(), 1.0);
  EXPECT_DOUBLE_EQ(all.mean_squared_error(), 1.8);
  EXPECT_DOUBLE_EQ(all.root_mean_squared_error(), std::sqrt(1.8));
  EXPECT_NEAR(all.r2_score(), 1 - 9 / 14.8, kTolerance);
  EXPECT_DOUBLE_EQ(all.mean_prediction(), 3.4);
  const auto& a = overview.cohorts(0).regression();
  EXPECT_DOUBLE_EQ(a.mean_absolute_error(), 0.5);
  EXPECT_DOUBLE_EQ(a.r2_score(), 0.5);
  EXPECT_DOUBLE_EQ(a.mean_prediction(), 2.5);
  EXPECT_FALSE(overview.overall().has_confusion_matrix());
  // numpy.histogram([2, 3, 4, 2, 6], 2): edges 2, 4, 6; counts 3, 2.
  const auto& distribution = overview.prediction_distribution();
  EXPECT_THAT(distribution.bin_edges(), ElementsAre(2, 4, 6));
  EXPECT_THAT(distribution.predicted(), ElementsAre(3, 2));
  EXPECT_THAT(distribution.categories(), ElementsAre("[2, 4)", "[4, 6]"));
  const auto* r2 = BlockTitled(*insight, "R2 score");
  ASSERT_NE(r2, nullptr);
  EXPECT_EQ(r2->metric().name(), "r2_score");
  EXPECT_EQ(BlockTitled(*insight, "Confusion matrix"), nullptr);
}

}  // namespace
}  // namespace glassbox::testing
