// The scorecard configuration through a real daemon (docs/scorecard.md): what
// no analysis of the run reports is refused at CreateRun and CreateScorecard
// naming the key; the verdict counts the configuration's targets only; what
// the configuration asks for and the run could not fill is stated on the card.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tests/e2e/fixture_plugins.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

// pdftotext output with every run of spaces and line breaks made one space, so
// that wrapped sentences and table cells read as one line.
std::string Flat(const std::string& text) {
  std::vector<std::string> words = absl::StrSplit(text, absl::ByAnyChar(" \n\f"), absl::SkipEmpty());
  return absl::StrJoin(words, " ");
}

class ScorecardConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(daemon_.running());
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &dataset_).ok());
  }

  // Adult with fairness over sex (and `fairness_params` beside it) and the cohort women: sex == Female.
  glassbox::v1::RunSpec Spec(const std::vector<std::string>& analyzers, const std::string& config,
                             const std::string& fairness_params = "{}") {
    glassbox::v1::RunSpec spec = AdultRunSpec(dataset_.id(), analyzers);
    spec.set_scorecard_config(config);
    auto* cohort = spec.add_cohorts();
    cohort->set_name("women");
    cohort->set_filter("sex == Female");
    for (auto& analysis : *spec.mutable_analyses()) {
      if (analysis.analyzer() != "fairness") continue;
      *analysis.mutable_params() = ParseParams(fairness_params);
      auto& features = (*analysis.mutable_params()->mutable_fields())["sensitive_features"];
      features.mutable_list_value()->add_values()->set_string_value("sex");
    }
    return spec;
  }

  grpc::Status Create(const glassbox::v1::RunSpec& spec, bool validate_only = true) {
    grpc::ClientContext context;
    glassbox::v1::CreateRunRequest request;
    *request.mutable_spec() = spec;
    request.set_validate_only(validate_only);
    glassbox::v1::Run run;
    return daemon_.stub().CreateRun(&context, request, &run);
  }

  grpc::Status Score(const std::string& run_id, const std::string& config, glassbox::v1::Scorecard* card) {
    grpc::ClientContext context;
    glassbox::v1::CreateScorecardRequest request;
    request.set_run_id(run_id);
    request.set_config_json(config);
    return daemon_.stub().CreateScorecard(&context, request, card);
  }

  // The card's text, flattened (see Flat); its pages also go to PNGs beside it for a look.
  std::string CardText(const std::string& card_id) {
    grpc::ClientContext context;
    glassbox::v1::GetScorecardRequest request;
    request.set_id(card_id);
    auto reader = daemon_.stub().GetScorecard(&context, request);
    glassbox::v1::ScorecardChunk chunk;
    std::string pdf;
    while (reader->Read(&chunk)) pdf += chunk.data();
    EXPECT_TRUE(reader->Finish().ok());
    const std::string path = folder_.path() + "/" + card_id + ".pdf";
    std::ofstream(path, std::ios::binary) << pdf;
    return Flat(RunShell("pdftotext -layout " + path + " - 2>/dev/null").out);
  }

  TemporaryFolder folder_;
  DaemonProcess daemon_;
  glassbox::v1::Dataset dataset_;
};

void ExpectRefused(const grpc::Status& status, const std::string& prefix, const std::vector<std::string>& parts) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::StartsWith(prefix));
  for (const auto& part : parts) EXPECT_THAT(status.error_message(), HasSubstr(part));
}

TEST_F(ScorecardConfigTest, CreateRunRefusesWhatNoRequestedAnalysisReports) {
  const std::string prefix = "spec.scorecard_config: scorecard config key '";
  ExpectRefused(Create(Spec({"model_overview"}, R"({"Metrics": {"acuracy": {"threshold": ">=0.8"}}})")), prefix,
                {"'Metrics.acuracy'", "did you mean 'accuracy_score'?", "roc_auc_score"});
  ExpectRefused(Create(Spec({"model_overview", "fairness"},
                            R"({"Fairness": {"metric": ["selection_rate"], "sensitive_features": ["race"],
                                             "fairness_evaluation_kind": "difference", "threshold": "<=0.1"}})")),
                prefix, {"'Fairness.sensitive_features'", "'race'", "covers sex"});
  ExpectRefused(Create(Spec({"model_overview"}, R"({"FeatureImportance": {"top_n": 5}})")), prefix,
                {"'FeatureImportance'", "the run has no explanations analysis"});
  ExpectRefused(Create(Spec({"model_overview"}, R"({"Cohorts": ["men"]})")), prefix,
                {"'Cohorts'", "'men'", "its cohorts: women"});
  ExpectRefused(Create(Spec({"model_overview"}, R"({"Metrics": {"accuracy_score": {"treshold": ">=0.8"}}})")), prefix,
                {"'Metrics.accuracy_score.treshold'", "unknown key"});
  // What the run reports is accepted, and queued when not only validated.
  const std::string fits = R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"}},
      "Fairness": {"metric": ["selection_rate"], "sensitive_features": ["sex"]}, "Cohorts": ["women"]})";
  EXPECT_TRUE(Create(Spec({"model_overview", "fairness"}, fits)).ok());
}

