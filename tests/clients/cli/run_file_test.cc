// A run as a file: run -f (YAML or JSON, flags override), --dry-run (checked
// by the daemon, nothing queued), show --spec (a file that reruns the run),
// and the two examples of docs/examples run as a newcomer would.
#include "clients/cli/run_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "glassbox/v1/service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/clients/cli/cli_fixture.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

using ::glassbox::cli::ParseRunFile;
using ::glassbox::cli::RunFileText;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

const std::string kExamples = std::string(GLASSBOX_SOURCE_DIR) + "/docs/examples/";

TEST(RunFileTest, YamlFieldsAreTypedByTheSpecAndParamsByTheirLook) {
  auto spec = ParseRunFile(R"(
target_column: y
task: binary
positiveClass: 1
predictions: {prediction_column: p, probability_columns: [p1]}
analyses:
  - analyzer: causal
    params: {treatments: [a], cv: 3, alpha: 0.1, label: "3", flag: true, none: null}
)",
                           "run.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->task(), glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_EQ(spec->positive_class(), "1");
  EXPECT_EQ(spec->predictions().probability_columns(0), "p1");
  const auto& params = spec->analyses(0).params().fields();
  EXPECT_EQ(params.at("cv").number_value(), 3);
  EXPECT_EQ(params.at("alpha").number_value(), 0.1);
  EXPECT_EQ(params.at("label").string_value(), "3");
  EXPECT_TRUE(params.at("flag").bool_value());
  EXPECT_TRUE(params.at("none").has_null_value());
  EXPECT_EQ(params.at("treatments").list_value().values(0).string_value(), "a");

  auto again = ParseRunFile(RunFileText(*spec), "spec.json");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*again, *spec)) << RunFileText(*again);
}

