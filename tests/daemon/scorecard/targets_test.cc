#include "daemon/scorecard/targets.h"

#include <string>
#include <vector>

#include "daemon/scorecard/scorecard_config.h"
#include "glassbox/sdk/insight_builder.h"
#include "glassbox/sdk/target.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/scorecard/adult_scorecard_sample.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::FAIL;
using glassbox::v1::Insight;
using glassbox::v1::PASS;

glassbox::v1::ScorecardConfig Config(const std::string& json) {
  auto config = ParseScorecardConfig(json);
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : glassbox::v1::ScorecardConfig();
}

Insight Built(sdk::InsightBuilder builder, const std::string& analyzer) {
  Insight insight = builder.Release();
  insight.set_analyzer(analyzer);
  return insight;
}

// A fairness disparity as the fairness plugin types it, named "<measure> difference (<feature>)".
void AddDisparity(sdk::InsightBuilder& builder, const std::string& measure, glassbox::v1::Aggregate aggregate,
                  const std::string& feature, double value) {
  const char* kind = aggregate == glassbox::v1::AGGREGATE_RATIO ? " ratio (" : " difference (";
  builder.AddMetric("", measure + kind + feature + ")", value).SetAggregate(aggregate, measure).SetFeature(feature);
}

// The sample's config sets five targets; drift_monitor's own psi_max target is the analyst's, not counted.
TEST(EvaluateTargetsTest, AdultRunHasFiveConfiguredTargetsThreeMet) {
  const ScorecardInput input = testing::AdultScorecardInput();
  const auto checks = EvaluateTargets(input.config, input.run, input.insights);
  ASSERT_EQ(checks.size(), 5u);
  // Metric values are the sample's sklearn figures; verdicts follow from the config's thresholds.
  const struct {
    const char* metric;
    const char* analyzer;
    double value;
    const char* target;
    glassbox::v1::Verdict verdict;
  } expected[] = {
      {"accuracy_score", "model_overview", 0.8670181022478616, ">= 0.85", PASS},
      {"precision_score", "model_overview", 0.7747408105560791, ">= 0.75", PASS},
      {"recall_score", "model_overview", 0.6568118258090292, ">= 0.7", FAIL},
      {"accuracy_score difference (sex)", "fairness", 0.09768342394633411, "<= 0.1", PASS},
      {"selection_rate difference (sex)", "fairness", 0.19289534309673786, "<= 0.1", FAIL},
  };
  for (size_t i = 0; i < checks.size(); ++i) {
    SCOPED_TRACE(expected[i].metric);
    EXPECT_EQ(checks[i].metric, expected[i].metric);
    EXPECT_EQ(checks[i].cohort, "");
    EXPECT_EQ(checks[i].analyzer, expected[i].analyzer);
    ASSERT_TRUE(checks[i].value.has_value());
    EXPECT_DOUBLE_EQ(*checks[i].value, expected[i].value);
    EXPECT_EQ(sdk::FormatTarget(checks[i].target), expected[i].target);
    EXPECT_EQ(checks[i].verdict, expected[i].verdict);
  }
  const TargetSummary summary = Summarize(checks);
  EXPECT_EQ(summary.total, 5);
  EXPECT_EQ(summary.met, 3);
  EXPECT_EQ(summary.verdict, FAIL);

  const auto analysts = AnalystThresholds(input.config, input.insights);
  ASSERT_EQ(analysts.size(), 1u);
  EXPECT_EQ(analysts[0].metric, "psi_max");
  EXPECT_EQ(analysts[0].analyzer, "drift_monitor");
  EXPECT_DOUBLE_EQ(*analysts[0].value, 0.08);
  EXPECT_EQ(sdk::FormatTarget(analysts[0].target), "<= 0.1");
  EXPECT_EQ(analysts[0].verdict, PASS);
}

TEST(EvaluateTargetsTest, UnmeasuredTargetCountsAsNotMet) {
  sdk::InsightBuilder builder;
  builder.AddMetric("Accuracy", "accuracy_score", 0.91);
  // A cohort's value does not measure the whole-data target.
  builder.AddMetric("Recall", "recall_score", 0.95, "Young");
  const auto checks = EvaluateTargets(
      Config(R"({"Metrics": {"accuracy_score": {"threshold": ">0.9"}, "recall_score": {"threshold": ">=0.7"}}})"), {},
      {Built(std::move(builder), "model_overview")});
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].verdict, PASS);
  EXPECT_EQ(checks[1].metric, "recall_score");
  EXPECT_FALSE(checks[1].value.has_value());
  EXPECT_EQ(checks[1].analyzer, "");
  EXPECT_EQ(checks[1].verdict, FAIL);
  EXPECT_EQ(Summarize(checks).verdict, FAIL);
}

// A run whose analyses declared these scorecard sections.
glassbox::v1::Run RunDeclaring(std::initializer_list<std::pair<std::string, glassbox::v1::ScorecardSection>> analyses) {
  glassbox::v1::Run run;
  for (const auto& [analyzer, section] : analyses) {
    auto* status = run.add_analyses();
    status->set_analyzer(analyzer);
    status->set_section(section);
  }
  return run;
}

