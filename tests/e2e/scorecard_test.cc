// Scorecards through a real daemon: issued at the end of a run and on demand,
// archived byte for byte, checked by rendering the PDF with poppler.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "storage/sha256.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

// Targets for adult_test_scored.csv. scikit-learn 1.2.1 on the file's prediction column:
// accuracy_score 0.8670 (meets >= 0.85), f1_score 0.7109 (misses >= 0.75); Fairlearn's
// MetricFrame(selection_rate, sensitive_features=sex).difference() = 0.1929 (meets <= 0.2).
constexpr char kConfig[] = R"({
  "Model": {"ModelName": "Adult income", "ModelType": "Classification", "ModelSummary": "Screens applications"},
  "Metrics": {"accuracy_score": {"threshold": ">=0.85"}, "f1_score": {"threshold": ">=0.75"}},
  "Fairness": {"metric": ["selection_rate"], "sensitive_features": ["sex"],
               "fairness_evaluation_kind": "difference", "threshold": "<=0.2"}
})";

class ScorecardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(daemon_.running());
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &dataset_).ok());
  }

  glassbox::v1::Run RunAnalyses(std::vector<std::string> analyzers, const std::string& config) {
    glassbox::v1::RunSpec spec = AdultRunSpec(dataset_.id(), analyzers);
    spec.set_scorecard_config(config);
    for (auto& analysis : *spec.mutable_analyses()) {
      if (analysis.analyzer() == "fairness") {
        (*analysis.mutable_params()->mutable_fields())["sensitive_features"].mutable_list_value()->add_values()->set_string_value("sex");
      }
    }
    return CreateRunAndWait(daemon_.stub(), spec);
  }

  std::string Download(const std::string& id, glassbox::v1::Scorecard* card) {
    grpc::ClientContext context;
    glassbox::v1::GetScorecardRequest request;
    request.set_id(id);
    auto reader = daemon_.stub().GetScorecard(&context, request);
    glassbox::v1::ScorecardChunk chunk;
    std::string pdf;
    while (reader->Read(&chunk)) {
      if (chunk.has_scorecard()) *card = chunk.scorecard();
      pdf += chunk.data();
    }
    EXPECT_TRUE(reader->Finish().ok());
    return pdf;
  }

  std::string PdfText(const std::string& pdf) {
    std::string path = folder_.path() + "/card.pdf";
    std::ofstream(path, std::ios::binary) << pdf;
    return RunShell("pdftotext -layout " + path + " - 2>/dev/null").out;
  }

  TemporaryFolder folder_;
  DaemonProcess daemon_;
  glassbox::v1::Dataset dataset_;
};

TEST_F(ScorecardTest, ARunIssuesItsScorecardWithEveryTargetAndTheVerdict) {
  glassbox::v1::Run run = RunAnalyses({"model_overview", "data_explorer", "fairness"}, kConfig);
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  ASSERT_FALSE(run.scorecard_id().empty());
  glassbox::v1::Scorecard card;
  std::string pdf = Download(run.scorecard_id(), &card);
  EXPECT_EQ(storage::Sha256Hex(pdf), card.sha256());
  EXPECT_EQ(card.target_count(), 3);
  EXPECT_EQ(card.targets_met(), 2);
  EXPECT_EQ(card.verdict(), glassbox::v1::FAIL);

  std::string text = PdfText(pdf);
  EXPECT_THAT(text, HasSubstr("Not all targets met: 2 of 3 met"));
  EXPECT_THAT(text, ::testing::ContainsRegex("accuracy_score .* 0\\.8670 +>= 0\\.85 +✓ PASS"));
  EXPECT_THAT(text, ::testing::ContainsRegex("f1_score .* 0\\.7109 +>= 0\\.75 +✗ FAIL"));
  EXPECT_THAT(text, ::testing::ContainsRegex("selection_rate difference \\(sex\\) .* 0\\.1929 +<= 0\\.2 +✓ PASS"));

  std::string pages = folder_.path() + "/page";
  RunShell("pdftoppm -r 30 -png " + folder_.path() + "/card.pdf " + pages);
  int rendered = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder_.path())) {
    rendered += entry.path().extension() == ".png" && entry.file_size() > 1000;
  }
  EXPECT_EQ(rendered, card.page_count());
}

