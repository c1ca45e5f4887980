// Bad input through the real API: each answered with the right status and a
// message naming the field; the daemon keeps serving; nothing half-stored.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(daemon_.running());
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &dataset_).ok());
  }

  int DatasetCount() {
    grpc::ClientContext context;
    glassbox::v1::ListDatasetsResponse list;
    EXPECT_TRUE(daemon_.stub().ListDatasets(&context, {}, &list).ok());
    return list.datasets_size();
  }

  void ExpectUploadRefused(const std::string& bytes, grpc::StatusCode code, const std::string& message,
                           const glassbox::v1::DatasetHeader& header = {}) {
    glassbox::v1::Dataset dataset;
    grpc::Status status = UploadBytes(daemon_.stub(), bytes, &dataset, header);
    EXPECT_EQ(status.error_code(), code) << message << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(message));
  }

  glassbox::v1::RunSpec GoodSpec() {
    glassbox::v1::RunSpec spec;
    spec.set_dataset_id(dataset_.id());
    spec.set_target_column("income");
    spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
    spec.mutable_predictions()->set_prediction_column("prediction");
    spec.add_analyses()->set_analyzer("data_explorer");
    return spec;
  }

  void ExpectRunRefused(const glassbox::v1::RunSpec& spec, grpc::StatusCode code, const std::string& message) {
    grpc::ClientContext context;
    glassbox::v1::CreateRunRequest request;
    *request.mutable_spec() = spec;
    glassbox::v1::Run run;
    grpc::Status status = daemon_.stub().CreateRun(&context, request, &run);
    EXPECT_EQ(status.error_code(), code) << message << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(message));
  }

  DaemonProcess daemon_;
  glassbox::v1::Dataset dataset_;
};

TEST_F(BadInputTest, MalformedCsvIsRefusedAndNothingIsStored) {
  ExpectUploadRefused("", grpc::StatusCode::INVALID_ARGUMENT, "0 bytes");
  ExpectUploadRefused("a,b\n", grpc::StatusCode::INVALID_ARGUMENT, "no data rows");
  ExpectUploadRefused("a,b\n1,2\n3,4,5\n", grpc::StatusCode::INVALID_ARGUMENT, "line 3: expected 2 fields");
  glassbox::v1::DatasetHeader numeric;
  (*numeric.mutable_column_types())["a"] = glassbox::v1::NUMERIC;
  ExpectUploadRefused("a\n1\nx\n", grpc::StatusCode::INVALID_ARGUMENT, "'x' is not a number", numeric);
  glassbox::v1::DatasetHeader huge;
  huge.set_size_bytes(int64_t{2} << 30);
  ExpectUploadRefused("a\n1\n", grpc::StatusCode::RESOURCE_EXHAUSTED, "header.size_bytes", huge);
  EXPECT_EQ(DatasetCount(), 1);
}

TEST_F(BadInputTest, UnknownIdsAreNotFound) {
  grpc::ClientContext context;
  glassbox::v1::GetDatasetRequest request;
  request.set_id("ds_00000000000000000000beef");
  glassbox::v1::Dataset dataset;
  grpc::Status status = daemon_.stub().GetDataset(&context, request, &dataset);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("ds_00000000000000000000beef"));
  for (auto [name, call] : std::vector<std::pair<std::string, std::function<grpc::Status()>>>{
           {"run", [&] {
              grpc::ClientContext c;
              glassbox::v1::GetRunRequest r;
              r.set_id("run_000000000000beef");
              glassbox::v1::Run run;
              return daemon_.stub().GetRun(&c, r, &run);
            }},
           {"insight", [&] {
              grpc::ClientContext c;
              glassbox::v1::GetInsightRequest r;
              r.set_id("ins_0_0");
              glassbox::v1::Insight insight;
              return daemon_.stub().GetInsight(&c, r, &insight);
            }}}) {
    EXPECT_EQ(call().error_code(), grpc::StatusCode::NOT_FOUND) << name;
  }
  ExpectRunRefused([&] {
    auto spec = GoodSpec();
    spec.set_dataset_id("ds_00000000000000000000beef");
    return spec;
  }(), grpc::StatusCode::NOT_FOUND, "dataset 'ds_00000000000000000000beef'");
}

TEST_F(BadInputTest, BadRunSpecsAreRefusedNamingTheField) {
  struct Case {
    std::function<void(glassbox::v1::RunSpec&)> spoil;
    grpc::StatusCode code;
    std::string message;
  };
  std::vector<Case> cases = {
      {[](auto& s) { s.clear_analyses(); }, grpc::StatusCode::INVALID_ARGUMENT, "analyses is empty"},
      {[](auto& s) { s.mutable_analyses(0)->set_analyzer("nope"); }, grpc::StatusCode::INVALID_ARGUMENT,
       "spec.analyses[0].analyzer: no analyzer named 'nope'"},
      {[](auto& s) { s.set_target_column("incme"); }, grpc::StatusCode::INVALID_ARGUMENT,
       "spec.target_column: 'incme' is not a column"},
      {[](auto& s) { s.mutable_predictions()->set_prediction_column("pred"); }, grpc::StatusCode::INVALID_ARGUMENT,
       "spec.predictions.prediction_column: 'pred' is not a column"},
      {[](auto& s) {
         auto* c = s.add_cohorts();
         c->set_name("x");
         c->set_filter("agee > 3");
       },
       grpc::StatusCode::INVALID_ARGUMENT, "cohorts[0].filter ('x'): 'agee' is not a column"},
      {[](auto& s) {
         for (int i = 0; i < 2; ++i) {
           auto* c = s.add_cohorts();
           c->set_name("same");
           c->set_filter("age > 3");
         }
       },
       grpc::StatusCode::INVALID_ARGUMENT, "cohorts[1].name: 'same' is used by an earlier cohort"},
      {[](auto& s) { s.set_target_column("race"), s.mutable_predictions()->set_prediction_column("race"); },
       grpc::StatusCode::INVALID_ARGUMENT, "task: BINARY_CLASSIFICATION"},
      {[](auto& s) {
         (*s.mutable_analyses(0)->mutable_params()->mutable_fields())["features"].mutable_list_value()->add_values()->set_string_value("agee");
       },
       grpc::StatusCode::INVALID_ARGUMENT, "spec.analyses[0].params.features[0]: 'agee' is not a column"},
  };
  for (const auto& c : cases) {
    auto spec = GoodSpec();
    c.spoil(spec);
    ExpectRunRefused(spec, c.code, c.message);
  }
}