TEST_F(ScorecardConfigTest, CreateRunRefusesATopNBeyondWhatExplanationsRanks) {
  glassbox::v1::Dataset adult;
  ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult.csv"), &adult).ok());
  grpc::ClientContext context;
  glassbox::v1::ModelVersion model;
  ASSERT_TRUE(daemon_.stub().RegisterModel(&context, AdultModelRequest("adult-xgb", adult.id()), &model).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset_.id(), {"explanations"}, "adult-xgb");
  (*spec.mutable_analyses(0)->mutable_params()->mutable_fields())["top_n"].set_number_value(4);
  spec.set_scorecard_config(R"({"FeatureImportance": {"top_n": 6}})");
  ExpectRefused(Create(spec), "spec.scorecard_config: scorecard config key 'FeatureImportance.top_n'",
                {"asks for the 6 most important features, but the explanations analysis ranks 4"});
  spec.set_scorecard_config(R"({"FeatureImportance": {"top_n": 4}})");
  EXPECT_TRUE(Create(spec).ok());
}

TEST_F(ScorecardConfigTest, CreateScorecardRefusesWhatTheRunsInsightsDoNotHold) {
  const glassbox::v1::Run run = CreateRunAndWait(daemon_.stub(), Spec({"model_overview", "fairness"}, ""));
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  glassbox::v1::Scorecard card;
  const std::string prefix = "config_json: scorecard config key '";
  ExpectRefused(Score(run.id(), R"({"Metrics": {"acuracy": {"threshold": ">=0.8"}}})", &card), prefix,
                {"'Metrics.acuracy'", "did you mean 'accuracy_score'?"});
  ExpectRefused(Score(run.id(), R"({"Fairness": {"metric": "selection_rate", "sensitive_features": "race"}})", &card),
                prefix, {"'Fairness.sensitive_features'", "covers sex"});
  ExpectRefused(Score(run.id(), R"({"Fairness": {"metric": "log_loss"}})", &card), prefix, {"'Fairness.metric'"});
  ExpectRefused(Score(run.id(), R"({"Causal": {}})", &card), prefix, {"'Causal'", "the run has no causal analysis"});
  ExpectRefused(Score(run.id(), R"({"Cohorts": ["men"]})", &card), prefix, {"'Cohorts'", "its cohorts: women"});
  // None of the refusals issued a card.
  grpc::ClientContext list_context;
  glassbox::v1::ListScorecardsRequest list;
  list.set_run_id(run.id());
  glassbox::v1::ListScorecardsResponse cards;
  ASSERT_TRUE(daemon_.stub().ListScorecards(&list_context, list, &cards).ok());
  EXPECT_EQ(cards.scorecards_size(), 0);
  EXPECT_TRUE(Score(run.id(), R"({"Metrics": {"Accuracy_Score": {}}, "Cohorts": ["women"]})", &card).ok());
}