TEST(RunFileTest, TheFileWritesComparisonsAndClassesAsPeopleDo) {
  glassbox::v1::RunSpec spec;
  spec.set_positive_class(">50K");
  auto* cohort = spec.add_cohorts();
  cohort->set_name("a&b");
  cohort->set_filter("age > 40 AND hours < 20");
  // A literal backslash before "u003e" is not an escape of '>'.
  spec.set_display_name(R"(not \u003e, "quoted")");
  const std::string text = RunFileText(spec);
  EXPECT_THAT(text, HasSubstr(R"("positive_class": ">50K")"));
  EXPECT_THAT(text, HasSubstr(R"("filter": "age > 40 AND hours < 20")"));
  EXPECT_THAT(text, HasSubstr(R"("name": "a&b")"));
  EXPECT_THAT(text, HasSubstr(R"("display_name": "not \\u003e, \"quoted\"")"));
  auto again = ParseRunFile(text, "spec.json");
  ASSERT_TRUE(again.ok()) << again.status() << text;
  EXPECT_TRUE(MessageDifferencer::Equals(*again, spec)) << text;
}

TEST(RunFileTest, MistakesNameTheFileLineAndField) {
  EXPECT_EQ(ParseRunFile("target_column: y\ntarget: z\n", "run.yaml").status().message(),
            "run.yaml:2: unknown field 'target' of glassbox.v1.RunSpec");
  EXPECT_EQ(ParseRunFile("task: binery\n", "run.yaml").status().message(),
            "run.yaml:1: task binery: use binary, multiclass or regression");
  EXPECT_EQ(ParseRunFile("cohorts: [{name: a, filtre: b}]\n", "run.yaml").status().message(),
            "run.yaml:1: unknown field 'filtre' of glassbox.v1.Cohort");
  EXPECT_THAT(std::string(ParseRunFile("{\"task\": ", "run.json").status().message()),
              HasSubstr("run.json:2:1: not YAML or JSON: did not find expected node content"));
  EXPECT_EQ(ParseRunFile("- a\n", "run.yaml").status().message(),
            "run.yaml: a run file holds the fields of a RunSpec, e.g. dataset_id");
}

class RunFileCliTest : public CliModelTest {
 protected:
  static int RunCount() {
    grpc::ClientContext context;
    glassbox::v1::ListRunsResponse runs;
    EXPECT_TRUE(daemon_->stub().ListRuns(&context, {}, &runs).ok());
    return runs.runs_size();
  }

  static glassbox::v1::Run GetRun(const std::string& id) {
    grpc::ClientContext context;
    glassbox::v1::GetRunRequest request;
    request.set_id(id);
    glassbox::v1::Run run;
    EXPECT_TRUE(daemon_->stub().GetRun(&context, request, &run).ok());
    return run;
  }

  static const glassbox::v1::Block* Metric(const glassbox::v1::Insight& insight, const std::string& name) {
    for (const auto& block : insight.blocks()) {
      if (block.has_metric() && block.metric().name() == name && block.metric().cohort().empty()) return &block;
    }
    return nullptr;
  }

  TemporaryFolder folder_;
};

TEST_F(RunFileCliTest, TheAdultCensusExampleRunsWithTheDatasetGivenAsAFlag) {
  CliResult run = Cli({"run", "-f", kExamples + "adult-census-run.yaml", "--dataset", scored_.id(), "--watch"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  glassbox::v1::Run stored = GetRun(WatchedRunId(run));
  EXPECT_EQ(stored.spec().dataset_id(), scored_.id());
  EXPECT_EQ(stored.spec().positive_class(), ">50K");
  ASSERT_EQ(stored.analyses_size(), 3);
  EXPECT_EQ(stored.analyses(2).analyzer(), "fairness");
  // scikit-learn 1.2.1: accuracy_score of adult_test_scored.csv's prediction column (tests/e2e/spine_test.cc).
  const glassbox::v1::Insight overview = FetchInsight(daemon_->stub(), stored.analyses(0).insight_id());
  const auto* accuracy = Metric(overview, "accuracy_score");
  ASSERT_NE(accuracy, nullptr);
  EXPECT_NEAR(accuracy->metric().value(), 0.8670181022478616, 1e-12);
}

TEST_F(RunFileCliTest, TheRegressionExampleRunsOnTheDataItsScriptWrites) {
  const std::string csv = folder_.path() + "/diabetes_scored.csv";
  ShellResult script = RunShell("/usr/bin/python3 " + kExamples + "diabetes_scored.py " + csv);
  const std::string& printed = script.out;
  ASSERT_EQ(script.exit_status, 0) << printed;
  // The script prints scikit-learn's r2_score and mean_absolute_error of its predictions.
  std::map<std::string, double> expected;
  for (absl::string_view line : absl::StrSplit(printed, '\n', absl::SkipEmpty())) {
    std::vector<std::string> words = absl::StrSplit(line, ' ');
    ASSERT_EQ(words.size(), 2u) << line;
    ASSERT_TRUE(absl::SimpleAtod(words[1], &expected[words[0]]));
  }
  ASSERT_EQ(expected.size(), 2u) << printed;

  CliResult uploaded = Cli({"upload", csv});
  ASSERT_EQ(uploaded.exit_code, 0) << uploaded.err;
  const std::string dataset = uploaded.out.substr(0, uploaded.out.find(' '));
  CliResult run = Cli({"run", "-f", kExamples + "regression-run.yaml", "--dataset", dataset, "--watch"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  glassbox::v1::Run stored = GetRun(WatchedRunId(run));
  EXPECT_EQ(stored.spec().task(), glassbox::v1::REGRESSION);
  auto overview = FetchInsight(daemon_->stub(), stored.analyses(0).insight_id());
  for (const auto& [name, value] : expected) {
    const auto* metric = Metric(overview, name);
    ASSERT_NE(metric, nullptr) << name;
    EXPECT_NEAR(metric->metric().value(), value, 1e-9 * std::max(1.0, std::abs(value))) << name;
  }
}

TEST_F(RunFileCliTest, DryRunIsCheckedLikeARunButQueuesNothing) {
  const int runs_before = RunCount();
  CliResult dry = Cli({"run", "--dry-run", "--dataset", scored_.id(), "--target", "income", "--task", "binary",
                       "--model", "adult-xgb", "--analyzer", "model_overview"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  // The printed spec is the resolved one (the model's version filled in), and itself a run file.
  auto spec = ParseRunFile(dry.out, "dry-run output");
  ASSERT_TRUE(spec.ok()) << spec.status() << dry.out;
  EXPECT_EQ(spec->model().name(), "adult-xgb");
  EXPECT_EQ(spec->model().version(), "1");
  EXPECT_EQ(spec->analyses(0).analyzer(), "model_overview");

  CliResult refused = Cli({"run", "--dry-run", "--dataset", scored_.id(), "--target", "incme", "--task", "binary",
                           "--prediction", "prediction", "--analyzer", "model_overview"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("INVALID_ARGUMENT: spec.target_column: 'incme' is not a column of the dataset"));
  EXPECT_EQ(RunCount(), runs_before);
}

TEST_F(RunFileCliTest, ShowSpecPrintsAFileThatRerunsTheRun) {
  CliResult first = Cli({"run",
                         "--dataset",
                         scored_.id(),
                         "--target",
                         "income",
                         "--task",
                         "binary",
                         "--prediction",
                         "prediction",
                         "--probability",
                         "probability",
                         "--positive-class",
                         ">50K",
                         "--cohort",
                         "women:sex == Female",
                         "--analyzer",
                         R"(fairness={"sensitive_features": ["sex"]})",
                         "--name",
                         "first",
                         "--watch"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const glassbox::v1::Run original = GetRun(WatchedRunId(first));
  CliResult shown = Cli({"show", original.id(), "--spec"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const std::string path = folder_.path() + "/rerun.json";
  std::ofstream(path) << shown.out;

  CliResult rerun = Cli({"run", "-f", path, "--name", "second", "--watch"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  glassbox::v1::Run again = GetRun(WatchedRunId(rerun));
  EXPECT_EQ(again.spec().display_name(), "second");
  again.mutable_spec()->set_display_name("first");
  EXPECT_TRUE(MessageDifferencer::Equals(again.spec(), original.spec())) << shown.out;
}

}  // namespace
}  // namespace glassbox::testing
