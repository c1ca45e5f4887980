// A scorecard from the real built-in plugins' insights on adult_test_scored.csv:
// the renderer must place and judge what the analyzers actually emit.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "daemon/scorecard/config_fit.h"
#include "daemon/scorecard/declared_reports.h"
#include "daemon/scorecard/scorecard_config.h"
#include "daemon/scorecard/scorecard_renderer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/scorecard/pdf_tools.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::scorecard {
namespace {

using ::testing::HasSubstr;

struct Analysis {
  const char* analyzer;
  const char* params;
};

const Analysis kAnalyses[] = {
    {"data_explorer", R"({"features": ["age", "sex", "race", "hours-per-week"]})"},
    {"error_analysis", "{}"},
    {"fairness", R"({"sensitive_features": ["sex", "race"], "metrics": ["accuracy_score", "selection_rate"]})"},
    {"data_balance", R"({"sensitive_features": ["sex", "race"]})"},
};

std::vector<std::string> Sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

class AnalyzerScorecardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const sdk::Table table = glassbox::testing::ReadCsvFile(glassbox::testing::DatasetPath("adult_test_scored.csv"));
    auto inputs = glassbox::testing::AdultScoredInputs();
    inputs.cohorts = {{"Young", "age < 30"}};
    input_ = new ScorecardInput();
    input_->run.set_id("run-plugins");
    input_->run.mutable_spec()->set_target_column("income");
    input_->run.mutable_spec()->set_task(glassbox::v1::BINARY_CLASSIFICATION);
    for (const auto& analysis : kAnalyses) {
      inputs.params = glassbox::testing::ParseParams(analysis.params);
      auto insight = glassbox::testing::RunAnalyzer(analysis.analyzer, table, inputs);
      ASSERT_TRUE(insight.ok()) << analysis.analyzer << ": " << insight.status();
      auto* status = input_->run.add_analyses();
      status->set_analyzer(analysis.analyzer);
      status->set_analyzer_version(insight->analyzer_version());
      status->set_section(glassbox::testing::DescriptorOf(analysis.analyzer).reports().section());
      status->set_state(glassbox::v1::ANALYSIS_SUCCEEDED);
      input_->insights.push_back(*std::move(insight));
    }
    auto config = ParseScorecardConfig(R"({
      "Metrics": {"error_rate": {"threshold": "<=0.15"}},
      "DataExplorer": {"features": ["age", "sex"]},
      "Fairness": {"metric": ["selection_rate"], "sensitive_features": ["sex"],
                   "fairness_evaluation_kind": "difference", "threshold": "<=0.1"}
    })");
    ASSERT_TRUE(config.ok()) << config.status();
    input_->config = *config;
  }

  static void TearDownTestSuite() { delete input_; }

  static ScorecardInput* input_;
};

ScorecardInput* AnalyzerScorecardTest::input_ = nullptr;

std::string LineWith(const std::string& text, const std::vector<std::string>& parts) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (std::all_of(parts.begin(), parts.end(), [&](const std::string& p) { return absl::StrContains(line, p); })) {
      return std::string(line);
    }
  }
  return "";
}