// Whichever analysis declared the performance section is preferred, whatever the analyzers are called.
TEST(EvaluateTargetsTest, MetricNamesMatchIgnoringCaseAndThePerformanceSectionIsPreferred) {
  const auto checked = [](const std::string& first, const std::string& second,
                          const glassbox::v1::Run& run) -> std::pair<std::string, double> {
    sdk::InsightBuilder one;
    one.AddMetric("Selection rate", "selection_rate", 0.5);
    sdk::InsightBuilder two;
    two.AddMetric("Selection rate", "selection_rate", 0.2);
    const auto checks = EvaluateTargets(Config(R"({"Metrics": {"Selection_rate": {"threshold": "<0.3"}}})"), run,
                                        {Built(std::move(one), first), Built(std::move(two), second)});
    EXPECT_EQ(checks.size(), 1u);
    return checks.empty() ? std::pair{std::string(), 0.0} : std::pair{checks[0].analyzer, *checks[0].value};
  };
  EXPECT_EQ(checked("custom", "model_overview",
                    RunDeclaring({{"custom", glassbox::v1::SCORECARD_SECTION_UNSPECIFIED},
                                  {"model_overview", glassbox::v1::SCORECARD_SECTION_PERFORMANCE}})),
            std::pair(std::string("model_overview"), 0.2));
  EXPECT_EQ(checked("model_overview", "custom",
                    RunDeclaring({{"model_overview", glassbox::v1::SCORECARD_SECTION_UNSPECIFIED},
                                  {"custom", glassbox::v1::SCORECARD_SECTION_PERFORMANCE}})),
            std::pair(std::string("custom"), 0.2));
  // Nobody declared it: the first in insight order.
  EXPECT_EQ(checked("custom", "model_overview", {}), std::pair(std::string("custom"), 0.5));
}

TEST(EvaluateTargetsTest, MetricNamesMatchAcrossSpacesHyphensAndUnderscores) {
  sdk::InsightBuilder builder;
  // error_analysis names its metric "error rate".
  builder.AddMetric("Overall error rate", "error rate", 0.13298189775213845);
  builder.AddMetric("", "Selection-Rate difference (sex)", 0.19289534309673786)
      .SetAggregate(glassbox::v1::AGGREGATE_DIFFERENCE, "Selection-Rate")
      .SetFeature("sex");
  const auto config = Config(R"({
    "Metrics": {"error_rate": {"threshold": "<=0.15"}},
    "Fairness": {"metric": ["selection_rate"], "fairness_evaluation_kind": "difference", "threshold": "<=0.2"}
  })");
  const auto checks = EvaluateTargets(config, {}, {Built(std::move(builder), "error_analysis")});
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].metric, "error_rate");
  EXPECT_EQ(checks[0].analyzer, "error_analysis");
  EXPECT_EQ(checks[0].verdict, PASS);
  EXPECT_EQ(checks[1].metric, "Selection-Rate difference (sex)");
  EXPECT_EQ(checks[1].verdict, PASS);
}

TEST(EvaluateTargetsTest, ConfigurationOverridesAnAnalyzersOwnTarget) {
  sdk::InsightBuilder builder;
  builder.AddMetric("Accuracy", "accuracy_score", 0.87, "", *sdk::ParseTarget(">=0.9"));
  builder.AddMetric("Drift", "psi_max", 0.2, "", *sdk::ParseTarget("<=0.1"));
  const auto config = Config(R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"}}})");
  const auto insights = std::vector<Insight>{Built(std::move(builder), "model_overview")};
  const auto checks = EvaluateTargets(config, {}, insights);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].metric, "accuracy_score");
  EXPECT_EQ(sdk::FormatTarget(checks[0].target), ">= 0.85");
  EXPECT_EQ(checks[0].verdict, PASS);
  // The analyzer's own accuracy target is overridden; its psi_max target is listed apart.
  const auto analysts = AnalystThresholds(config, insights);
  ASSERT_EQ(analysts.size(), 1u);
  EXPECT_EQ(analysts[0].metric, "psi_max");
  EXPECT_EQ(analysts[0].verdict, FAIL);
  EXPECT_EQ(EffectiveVerdict(config, insights[0].blocks(0).metric()), PASS);
  EXPECT_EQ(sdk::FormatTarget(*EffectiveTarget(config, insights[0].blocks(1).metric())), "<= 0.1");
}