TEST_F(BadInputTest, ATargetWithOneClassIsRefused) {
  glassbox::v1::Dataset one_class;
  ASSERT_TRUE(UploadBytes(daemon_.stub(), "y,p,x\nyes,yes,1\nyes,yes,2\n", &one_class).ok());
  auto spec = GoodSpec();
  spec.set_dataset_id(one_class.id());
  spec.set_target_column("y");
  spec.mutable_predictions()->set_prediction_column("p");
  ExpectRunRefused(spec, grpc::StatusCode::INVALID_ARGUMENT, "spec.target_column: 'y' has a single class 'yes'");
}

// Once a heap overflow that killed the daemon: a non-binary task indexed
// probability column -1 or past the last class.
TEST_F(BadInputTest, ProbabilityColumnsThatDoNotFitTheTaskAreRefusedAndTheDaemonServesOn) {
  CliResult multiclass = RunCli(daemon_.address(), {"run", "--dataset", dataset_.id(), "--target", "income", "--task",
                                                    "multiclass", "--prediction", "prediction", "--probability",
                                                    "probability", "--analyzer", "model_overview"});
  EXPECT_EQ(multiclass.exit_code, 1);
  EXPECT_THAT(multiclass.err, HasSubstr("INVALID_ARGUMENT: spec.predictions.probability_columns: 1 columns given for "
                                        "2 classes (<=50K, >50K) of a MULTICLASS_CLASSIFICATION task"));
  for (int task : {4, 99, -1}) {
    auto spec = GoodSpec();
    spec.set_task(static_cast<glassbox::v1::TaskType>(task));
    spec.mutable_predictions()->add_probability_columns("probability");
    ExpectRunRefused(spec, grpc::StatusCode::INVALID_ARGUMENT, absl::StrCat("spec.task: ", task, " is not a TaskType"));
  }
  auto regression = GoodSpec();
  regression.set_task(glassbox::v1::REGRESSION);
  regression.set_target_column("age");
  regression.mutable_predictions()->set_prediction_column("age");
  regression.mutable_predictions()->add_probability_columns("probability");
  ExpectRunRefused(regression, grpc::StatusCode::INVALID_ARGUMENT, "a REGRESSION task has no class probabilities");
  EXPECT_EQ(DatasetCount(), 1);
}

// adult_test_scored.csv's `probability` is P(>50K); read as P(<=50K) it once
// gave ROC AUC 0.0018 without a warning.
TEST_F(BadInputTest, AProbabilityColumnReadAsTheWrongClassIsRefused) {
  auto spec = GoodSpec();
  spec.set_positive_class("<=50K");
  spec.mutable_predictions()->add_probability_columns("probability");
  ExpectRunRefused(spec, grpc::StatusCode::FAILED_PRECONDITION,
                   "spec.predictions.probability_columns[0]: 'probability' is read as the probability of the positive "
                   "class '<=50K'");
  spec.set_positive_class(">50K");
  grpc::ClientContext context;
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = spec;
  glassbox::v1::Run run;
  EXPECT_TRUE(daemon_.stub().CreateRun(&context, request, &run).ok());
}

TEST_F(BadInputTest, ACohortWithoutRowsIsRefused) {
  auto spec = GoodSpec();
  auto* cohort = spec.add_cohorts();
  cohort->set_name("very old");
  cohort->set_filter("age > 95");
  ExpectRunRefused(spec, grpc::StatusCode::FAILED_PRECONDITION,
                   "spec.cohorts[0].filter ('very old'): 'age > 95' selects 0 of the 10054 rows");
  cohort->set_filter("age in range [50, 30]");
  ExpectRunRefused(spec, grpc::StatusCode::INVALID_ARGUMENT, "its low bound is above its high bound");
}

TEST_F(BadInputTest, TheCliPrintsOneReadableLine) {
  CliResult result = RunCli(daemon_.address(), {"dataset", "ds_00000000000000000000beef"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "glassbox: NOT_FOUND: dataset 'ds_00000000000000000000beef' does not exist; ListDatasets shows the ids\n");
  CliResult down = RunCli("127.0.0.1:1", {"datasets"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_THAT(down.err, HasSubstr("glassbox: UNAVAILABLE"));
  EXPECT_EQ(std::count(down.err.begin(), down.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace glassbox::testing