TEST_F(AnalyzerScorecardTest, JudgesTheAnalyzersMetricsAgainstTheConfiguredTargets) {
  ASSERT_NE(input_, nullptr);
  auto rendered = RenderScorecard(*input_);
  ASSERT_TRUE(rendered.ok()) << rendered.status();
  const auto pages = testing::PdfTextPages(testing::WriteTempFile("plugins.pdf", rendered->pdf));
  ASSERT_FALSE(pages.empty());
  // error_rate = 1 - accuracy: 1 - sklearn accuracy_score 0.8670181 on adult_test_scored.csv
  // (reported by error_analysis); selection_rate difference over sex:
  // mean(prediction == '>50K') is 0.2741244 for Male, 0.0812291 for Female (pandas).
  EXPECT_NE(LineWith(pages[0], {"error_rate", "0.1330", "<= 0.15", "✓ PASS"}), "") << pages[0];
  EXPECT_NE(LineWith(pages[0], {"selection_rate difference (sex)", "0.1929", "<= 0.1", "✗ FAIL"}), "") << pages[0];
  EXPECT_EQ(rendered->targets.total, 2);
  EXPECT_EQ(rendered->targets.met, 1);

  const std::string text = absl::StrJoin(pages, "\n");
  for (const char* heading : {"\nData analysis", "\nCohorts", "\nFairness", "\nData balance"}) {
    EXPECT_THAT(text, HasSubstr(heading));
  }
  EXPECT_THAT(text, HasSubstr("Label distribution (income)"));
  EXPECT_THAT(text, HasSubstr("Distribution of sex"));
  EXPECT_THAT(text, HasSubstr("Worst cohort"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("Metrics by race")));
  const auto rasters = testing::RasterizePages(testing::WriteTempFile("plugins.pdf", rendered->pdf), 50);
  ASSERT_EQ(rasters.size(), pages.size());
  for (const auto& raster : rasters)
    EXPECT_GT(raster.InkedPixels(), static_cast<int64_t>(raster.width) * raster.height / 50);
}

// CreateRun checks a configuration against what the built-in analyzers declare
// in Describe() (declared_reports.h); CreateScorecard against what their insights hold. The
// two must agree on the real plugins' output, or a config accepted at CreateRun
// would be refused at CreateScorecard (or the other way round).
TEST_F(AnalyzerScorecardTest, WhatCreateRunExpectsIsWhatThePluginsReport) {
  ASSERT_NE(input_, nullptr);
  PlannedRun plan;
  plan.task = glassbox::v1::BINARY_CLASSIFICATION;
  plan.has_probabilities = true;
  for (const auto& analysis : kAnalyses) {
    plan.analyses.push_back(
        {glassbox::testing::DescriptorOf(analysis.analyzer), glassbox::testing::ParseParams(analysis.params)});
  }
  const RunReport declared = ReportOfPlan(plan);
  const RunReport measured = ReportOfInsights(input_->run, input_->insights);
  ASSERT_EQ(declared.analyses.size(), measured.analyses.size());
  for (size_t i = 0; i < declared.analyses.size(); ++i) {
    const auto& expected = declared.analyses[i];
    const auto& actual = measured.analyses[i];
    SCOPED_TRACE(expected.analyzer);
    EXPECT_EQ(expected.knowledge, AnalysisReport::Knowledge::kKnown);
    EXPECT_EQ(Sorted(expected.metrics), Sorted(actual.metrics));
    EXPECT_EQ(Sorted(expected.fairness_measures), Sorted(actual.fairness_measures));
    EXPECT_EQ(Sorted(expected.fairness_features), Sorted(actual.fairness_features));
    for (const auto& feature : expected.explored_features) {
      EXPECT_THAT(actual.explored_features, ::testing::Contains(feature));
    }
  }

  // model_overview on its own: binary, with probabilities, nine whole-data metrics.
  const sdk::Table table = glassbox::testing::ReadCsvFile(glassbox::testing::DatasetPath("adult_test_scored.csv"));
  auto overview = glassbox::testing::RunAnalyzer("model_overview", table, glassbox::testing::AdultScoredInputs());
  ASSERT_TRUE(overview.ok()) << overview.status();
  glassbox::v1::Run run;
  run.add_analyses()->set_analyzer("model_overview");
  run.mutable_analyses(0)->set_state(glassbox::v1::ANALYSIS_SUCCEEDED);
  PlannedRun overview_plan = plan;
  overview_plan.analyses = {{glassbox::testing::DescriptorOf("model_overview"), {}}};
  const auto expected = ReportOfPlan(overview_plan).analyses.at(0).metrics;
  EXPECT_EQ(expected.size(), 9u);
  EXPECT_EQ(Sorted(expected), Sorted(ReportOfInsights(run, {*overview}).analyses.at(0).metrics));
}

}  // namespace
}  // namespace glassbox::scorecard
