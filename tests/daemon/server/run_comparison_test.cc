#include "daemon/server/run_comparison.h"

#include <cmath>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace glassbox::server {
namespace {

using ::testing::ElementsAre;

glassbox::v1::Block Metric(const std::string& name, double value, glassbox::v1::Direction direction,
                           const std::string& cohort = "") {
  glassbox::v1::Block block;
  auto* metric = block.mutable_metric();
  metric->set_name(name);
  metric->set_value(value);
  metric->set_direction(direction);
  metric->set_cohort(cohort);
  return block;
}

glassbox::v1::Block Importance(const std::vector<std::pair<std::string, double>>& features) {
  glassbox::v1::Block block;
  auto* table = block.mutable_table();
  table->set_role(glassbox::v1::PER_FEATURE_IMPORTANCE);
  table->add_columns("Feature");
  table->add_columns("All data");
  table->add_column_roles(glassbox::v1::COLUMN_FEATURE);
  table->add_column_roles(glassbox::v1::COLUMN_ESTIMATE);
  for (const auto& [feature, value] : features) {
    auto* row = table->add_rows();
    row->add_cells()->set_text(feature);
    row->add_cells()->set_number(value);
  }
  return block;
}

ComparedRun MakeRun(const std::string& id, const std::vector<std::pair<std::string, std::vector<glassbox::v1::Block>>>&
                                           insights) {
  ComparedRun run;
  run.run.set_id(id);
  for (const auto& [analyzer, blocks] : insights) {
    auto& insight = run.insights.emplace_back();
    insight.set_analyzer(analyzer);
    for (const auto& block : blocks) *insight.add_blocks() = block;
  }
  return run;
}

TEST(RunComparisonTest, SharedMetricsGetTheirDeltaAndWhetherTheyImprovedByTheirDirection) {
  const ComparedRun before = MakeRun(
      "run_a", {{"model_overview",
                 {Metric("accuracy_score", 0.867, glassbox::v1::HIGHER_IS_BETTER),
                  Metric("accuracy_score", 0.90, glassbox::v1::HIGHER_IS_BETTER, "young"),
                  Metric("log_loss", 0.29, glassbox::v1::LOWER_IS_BETTER),
                  Metric("rows", 100, glassbox::v1::DIRECTION_UNSPECIFIED),
                  Metric("selection_rate", 0.21, glassbox::v1::DIRECTION_UNSPECIFIED)}},
                {"fairness", {Metric("selection_rate difference (sex)", 0.1929, glassbox::v1::LOWER_IS_BETTER)}}});
  const ComparedRun after = MakeRun(
      "run_b", {{"fairness", {Metric("selection_rate difference (sex)", 0.0005, glassbox::v1::LOWER_IS_BETTER)}},
                {"model_overview",
                 {Metric("log_loss", 0.31, glassbox::v1::LOWER_IS_BETTER),
                  Metric("accuracy_score", 0.843, glassbox::v1::HIGHER_IS_BETTER),
                  Metric("rows", 100, glassbox::v1::DIRECTION_UNSPECIFIED),
                  Metric("selection_rate", 0.19, glassbox::v1::DIRECTION_UNSPECIFIED),
                  Metric("roc_auc_score", 0.92, glassbox::v1::HIGHER_IS_BETTER)}}});
  const auto comparison = CompareRuns(before, after);
  EXPECT_EQ(comparison.run().id(), "run_a");
  EXPECT_EQ(comparison.other_run().id(), "run_b");
  std::vector<std::string> names;
  for (const auto& metric : comparison.metrics()) names.push_back(metric.analyzer() + ": " + metric.name());
  // In the baseline's order; the cohort's accuracy is a metric of its own, which run_b lacks.
  EXPECT_THAT(names, ElementsAre("model_overview: accuracy_score", "model_overview: log_loss", "model_overview: rows",
                                 "model_overview: selection_rate", "fairness: selection_rate difference (sex)"));
  const auto& accuracy = comparison.metrics(0);
  EXPECT_DOUBLE_EQ(accuracy.value(), 0.867);
  EXPECT_DOUBLE_EQ(accuracy.other_value(), 0.843);
  EXPECT_DOUBLE_EQ(accuracy.delta(), 0.843 - 0.867);
  EXPECT_EQ(accuracy.change(), glassbox::v1::WORSENED);
  EXPECT_EQ(comparison.metrics(1).change(), glassbox::v1::WORSENED);  // log loss rose
  EXPECT_EQ(comparison.metrics(2).change(), glassbox::v1::UNCHANGED);
  EXPECT_EQ(comparison.metrics(3).change(), glassbox::v1::CHANGED);  // no direction
  EXPECT_EQ(comparison.metrics(4).change(), glassbox::v1::IMPROVED);  // the gap narrowed
  EXPECT_THAT(comparison.only_in_run(), ElementsAre("model_overview: accuracy_score [young]"));
  EXPECT_THAT(comparison.only_in_other_run(), ElementsAre("model_overview: roc_auc_score"));
}

TEST(RunComparisonTest, FeaturesAreRankedByImportanceInEachRun) {
  const ComparedRun before =
      MakeRun("run_a", {{"explanations", {Importance({{"age", 0.8}, {"sex", 0.1}, {"education", 0.5}})}}});
  const ComparedRun after =
      MakeRun("run_b", {{"explanations", {Importance({{"sex", 0.9}, {"age", 0.3}, {"hours", 0.2}})}}});
  const auto comparison = CompareRuns(before, after);
  ASSERT_EQ(comparison.features_size(), 4);
  std::vector<std::string> order;
  for (const auto& feature : comparison.features()) order.push_back(feature.feature());
  EXPECT_THAT(order, ElementsAre("age", "education", "sex", "hours"));
  EXPECT_EQ(comparison.features(0).rank(), 1);
  EXPECT_EQ(comparison.features(0).other_rank(), 2);
  EXPECT_DOUBLE_EQ(comparison.features(0).other_importance(), 0.3);
  EXPECT_EQ(comparison.features(1).other_rank(), 0);  // education: only run_a ranks it
  EXPECT_TRUE(std::isnan(comparison.features(1).other_importance()));
  EXPECT_EQ(comparison.features(2).rank(), 3);
  EXPECT_EQ(comparison.features(2).other_rank(), 1);
  EXPECT_EQ(comparison.features(3).rank(), 0);  // hours: only run_b
  EXPECT_EQ(comparison.features(3).other_rank(), 3);
}

TEST(RunComparisonTest, ANameAnInsightRepeatsCountsOnceAndNaNEqualsNaN) {
  const double nan = std::nan("");
  const ComparedRun before = MakeRun("run_a", {{"custom", {Metric("score", nan, glassbox::v1::HIGHER_IS_BETTER),
                                                      Metric("score", 1, glassbox::v1::HIGHER_IS_BETTER)}}});
  const ComparedRun after = MakeRun("run_b", {{"custom", {Metric("score", nan, glassbox::v1::HIGHER_IS_BETTER)}}});
  const auto comparison = CompareRuns(before, after);
  ASSERT_EQ(comparison.metrics_size(), 1);
  EXPECT_EQ(comparison.metrics(0).change(), glassbox::v1::UNCHANGED);
  EXPECT_TRUE(comparison.only_in_run().empty());
}

}  // namespace
}  // namespace glassbox::server