// fairness' difference_target is the analyst's: its 9 thresholds on sex (7 default metrics' differences, demographic
// parity and equalized odds differences) are listed apart, and "N of M met" counts the configuration's one target.
TEST_F(ScorecardConfigTest, TheVerdictCountsOnlyTheConfigurationsTargets) {
  const glassbox::v1::Run run =
      CreateRunAndWait(daemon_.stub(), Spec({"model_overview", "fairness"},
                                            R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"}}})",
                                            R"({"difference_target": "<=0.1"})"));
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  ASSERT_FALSE(run.scorecard_id().empty());
  grpc::ClientContext context;
  glassbox::v1::ListScorecardsRequest list;
  list.set_run_id(run.id());
  glassbox::v1::ListScorecardsResponse cards;
  ASSERT_TRUE(daemon_.stub().ListScorecards(&context, list, &cards).ok());
  ASSERT_EQ(cards.scorecards_size(), 1);
  const glassbox::v1::Scorecard& card = cards.scorecards(0);
  // scikit-learn 1.2.1 accuracy_score on the file's prediction column: 0.8670 >= 0.85.
  EXPECT_EQ(card.target_count(), 1);
  EXPECT_EQ(card.targets_met(), 1);
  EXPECT_EQ(card.verdict(), glassbox::v1::PASS);
  const std::string text = CardText(card.id());
  EXPECT_THAT(text, HasSubstr("The target was met."));
  const size_t analysts = text.find("Thresholds the analyst set (not counted in the verdict)");
  ASSERT_NE(analysts, std::string::npos) << text;
  // Fairlearn's MetricFrame(selection_rate, sensitive_features=sex).difference() = 0.1929, above the analyst's 0.1.
  EXPECT_THAT(text.substr(analysts),
              ::testing::ContainsRegex("selection_rate difference \\(sex\\) .* 0\\.1929 <= 0\\.1 ✗ FAIL"));
  // The targets table above it holds the configuration's target only.
  const std::string targets = text.substr(0, analysts);
  EXPECT_THAT(targets, ::testing::ContainsRegex("accuracy_score .* 0\\.8670 >= 0\\.85 ✓ PASS"));
  EXPECT_THAT(targets, ::testing::Not(HasSubstr("selection_rate difference (sex)")));
}

// The throwing fixture plugin fails; a metric only it could have reported is stated as missing with its reason,
// on the first page and in the performance section, and counts as not met.
TEST(ScorecardMissingTest, WhatAFailedAnalysisWouldHaveReportedIsStatedWithTheReason) {
  DaemonProcess daemon({PluginDirs()});
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset.id(), {"model_overview", "throwing"});
  spec.set_scorecard_config(
      R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"}, "calibration_error": {"threshold": "<=0.05"}}})");
  const glassbox::v1::Run run = CreateRunAndWait(daemon.stub(), spec);
  ASSERT_EQ(run.state(), glassbox::v1::FAILED);
  ASSERT_FALSE(run.scorecard_id().empty()) << run.error();

  grpc::ClientContext context;
  glassbox::v1::GetScorecardRequest get;
  get.set_id(run.scorecard_id());
  auto reader = daemon.stub().GetScorecard(&context, get);
  glassbox::v1::ScorecardChunk chunk;
  std::string pdf;
  glassbox::v1::Scorecard card;
  while (reader->Read(&chunk)) {
    if (chunk.has_scorecard()) card = chunk.scorecard();
    pdf += chunk.data();
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(card.target_count(), 2);
  EXPECT_EQ(card.targets_met(), 1);
  TemporaryFolder folder;
  std::ofstream(folder.path() + "/card.pdf", std::ios::binary) << pdf;
  const std::string text = Flat(RunShell("pdftotext -layout " + folder.path() + "/card.pdf - 2>/dev/null").out);
  const std::string reason =
      "'calibration_error' was not measured. The throwing analysis failed: analyzer 'throwing' threw from Analyze: "
      "analysis exploded.";
  const size_t performance = text.find("Model performance How often");
  ASSERT_NE(performance, std::string::npos) << text;
  EXPECT_THAT(text.substr(0, performance), HasSubstr(absl::StrCat("Asked for but missing Asked for Why it is missing "
                                                                  "Metrics.calibration_error ", reason)));
  EXPECT_THAT(text.substr(performance), HasSubstr(absl::StrCat(
                                            "The configuration asks for Metrics.calibration_error, which is missing: ",
                                            reason)));
}

// A configured cohort that is the run's but that no analysis of the run measured is stated as such.
TEST_F(ScorecardConfigTest, ACohortNothingMeasuredIsStatedOnTheFirstPageAndInItsSection) {
  const glassbox::v1::Run run = CreateRunAndWait(daemon_.stub(), Spec({"data_explorer"}, ""));
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  glassbox::v1::Scorecard card;
  ASSERT_TRUE(Score(run.id(), R"({"Cohorts": ["women"]})", &card).ok());
  const std::string text = CardText(card.id());
  const std::string reason = "no analysis of the run reported metrics for cohort 'women'";
  const size_t cohorts = text.find("Cohorts How the model does");
  ASSERT_NE(cohorts, std::string::npos) << text;
  EXPECT_THAT(text.substr(0, cohorts), HasSubstr(absl::StrCat("Cohorts ", reason)));
  EXPECT_THAT(text.substr(cohorts), HasSubstr(absl::StrCat("The configuration asks for Cohorts, which is missing: ",
                                                           reason)));
}

}  // namespace
}  // namespace glassbox::testing
