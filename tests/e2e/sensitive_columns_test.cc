// Any column of the dataset may be a sensitive feature of data_balance and
// fairness, and a feature of error_analysis's tree and heat map, whether or
// not the model reads it; the three analyzers' column parameters are checked
// one way, by the daemon, with the same messages. Through a real daemon with
// the Adult XGBoost model, on adult_test_scored.csv with a column the model
// does not read, size_group.
#include <fstream>
#include <map>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "glassbox/v1/analyses/data_balance.pb.h"
#include "glassbox/v1/analyses/error_analysis.pb.h"
#include "glassbox/v1/analyses/fairness.pb.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

// fnlwgt below 100000 is "small", below 200000 "medium", else "large".
std::string SizeGroup(double fnlwgt) { return fnlwgt < 100000 ? "small" : fnlwgt < 200000 ? "medium" : "large"; }

struct GroupCounts {
  int64_t rows = 0;
  // Rows whose file `prediction` (the same model's, from XGBoost's Python package) differs from `income`.
  int64_t errors = 0;
};

class SensitiveColumnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    glassbox::v1::Dataset adult;
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult.csv"), &adult).ok());
    grpc::ClientContext context;
    glassbox::v1::ModelVersion model;
    ASSERT_TRUE(daemon_.stub().RegisterModel(&context, AdultModelRequest("adult-xgb", adult.id()), &model).ok());

    std::ifstream in(DatasetPath("adult_test_scored.csv"));
    std::ostringstream csv;
    std::string line;
    std::getline(in, line);
    csv << line << ",size_group\n";
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      std::vector<std::string> cells = absl::StrSplit(line, ',');
      double fnlwgt = 0;
      ASSERT_TRUE(absl::SimpleAtod(cells[2], &fnlwgt)) << line;
      const std::string group = SizeGroup(fnlwgt);
      GroupCounts& counts = expected_[group];
      ++counts.rows;
      counts.errors += cells[14] != cells[16];  // income, prediction
      csv << line << "," << group << "\n";
    }
    glassbox::v1::Dataset dataset;
    ASSERT_TRUE(UploadBytes(daemon_.stub(), csv.str(), &dataset).ok());
    dataset_id_ = dataset.id();
  }

  glassbox::v1::RunSpec Spec(const std::string& analyzer, const std::string& params) {
    glassbox::v1::RunSpec spec = AdultRunSpec(dataset_id_, {analyzer}, "adult-xgb");
    *spec.mutable_analyses(0)->mutable_params() = ParseParams(params);
    return spec;
  }

  grpc::Status Refusal(const std::string& analyzer, const std::string& params) {
    grpc::ClientContext context;
    glassbox::v1::CreateRunRequest request;
    *request.mutable_spec() = Spec(analyzer, params);
    glassbox::v1::Run run;
    return daemon_.stub().CreateRun(&context, request, &run);
  }

  template <typename Payload>
  Payload Run(const std::string& analyzer, const std::string& params) {
    glassbox::v1::Run run = CreateRunAndWait(daemon_.stub(), Spec(analyzer, params));
    EXPECT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
    Payload payload;
    EXPECT_TRUE(FetchInsight(daemon_.stub(), run.analyses(0).insight_id()).payload().UnpackTo(&payload));
    return payload;
  }

  DaemonProcess daemon_;
  std::string dataset_id_;
  std::map<std::string, GroupCounts> expected_;
};

TEST_F(SensitiveColumnsTest, AColumnTheModelDoesNotReadIsASensitiveFeatureOfEachAnalyzer) {
  ASSERT_EQ(expected_.size(), 3u);

  const auto balance =
      Run<glassbox::v1::analyses::DataBalance>("data_balance", R"({"sensitive_features": ["size_group"]})");
  std::map<std::string, int64_t> balance_counts;
  for (const auto& entry : balance.classes()) {
    EXPECT_EQ(entry.feature(), "size_group");
    balance_counts[entry.value()] = entry.count();
  }
  const auto fairness = Run<glassbox::v1::analyses::Fairness>("fairness", R"({"sensitive_features": ["size_group"]})");
  ASSERT_EQ(fairness.features_size(), 1);
  std::map<std::string, int64_t> fairness_counts;
  for (const auto& group : fairness.features(0).groups()) fairness_counts[group.name()] = group.count();

  const auto errors = Run<glassbox::v1::analyses::ErrorAnalysis>(
      "error_analysis", R"({"features": ["size_group", "age"], "heatmap_features": ["size_group"]})");
  EXPECT_THAT(errors.features(), ::testing::ElementsAre("size_group", "age"));
  std::map<std::string, GroupCounts> cells;
  for (const auto& cell : errors.heat_map().cells()) {
    cells[errors.heat_map().row_labels(cell.row())] = {cell.count(), static_cast<int64_t>(cell.error())};
  }
  for (const auto& [group, counts] : expected_) {
    EXPECT_EQ(balance_counts[group], counts.rows) << group;
    EXPECT_EQ(fairness_counts[group], counts.rows) << group;
    EXPECT_EQ(cells[group].rows, counts.rows) << group;
    EXPECT_EQ(cells[group].errors, counts.errors) << group;
  }
}

TEST_F(SensitiveColumnsTest, TheThreeAnalyzersRefuseTheSameMistakesWithTheSameMessages) {
  const std::string columns = "(columns: age, workclass, fnlwgt, education, education-num, marital-status, "
                              "occupation, relationship, race, sex, capital-gain, capital-loss, hours-per-week, "
                              "native-country, income, probability, prediction, size_group)";
  for (const auto& [analyzer, parameter] : std::vector<std::pair<std::string, std::string>>{
           {"data_balance", "sensitive_features"}, {"fairness", "sensitive_features"}, {"error_analysis", "features"},
           {"error_analysis", "heatmap_features"}}) {
    grpc::Status unknown = Refusal(analyzer, absl::StrCat(R"({")", parameter, R"(": ["size-group"]})"));
    EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << analyzer;
    EXPECT_EQ(unknown.error_message(), absl::StrCat("spec.analyses[0].params.", parameter,
                                                    "[0]: 'size-group' is not a column of the dataset ", columns));
    grpc::Status twice = Refusal(analyzer, absl::StrCat(R"({")", parameter, R"(": ["size_group", "size_group"]})"));
    EXPECT_EQ(twice.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << analyzer;
    EXPECT_EQ(twice.error_message(), absl::StrCat("spec.analyses[0].params.", parameter,
                                                  "[1]: 'size_group' is also item 0; name each column once"));
  }
  for (const std::string analyzer : {"data_balance", "fairness"}) {
    grpc::Status empty = Refusal(analyzer, R"({"sensitive_features": []})");
    EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << analyzer;
    EXPECT_THAT(empty.error_message(), HasSubstr("analyses[0].params.sensitive_features is empty, but it is required: "));
  }
}

}  // namespace
}  // namespace glassbox::testing
