#include "daemon/scorecard/config_fit.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/scorecard/declared_reports.h"
#include "daemon/scorecard/scorecard_config.h"
#include "glassbox/sdk/insight_builder.h"
#include "glassbox/sdk/parameter_spec.h"
#include "glassbox/sdk/report_declaration.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::scorecard {
namespace {

using ::testing::HasSubstr;
using Cause = Shortfall::Cause;

glassbox::v1::ScorecardConfig Config(const std::string& json) {
  auto config = ParseScorecardConfig(json);
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : glassbox::v1::ScorecardConfig();
}

google::protobuf::Struct Params(std::initializer_list<std::pair<std::string, std::vector<std::string>>> lists,
                                std::initializer_list<std::pair<std::string, double>> numbers = {}) {
  google::protobuf::Struct params;
  for (const auto& [name, values] : lists) {
    auto* list = (*params.mutable_fields())[name].mutable_list_value();
    for (const auto& value : values) list->add_values()->set_string_value(value);
  }
  for (const auto& [name, value] : numbers) (*params.mutable_fields())[name].set_number_value(value);
  return params;
}

// An analysis of the built plugin `analyzer`, declaring what its Describe() declares.
PlannedAnalysis Planned(const std::string& analyzer, google::protobuf::Struct params = {}) {
  return {glassbox::testing::DescriptorOf(analyzer), std::move(params)};
}

// A binary Adult-like run: model_overview and fairness over sex, prediction columns without probabilities.
PlannedRun BinaryPlan() {
  PlannedRun plan;
  plan.task = glassbox::v1::BINARY_CLASSIFICATION;
  plan.feature_columns = {"age", "sex", "race", "hours-per-week"};
  plan.cohorts = {"older"};
  plan.analyses.push_back(Planned("model_overview"));
  plan.analyses.push_back(Planned("fairness", Params({{"sensitive_features", {"sex"}}})));
  return plan;
}

std::string Refusal(const std::string& json, const PlannedRun& plan) {
  const absl::Status status = CheckConfigFits(Config(json), ReportOfPlan(plan));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << json;
  return std::string(status.message());
}

TEST(ConfigFitTest, AMisspeltMetricIsRefusedWithTheNearestReportedName) {
  const std::string message = Refusal(R"({"Metrics": {"acuracy": {"threshold": ">=0.8"}}})", BinaryPlan());
  EXPECT_THAT(message, HasSubstr("scorecard config key 'Metrics.acuracy'"));
  EXPECT_THAT(message, HasSubstr("did you mean 'accuracy_score'?"));
  EXPECT_TRUE(
      CheckConfigFits(Config(R"({"Metrics": {"Accuracy_Score": {}, "f1-score": {}}})"), ReportOfPlan(BinaryPlan()))
          .ok());
}

TEST(ConfigFitTest, RocAucIsReportedOnlyWithProbabilities) {
  PlannedRun plan = BinaryPlan();
  EXPECT_THAT(Refusal(R"({"Metrics": {"roc_auc_score": {}}})", plan), HasSubstr("'Metrics.roc_auc_score'"));
  plan.has_probabilities = true;
  EXPECT_TRUE(CheckConfigFits(Config(R"({"Metrics": {"roc_auc_score": {}}})"), ReportOfPlan(plan)).ok());
}

TEST(ConfigFitTest, ARegressionRunHasNoAccuracy) {
  PlannedRun plan = BinaryPlan();
  plan.task = glassbox::v1::REGRESSION;
  EXPECT_THAT(Refusal(R"({"Metrics": {"accuracy_score": {}}})", plan), HasSubstr("The run reports: "));
  EXPECT_TRUE(CheckConfigFits(Config(R"({"Metrics": {"r2_score": {"threshold": ">0.5"}}})"), ReportOfPlan(plan)).ok());
}

TEST(ConfigFitTest, AFairnessFeatureOrMetricTheAnalysisDoesNotCoverIsRefused) {
  const std::string feature = Refusal(
      R"({"Fairness": {"metric": ["selection_rate"], "sensitive_features": ["race"],
                       "fairness_evaluation_kind": "difference", "threshold": "<=0.1"}})",
      BinaryPlan());
  EXPECT_THAT(feature, HasSubstr("'Fairness.sensitive_features'"));
  EXPECT_THAT(feature, HasSubstr("'race'"));
  EXPECT_THAT(feature, HasSubstr("covers sex"));
  // The fairness analysis compares the task's defaults when its metrics parameter is empty; log_loss is none of them.
  EXPECT_THAT(Refusal(R"({"Fairness": {"metric": ["log_loss"]}})", BinaryPlan()), HasSubstr("'Fairness.metric'"));
  EXPECT_TRUE(CheckConfigFits(Config(R"({"Fairness": {"metric": ["selection_rate"], "sensitive_features": ["SEX"]}})"),
                              ReportOfPlan(BinaryPlan()))
                  .ok());
}