TEST_F(ScorecardTest, StakeholdersRescoreAFinishedRunAndTheArchiveSurvivesARestart) {
  glassbox::v1::Run run = RunAnalyses({"model_overview"}, "");
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED);
  EXPECT_TRUE(run.scorecard_id().empty());
  CliResult issued = RunCli(daemon_.address(), {"scorecard", run.id(), "--config", folder_.path() + "/absent.json"});
  EXPECT_EQ(issued.exit_code, 1);
  EXPECT_THAT(issued.err, HasSubstr("cannot open"));
  std::string config_path = folder_.path() + "/targets.json";
  std::ofstream(config_path) << R"({"Metrics": {"accuracy_score": {"threshold": ">=0.9"}}})";
  std::string pdf_path = folder_.path() + "/cli.pdf";
  issued = RunCli(daemon_.address(), {"scorecard", run.id(), "--config", config_path, "-o", pdf_path});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  EXPECT_THAT(issued.out, HasSubstr("targets not met (0 of 1)"));
  std::ifstream in(pdf_path, std::ios::binary);
  std::string from_cli((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  grpc::ClientContext list_context;
  glassbox::v1::ListScorecardsRequest list;
  list.set_run_id(run.id());
  glassbox::v1::ListScorecardsResponse cards;
  ASSERT_TRUE(daemon_.stub().ListScorecards(&list_context, list, &cards).ok());
  ASSERT_EQ(cards.scorecards_size(), 1);
  daemon_.Restart();
  glassbox::v1::Scorecard card;
  EXPECT_EQ(Download(cards.scorecards(0).id(), &card), from_cli);
  EXPECT_EQ(storage::Sha256Hex(from_cli), card.sha256());
}

TEST_F(ScorecardTest, BadConfigsAndUnknownRunsAreRefused) {
  glassbox::v1::Run run = RunAnalyses({"model_overview"}, "");
  grpc::ClientContext context;
  glassbox::v1::CreateScorecardRequest request;
  request.set_run_id(run.id());
  request.set_config_json(R"({"Metrics": {"accuracy_score": {"threshold": "at least 0.8"}}})");
  glassbox::v1::Scorecard card;
  grpc::Status status = daemon_.stub().CreateScorecard(&context, request, &card);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("Metrics.accuracy_score.threshold"));

  request.set_config_json(R"({"Metrix": {}})");
  grpc::ClientContext unknown_key;
  status = daemon_.stub().CreateScorecard(&unknown_key, request, &card);
  EXPECT_THAT(status.error_message(), HasSubstr("Metrix"));

  request.set_run_id("run_000000000000beef");
  grpc::ClientContext missing;
  EXPECT_EQ(daemon_.stub().CreateScorecard(&missing, request, &card).error_code(), grpc::StatusCode::NOT_FOUND);

  glassbox::v1::CreateRunRequest bad_run;
  bad_run.mutable_spec()->set_dataset_id(dataset_.id());
  bad_run.mutable_spec()->set_scorecard_config("{not json");
  grpc::ClientContext create;
  glassbox::v1::Run refused;
  status = daemon_.stub().CreateRun(&create, bad_run, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("spec.scorecard_config"));
}

// Deep nesting costs protobuf's JSON reader CPU out of all proportion to its
// size; the depth limit refuses it before any parsing, on both ways in. 20,000
// lists keep the config under its 64 KiB cap, so the depth is what is refused.
TEST_F(ScorecardTest, ADeeplyNestedConfigIsRefusedNamingTheDepth) {
  const std::string nested = R"({"Model": )" + std::string(20'000, '[') + std::string(20'000, ']') + "}";
  glassbox::v1::Run run = RunAnalyses({"model_overview"}, "");
  glassbox::v1::CreateScorecardRequest request;
  request.set_run_id(run.id());
  request.set_config_json(nested);
  grpc::ClientContext scorecard_context;
  glassbox::v1::Scorecard card;
  grpc::Status status = daemon_.stub().CreateScorecard(&scorecard_context, request, &card);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("config_json: scorecard config nests objects and lists 20001 deep; "
                                                "the limit is 16"));

  glassbox::v1::CreateRunRequest create;
  *create.mutable_spec() = AdultRunSpec(dataset_.id(), {"model_overview"});
  create.mutable_spec()->set_scorecard_config(nested);
  grpc::ClientContext run_context;
  glassbox::v1::Run refused;
  status = daemon_.stub().CreateRun(&run_context, create, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("spec.scorecard_config: scorecard config nests objects and lists "
                                                "20001 deep; the limit is 16"));
}

TEST(ScorecardFailureTest, AFailedAnalysisIsStatedOnThePage) {
  DaemonProcess daemon({std::string("--plugin_dir=") + GLASSBOX_BINARY_DIR + "/lib/glassbox/plugins," +
                        FIXTURE_PLUGIN_DIR});
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset.id(), {"model_overview", "throwing"});
  // kConfig's Fairness would be refused: the run has no fairness analysis.
  spec.set_scorecard_config(R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"}}})");
  glassbox::v1::Run run = CreateRunAndWait(daemon.stub(), spec);
  EXPECT_EQ(run.state(), glassbox::v1::FAILED);
  EXPECT_THAT(run.error(), HasSubstr("1 of 2 analyses failed: throwing"));
  EXPECT_EQ(run.analyses(0).state(), glassbox::v1::ANALYSIS_SUCCEEDED);
  ASSERT_FALSE(run.scorecard_id().empty());

  grpc::ClientContext get_context;
  glassbox::v1::GetScorecardRequest get;
  get.set_id(run.scorecard_id());
  auto reader = daemon.stub().GetScorecard(&get_context, get);
  glassbox::v1::ScorecardChunk chunk;
  std::string pdf;
  while (reader->Read(&chunk)) pdf += chunk.data();
  ASSERT_TRUE(reader->Finish().ok());
  TemporaryFolder folder;
  std::ofstream(folder.path() + "/card.pdf", std::ios::binary) << pdf;
  std::string text = RunShell("pdftotext " + folder.path() + "/card.pdf - 2>/dev/null").out;
  EXPECT_THAT(text, HasSubstr("1 analysis did not complete"));
  EXPECT_THAT(text, HasSubstr("analysis exploded"));
}

}  // namespace
}  // namespace glassbox::testing