TEST(EvaluateTargetsTest, FairnessWithoutSensitiveFeaturesChecksEveryFeature) {
  sdk::InsightBuilder builder;
  AddDisparity(builder, "accuracy_score", glassbox::v1::AGGREGATE_RATIO, "sex", 0.8952754681958252);
  AddDisparity(builder, "accuracy_score", glassbox::v1::AGGREGATE_DIFFERENCE, "sex", 0.09768342394633411);
  AddDisparity(builder, "accuracy_score", glassbox::v1::AGGREGATE_RATIO, "race", 0.8421498661909009);
  builder.AddMetric("", "demographic_parity_ratio (sex)", 0.296321947851415).SetFeature("sex");
  const auto config = Config(R"({
    "Fairness": {"metric": ["accuracy_score", "f1_score"], "fairness_evaluation_kind": "ratio", "threshold": ">=0.85"}
  })");
  const auto checks = EvaluateTargets(config, {}, {Built(std::move(builder), "fairness")});
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0].metric, "accuracy_score ratio (sex)");
  EXPECT_EQ(checks[0].verdict, PASS);
  EXPECT_EQ(checks[1].metric, "accuracy_score ratio (race)");
  EXPECT_EQ(checks[1].verdict, FAIL);
  EXPECT_EQ(checks[2].metric, "f1_score ratio (any sensitive feature)");
  EXPECT_FALSE(checks[2].value.has_value());
  EXPECT_EQ(checks[2].verdict, FAIL);
}

TEST(EvaluateTargetsTest, CohortMetricsShareTheirMetricsTarget) {
  glassbox::v1::MetricBlock young;
  young.set_name("accuracy_score");
  young.set_value(0.96);
  young.set_cohort("Young");
  const auto config = Config(R"({"Metrics": {"accuracy_score": {"threshold": ">=0.97"}}})");
  EXPECT_EQ(sdk::FormatTarget(*EffectiveTarget(config, young)), ">= 0.97");
  EXPECT_EQ(EffectiveVerdict(config, young), FAIL);
  young.set_name("f1_score");
  EXPECT_FALSE(EffectiveTarget(config, young).has_value());
  EXPECT_EQ(EffectiveVerdict(config, young), glassbox::v1::VERDICT_UNSPECIFIED);
}

TEST(EvaluateTargetsTest, NoTargetsNoVerdict) {
  const TargetSummary summary = Summarize({});
  EXPECT_EQ(summary.total, 0);
  EXPECT_EQ(summary.verdict, glassbox::v1::VERDICT_UNSPECIFIED);
}

TEST(DisparityOfTest, ReadsTheTypedMeaningNotTheName) {
  sdk::InsightBuilder builder;
  AddDisparity(builder, "selection_rate", glassbox::v1::AGGREGATE_DIFFERENCE, "sex", 0.19);
  AddDisparity(builder, "true_positive_rate", glassbox::v1::AGGREGATE_RATIO, "race, sex", 0.8);
  // Any name, same meaning.
  builder.AddMetric("", "Gleichheit der Auswahl", 0.19)
      .SetAggregate(glassbox::v1::AGGREGATE_DIFFERENCE, "selection_rate")
      .SetFeature("sex");
  // Shaped like a disparity's name but not typed as one.
  builder.AddMetric("", "selection_rate difference (sex)", 0.19);
  builder.AddMetric("", "selection_rate difference", 0.19)
      .SetAggregate(glassbox::v1::AGGREGATE_DIFFERENCE, "selection_rate");
  builder.AddMetric("", "gap (sex)", 0.19).SetAggregate(glassbox::v1::AGGREGATE_MAXIMUM, "gap").SetFeature("sex");
  const Insight insight = builder.Release();

  auto difference = DisparityOf(insight.blocks(0).metric());
  ASSERT_TRUE(difference.has_value());
  EXPECT_EQ(difference->metric, "selection_rate");
  EXPECT_EQ(difference->kind, glassbox::v1::FAIRNESS_DIFFERENCE);
  EXPECT_EQ(difference->feature, "sex");
  auto ratio = DisparityOf(insight.blocks(1).metric());
  ASSERT_TRUE(ratio.has_value());
  EXPECT_EQ(ratio->metric, "true_positive_rate");
  EXPECT_EQ(ratio->kind, glassbox::v1::FAIRNESS_RATIO);
  EXPECT_EQ(ratio->feature, "race, sex");
  auto renamed = DisparityOf(insight.blocks(2).metric());
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->metric, "selection_rate");
  EXPECT_EQ(renamed->feature, "sex");
  for (int b = 3; b < insight.blocks_size(); ++b) {
    EXPECT_FALSE(DisparityOf(insight.blocks(b).metric()).has_value()) << insight.blocks(b).metric().name();
  }
}

// A fairness target is checked against a typed disparity whatever its machine name.
TEST(EvaluateTargetsTest, FairnessTargetsFindTypedDisparitiesUnderAnyName) {
  sdk::InsightBuilder builder;
  builder.AddMetric("", "auswahl_abstand", 0.19289534309673786)
      .SetAggregate(glassbox::v1::AGGREGATE_DIFFERENCE, "selection_rate")
      .SetFeature("sex");
  const auto config = Config(R"({
    "Fairness": {"metric": ["selection_rate"], "sensitive_features": ["sex"], "fairness_evaluation_kind": "difference",
                 "threshold": "<=0.1"}
  })");
  const auto checks = EvaluateTargets(config, {}, {Built(std::move(builder), "fairness")});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].metric, "auswahl_abstand");
  ASSERT_TRUE(checks[0].value.has_value());
  EXPECT_DOUBLE_EQ(*checks[0].value, 0.19289534309673786);
  EXPECT_EQ(checks[0].verdict, FAIL);
}

}  // namespace
}  // namespace glassbox::scorecard