TEST(ConfigFitTest, ASectionWhoseAnalysisIsNotInTheRunIsRefused) {
  for (const char* section : {"FeatureImportance", "DataExplorer", "Causal"}) {
    const std::string message = Refusal(absl::StrCat(R"({")", section, R"(": {}})"), BinaryPlan());
    EXPECT_THAT(message, HasSubstr(absl::StrCat("scorecard config key '", section, "'")));
    EXPECT_THAT(message, HasSubstr("the run has no "));
  }
  PlannedRun no_fairness = BinaryPlan();
  no_fairness.analyses.pop_back();
  EXPECT_THAT(Refusal(R"({"Fairness": {"metric": "selection_rate"}})", no_fairness),
              HasSubstr("the run has no fairness analysis"));
}

TEST(ConfigFitTest, TopNBeyondWhatExplanationsRanksIsRefused) {
  PlannedRun plan = BinaryPlan();
  plan.analyses.push_back(Planned("explanations", Params({}, {{"top_n", 3}})));
  const std::string message = Refusal(R"({"FeatureImportance": {"top_n": 4}})", plan);
  EXPECT_THAT(message, HasSubstr("'FeatureImportance.top_n'"));
  EXPECT_THAT(message, HasSubstr("asks for the 4 most important features, but the explanations analysis ranks 3"));
  EXPECT_TRUE(CheckConfigFits(Config(R"({"FeatureImportance": {"top_n": 3}})"), ReportOfPlan(plan)).ok());
  // Absent, top_n asks for no particular number.
  EXPECT_TRUE(CheckConfigFits(Config(R"({"FeatureImportance": {}})"), ReportOfPlan(plan)).ok());
  // The explanations analysis ranks at most the feature columns (4 here), whatever its own top_n.
  plan.analyses.back().params = Params({}, {{"top_n", 10}});
  EXPECT_THAT(Refusal(R"({"FeatureImportance": {"top_n": 5}})", plan), HasSubstr("ranks 4"));
}

TEST(ConfigFitTest, CohortsTreatmentsAndExploredFeaturesMustBeTheRuns) {
  PlannedRun plan = BinaryPlan();
  EXPECT_THAT(Refusal(R"({"Cohorts": ["younger"]})", plan), HasSubstr("its cohorts: older"));
  plan.analyses.push_back(Planned("causal", Params({{"treatments", {"hours-per-week"}}})));
  plan.analyses.push_back(Planned("data_explorer"));
  EXPECT_THAT(Refusal(R"({"Causal": {"treatments": ["age"]}})", plan), HasSubstr("'Causal.treatments'"));
  EXPECT_THAT(Refusal(R"({"DataExplorer": {"features": ["income"]}})", plan), HasSubstr("'DataExplorer.features'"));
  EXPECT_TRUE(CheckConfigFits(Config(R"({"Cohorts": ["older"], "Causal": {"treatments": "hours-per-week"},
                                         "DataExplorer": {"features": ["age"]}})"),
                              ReportOfPlan(plan))
                  .ok());
}

TEST(ConfigFitTest, APluginThatDeclaresNothingMayReportAnyMetric) {
  PlannedRun plan = BinaryPlan();
  glassbox::v1::Analyzer silent;
  silent.set_name("drift_monitor");
  plan.analyses.push_back({silent, {}});
  EXPECT_TRUE(CheckConfigFits(Config(R"({"Metrics": {"psi_max": {"threshold": "<=0.1"}}})"), ReportOfPlan(plan)).ok());
}

// What a plugin declares is all the daemon knows of it: its name means nothing.
TEST(ConfigFitTest, ADeclaringPluginIsCheckedByItsDeclarationWhateverItsName) {
  glassbox::v1::Analyzer drift;
  drift.set_name("drift_monitor");
  *drift.add_parameters() = sdk::ColumnListParameter("columns", "Columns compared", true);
  *drift.add_parameters() = sdk::CohortParameter();
  auto& reports = *drift.mutable_reports();
  sdk::DeclareMetrics(reports, {"psi_max"});
  *reports.add_metrics() = sdk::ReportedMetric("psi_auc", {glassbox::v1::BINARY_CLASSIFICATION}, true);
  reports.set_explored_features_parameter("columns");
  ASSERT_TRUE(sdk::CheckReportDeclaration(drift).ok());
  PlannedRun plan;
  plan.task = glassbox::v1::BINARY_CLASSIFICATION;
  plan.feature_columns = {"age", "sex"};
  plan.analyses.push_back({drift, Params({{"columns", {"age"}}})});
  EXPECT_TRUE(CheckConfigFits(Config(R"({"Metrics": {"psi_max": {}}, "DataExplorer": {"features": ["age"]}})"),
                              ReportOfPlan(plan))
                  .ok());
  EXPECT_THAT(Refusal(R"({"Metrics": {"psi_mx": {}}})", plan),
              HasSubstr("scorecard config key 'Metrics.psi_mx': no analysis of the run reports a metric named "
                        "'psi_mx'; did you mean 'psi_max'?"));
  EXPECT_THAT(Refusal(R"({"Metrics": {"psi_auc": {}}})", plan), HasSubstr("'Metrics.psi_auc'"));
  EXPECT_THAT(Refusal(R"({"DataExplorer": {"features": ["sex"]}})", plan),
              HasSubstr("names 'sex', which the drift_monitor analysis does not summarise"));
  plan.has_probabilities = true;
  EXPECT_TRUE(CheckConfigFits(Config(R"({"Metrics": {"psi_auc": {}}})"), ReportOfPlan(plan)).ok());
  // Restricted to a cohort, it reports no whole-data metrics.
  plan.cohorts = {"older"};
  (*plan.analyses[0].params.mutable_fields())["cohort"].set_string_value("older");
  EXPECT_THAT(Refusal(R"({"Metrics": {"psi_max": {}}})", plan), HasSubstr("'Metrics.psi_max'"));
}

TEST(ConfigFitTest, ADeclarationNamingAParameterThePluginLacksIsRefused) {
  glassbox::v1::Analyzer wrong;
  wrong.set_name("drift_monitor");
  *wrong.add_parameters() = sdk::IntParameter("top_n", "Features ranked", 5);
  wrong.mutable_reports()->set_explored_features_parameter("columns");
  EXPECT_EQ(sdk::CheckReportDeclaration(wrong).message(),
            "reports.explored_features_parameter names 'columns', which is not a parameter of analyzer "
            "'drift_monitor'; declare the parameter or correct the name");
  wrong.mutable_reports()->clear_explored_features_parameter();
  wrong.mutable_reports()->set_treatments_parameter("top_n");
  EXPECT_EQ(sdk::CheckReportDeclaration(wrong).message(),
            "reports.treatments_parameter names parameter 'top_n' of type INT; it must be COLUMN_LIST");
}

glassbox::v1::Run RunOf(std::initializer_list<std::pair<std::string, glassbox::v1::AnalysisState>> analyses) {
  glassbox::v1::Run run;
  for (const auto& [analyzer, state] : analyses) {
    auto* status = run.add_analyses();
    status->set_analyzer(analyzer);
    status->set_state(state);
    status->set_error("worker crashed");
  }
  return run;
}

glassbox::v1::Insight Insight(sdk::InsightBuilder builder, const std::string& analyzer) {
  auto insight = builder.Release();
  insight.set_analyzer(analyzer);
  return insight;
}

TEST(ConfigFitTest, InsightsAreReadByTheirTypedMeaning) {
  sdk::InsightBuilder overview;
  overview.AddMetric("Accuracy", "accuracy_score", 0.87);
  sdk::InsightBuilder fairness;
  fairness.AddMetric("", "opaque-name-1", 0.19)
      .SetAggregate(glassbox::v1::AGGREGATE_DIFFERENCE, "selection_rate")
      .SetFeature("sex");
  const auto run = RunOf({{"model_overview", glassbox::v1::ANALYSIS_SUCCEEDED},
                          {"fairness", glassbox::v1::ANALYSIS_SUCCEEDED}});
  const auto report = ReportOfInsights(run, {Insight(std::move(overview), "model_overview"),
                                             Insight(std::move(fairness), "fairness")});
  EXPECT_TRUE(CheckConfigFits(Config(R"({"Metrics": {"accuracy_score": {}},
      "Fairness": {"metric": "selection_rate", "sensitive_features": "sex"}})"), report).ok());
  const absl::Status race =
      CheckConfigFits(Config(R"({"Fairness": {"metric": "selection_rate", "sensitive_features": "race"}})"), report);
  EXPECT_THAT(std::string(race.message()), HasSubstr("'Fairness.sensitive_features'"));
  EXPECT_THAT(std::string(CheckConfigFits(Config(R"({"Metrics": {"acuracy": {}}})"), report).message()),
              HasSubstr("did you mean 'accuracy_score'?"));
}

// What a failed analysis would have reported is not the configuration's mistake: it is stated, not refused.
TEST(ConfigFitTest, WhatAFailedAnalysisWouldHaveReportedIsAShortfallNotARefusal) {
  auto run = RunOf({{"model_overview", glassbox::v1::ANALYSIS_FAILED}, {"fairness", glassbox::v1::ANALYSIS_FAILED}});
  run.mutable_analyses(1)->set_section(glassbox::v1::SCORECARD_SECTION_FAIRNESS);
  const auto config = Config(R"({"Metrics": {"accuracy_score": {"threshold": ">=0.8"}},
      "Fairness": {"metric": "selection_rate", "sensitive_features": "sex"}})");
  const auto report = ReportOfInsights(run, {});
  EXPECT_TRUE(CheckConfigFits(config, report).ok());
  const auto shortfalls = FindShortfalls(config, report);
  ASSERT_EQ(shortfalls.size(), 2u);
  EXPECT_EQ(shortfalls[0].key, "Metrics.accuracy_score");
  EXPECT_EQ(shortfalls[0].cause, Cause::kUnfinished);
  EXPECT_THAT(shortfalls[0].reason, HasSubstr("The model_overview analysis failed: worker crashed."));
  EXPECT_EQ(shortfalls[1].key, "Fairness");
  EXPECT_EQ(shortfalls[1].analyzer, "fairness");
  EXPECT_EQ(shortfalls[1].cause, Cause::kUnfinished);
  EXPECT_EQ(shortfalls[1].section, glassbox::v1::SCORECARD_SECTION_FAIRNESS);
  EXPECT_EQ(shortfalls[1].reason, "The fairness analysis failed: worker crashed.");
  // Placed by what was declared, not by name: undeclared, the fairness
  // section's shortfall stands alone and gives every unfinished analysis' reason.
  run.mutable_analyses(1)->clear_section();
  const auto undeclared = FindShortfalls(config, ReportOfInsights(run, {}));
  ASSERT_EQ(undeclared.size(), 2u);
  EXPECT_EQ(undeclared[1].analyzer, "");
  EXPECT_EQ(undeclared[1].section, glassbox::v1::SCORECARD_SECTION_FAIRNESS);
  EXPECT_EQ(undeclared[1].reason,
            "The model_overview analysis failed: worker crashed. The fairness analysis failed: worker crashed.");
}

TEST(ConfigFitTest, AConfiguredCohortNothingMeasuredIsStatedAsHavingNoRows) {
  auto run = RunOf({{"data_explorer", glassbox::v1::ANALYSIS_SUCCEEDED}});
  run.mutable_spec()->add_cohorts()->set_name("older");
  const auto config = Config(R"({"Cohorts": ["older"]})");
  const auto report = ReportOfInsights(run, {});
  EXPECT_TRUE(CheckConfigFits(config, report).ok());
  const auto shortfalls = FindShortfalls(config, report);
  ASSERT_EQ(shortfalls.size(), 1u);
  EXPECT_EQ(shortfalls[0].cause, Cause::kNoRows);
  EXPECT_EQ(shortfalls[0].reason, "no analysis of the run reported metrics for cohort 'older'");
}

}  // namespace
}  // namespace glassbox::scorecard
