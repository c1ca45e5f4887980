// threshold_optimizer through a real glassboxd. The rules on Adult
// (adult_test_scored.csv, sensitive feature sex) are checked against
// fairlearn_replay.py, an independent numpy replay of Fairlearn's
// ThresholdOptimizer written from its published source (see the script's
// header), to 1e-9 on thresholds and mixing weights; the draws of the
// measured rates use the same numpy RandomState, so those agree too. The
// small case is worked by hand in threshold_optimizer_core_test.cc.
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glassbox/v1/analyses/threshold_optimizer.pb.h"
#include "google/protobuf/util/json_util.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

namespace analyses = glassbox::v1::analyses;
using ::testing::HasSubstr;

constexpr double kRuleTolerance = 1e-9;
constexpr double kRateTolerance = 1e-12;

constexpr char kTinyCsv[] =
    "group,score,income,prediction\n"
    "A,0.8,yes,yes\n"
    "A,0.6,yes,yes\n"
    "A,0.4,no,yes\n"
    "A,0.2,no,no\n"
    "B,0.9,yes,yes\n"
    "B,0.7,no,no\n"
    "B,0.5,no,no\n"
    "B,0.1,no,no\n";

struct Fit {
  std::string constraints = "demographic_parity";
  std::string objective = "accuracy_score";
  int grid_size = 1000;
  bool flip = false;
  double tolerance = 0;
  int seed = 0;

  std::string ParamsJson(const std::string& sensitive) const {
    return absl::StrCat(R"({"sensitive_features": [")", sensitive, R"("], "constraints": ")", constraints,
                        R"(", "objective": ")", objective, R"(", "grid_size": )", grid_size,
                        R"(, "flip": )", flip ? "true" : "false", ", \"tolerance\": ", tolerance,
                        ", \"seed\": ", seed, "}");
  }
};

// The replay's answer for `fit` on a CSV: {"groups": {name: {...}}}.
google::protobuf::Struct Replay(const std::string& csv, const std::string& sensitive, const std::string& target,
                                const std::string& positive, const std::string& score, const std::string& prediction,
                                const Fit& fit) {
  const std::string command = absl::StrCat(
      SYSTEM_PYTHON3, " ", FAIRLEARN_REPLAY, " '", csv, "' ", sensitive, " ", target, " '", positive, "' ", score, " ",
      prediction, " ", fit.constraints, " ", fit.objective, " ", fit.grid_size, " ", fit.flip ? "true" : "false", " ",
      fit.tolerance, " ", fit.seed);
  const ShellResult result = RunShell(command);
  EXPECT_EQ(result.exit_status, 0) << command;
  google::protobuf::Struct answer;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &answer).ok()) << result.out;
  return answer;
}

double Threshold(const google::protobuf::Value& value) {
  if (value.has_string_value()) {
    return value.string_value() == "inf" ? std::numeric_limits<double>::infinity()
                                         : -std::numeric_limits<double>::infinity();
  }
  return value.number_value();
}

void ExpectNear(double actual, double expected, double tolerance, const std::string& what) {
  if (std::isinf(expected)) {
    EXPECT_EQ(actual, expected) << what;
  } else {
    EXPECT_NEAR(actual, expected, tolerance) << what;
  }
}

// Every rule and measured rate of `payload` against the replay's.
void ExpectMatchesReplay(const analyses::ThresholdOptimizer& payload, const google::protobuf::Struct& replay) {
  const auto& groups = replay.fields().at("groups").struct_value().fields();
  ASSERT_EQ(payload.rules_size(), static_cast<int>(groups.size()));
  for (int g = 0; g < payload.rules_size(); ++g) {
    const auto& rule = payload.rules(g);
    ASSERT_TRUE(groups.contains(rule.group())) << rule.group();
    const auto& want = groups.at(rule.group()).struct_value().fields();
    const std::string who = absl::StrCat("group ", rule.group());
    EXPECT_NEAR(rule.p0(), want.at("p0").number_value(), kRuleTolerance) << who;
    EXPECT_NEAR(rule.p1(), want.at("p1").number_value(), kRuleTolerance) << who;
    EXPECT_EQ(rule.operation0().operator_(), want.at("operator0").string_value()) << who;
    EXPECT_EQ(rule.operation1().operator_(), want.at("operator1").string_value()) << who;
    ExpectNear(rule.operation0().threshold(), Threshold(want.at("threshold0")), kRuleTolerance, who + " threshold0");
    ExpectNear(rule.operation1().threshold(), Threshold(want.at("threshold1")), kRuleTolerance, who + " threshold1");
    EXPECT_NEAR(rule.p_ignore(), want.at("p_ignore").number_value(), kRuleTolerance) << who;
    EXPECT_NEAR(rule.prediction_constant(), want.at("prediction_constant").number_value(), kRuleTolerance) << who;
    EXPECT_NEAR(rule.constraint_value(), want.at("constraint_value").number_value(), kRuleTolerance) << who;

    const auto& group = payload.groups(g);
    EXPECT_EQ(group.group(), rule.group());
    EXPECT_NEAR(group.before().selection_rate(), want.at("before_selection_rate").number_value(), kRateTolerance);
    EXPECT_NEAR(group.expected().selection_rate(), want.at("expected_selection_rate").number_value(),
                kRateTolerance);
    EXPECT_NEAR(group.measured().selection_rate(), want.at("measured_selection_rate").number_value(),
                kRateTolerance);
    EXPECT_NEAR(group.measured().true_positive_rate(), want.at("measured_true_positive_rate").number_value(),
                kRateTolerance);
    EXPECT_NEAR(group.measured().false_positive_rate(), want.at("measured_false_positive_rate").number_value(),
                kRateTolerance);
  }
}

class ThresholdOptimizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    daemon_ = new DaemonProcess();
    ASSERT_TRUE(daemon_->running());
    ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult_test_scored.csv"), &scored_).ok());
  }
  static void TearDownTestSuite() {
    delete daemon_;
    daemon_ = nullptr;
  }

  static glassbox::v1::RunSpec AdultSpec(const std::string& params, const std::string& model = "") {
    glassbox::v1::RunSpec spec = AdultRunSpec(scored_.id(), {}, model);
    auto* analysis = spec.add_analyses();
    analysis->set_analyzer("threshold_optimizer");
    *analysis->mutable_params() = ParseParams(params);
    return spec;
  }

  static analyses::ThresholdOptimizer RunFit(const glassbox::v1::RunSpec& spec, glassbox::v1::Insight* insight) {
    const glassbox::v1::Run run = CreateRunAndWait(daemon_->stub(), spec);
    EXPECT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
    analyses::ThresholdOptimizer payload;
    if (run.analyses_size() != 1) return payload;
    *insight = FetchInsight(daemon_->stub(), run.analyses(0).insight_id());
    EXPECT_TRUE(insight->payload().UnpackTo(&payload));
    const double seconds = static_cast<double>(run.end_time().seconds() - run.start_time().seconds()) +
                           (run.end_time().nanos() - run.start_time().nanos()) / 1e9;
    std::printf("threshold_optimizer %s/%s on %lld rows: run took %.3f s\n", payload.constraints().c_str(),
                payload.objective().c_str(), static_cast<long long>(payload.num_rows()), seconds);
    return payload;
  }

  static analyses::ThresholdOptimizer RunAdult(const Fit& fit) {
    glassbox::v1::Insight insight;
    return RunFit(AdultSpec(fit.ParamsJson("sex")), &insight);
  }

  static google::protobuf::Struct ReplayAdult(const Fit& fit) {
    return Replay(DatasetPath("adult_test_scored.csv"), "sex", "income", ">50K", "probability", "prediction", fit);
  }

  static grpc::Status CreateRun(const glassbox::v1::RunSpec& spec) {
    grpc::ClientContext context;
    glassbox::v1::CreateRunRequest request;
    *request.mutable_spec() = spec;
    glassbox::v1::Run run;
    return daemon_->stub().CreateRun(&context, request, &run);
  }

  static DaemonProcess* daemon_;
  static glassbox::v1::Dataset scored_;
};

DaemonProcess* ThresholdOptimizerTest::daemon_ = nullptr;
glassbox::v1::Dataset ThresholdOptimizerTest::scored_;

TEST_F(ThresholdOptimizerTest, DemographicParityOnAdultMatchesFairlearnReplay) {
  const Fit fit;
  const analyses::ThresholdOptimizer payload = RunAdult(fit);
  ExpectMatchesReplay(payload, ReplayAdult(fit));
  ASSERT_EQ(payload.groups_size(), 2);
  EXPECT_EQ(payload.groups(0).group(), "Female");
  // Before: the scored predictions select 8.1% of women and 27.4% of men (the replay's figures, checked above).
  const double before = payload.groups(1).before().selection_rate() - payload.groups(0).before().selection_rate();
  EXPECT_NEAR(payload.before().selection_rate(), before, kRateTolerance);
  EXPECT_GT(before, 0.19);
  // After: every group's expected selection rate is the common grid value.
  for (const auto& group : payload.groups()) {
    EXPECT_NEAR(group.expected().selection_rate(), payload.best_constraint_value(), kRateTolerance);
  }
  EXPECT_LT(payload.expected().selection_rate(), kRateTolerance);
  EXPECT_NEAR(payload.expected().constraint(), payload.expected().selection_rate(), 0);
  std::printf("selection rate difference: before %.6f, expected after %.3g, measured after %.6f; accuracy %.6f\n",
              payload.before().selection_rate(), payload.expected().selection_rate(),
              payload.measured().selection_rate(), payload.best_objective());
}

TEST_F(ThresholdOptimizerTest, DemographicParityWithToleranceStaysWithinIt) {
  Fit fit;
  fit.tolerance = 0.02;
  fit.seed = 11;
  const analyses::ThresholdOptimizer payload = RunAdult(fit);
  ExpectMatchesReplay(payload, ReplayAdult(fit));
  EXPECT_LE(payload.expected().selection_rate(), fit.tolerance + kRateTolerance);
  EXPECT_GT(payload.before().selection_rate(), 0.19);
  std::printf("tolerance 0.02: selection rate difference expected after %.6f, measured after %.6f\n",
              payload.expected().selection_rate(), payload.measured().selection_rate());
}

TEST_F(ThresholdOptimizerTest, EqualizedOddsWithFlipMatchesFairlearnReplay) {
  Fit fit;
  fit.constraints = "equalized_odds";
  fit.objective = "balanced_accuracy_score";
  fit.flip = true;
  fit.seed = 3;
  const analyses::ThresholdOptimizer payload = RunAdult(fit);
  ExpectMatchesReplay(payload, ReplayAdult(fit));
  // Expected after: both groups at the common (FPR, TPR) point.
  for (const auto& group : payload.groups()) {
    EXPECT_NEAR(group.expected().false_positive_rate(), payload.best_constraint_value(), 1e-9);
    EXPECT_NEAR(group.expected().true_positive_rate(), payload.best_true_positive_rate(), 1e-9);
  }
  EXPECT_LT(payload.expected().constraint(), 1e-9);
  // The trade-off chart follows the grid of common false positive rates.
  EXPECT_EQ(payload.tradeoff_size(), fit.grid_size + 1);
}

TEST_F(ThresholdOptimizerTest, TruePositiveRateParityWithToleranceMatchesFairlearnReplay) {
  Fit fit;
  fit.constraints = "true_positive_rate_parity";
  fit.objective = "selection_rate";
  fit.grid_size = 200;
  fit.tolerance = 0.05;
  fit.seed = 7;
  const analyses::ThresholdOptimizer payload = RunAdult(fit);
  ExpectMatchesReplay(payload, ReplayAdult(fit));
  EXPECT_LE(payload.expected().true_positive_rate(), fit.tolerance + kRateTolerance);
}

TEST_F(ThresholdOptimizerTest, TinyCaseByHandThroughTheDaemon) {
  glassbox::v1::Dataset tiny;
  ASSERT_TRUE(UploadBytes(daemon_->stub(), kTinyCsv, &tiny).ok());
  glassbox::v1::RunSpec spec;
  spec.set_dataset_id(tiny.id());
  spec.set_target_column("income");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.set_positive_class("yes");
  spec.mutable_predictions()->set_prediction_column("prediction");
  spec.mutable_predictions()->add_probability_columns("score");
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer("threshold_optimizer");
  *analysis->mutable_params() = ParseParams(R"({"sensitive_features": ["group"], "grid_size": 4})");
  glassbox::v1::Insight insight;
  const analyses::ThresholdOptimizer payload = RunFit(spec, &insight);
  // Worked in threshold_optimizer_core_test.cc: selection rate .25 for both.
  ASSERT_EQ(payload.rules_size(), 2);
  EXPECT_EQ(payload.best_constraint_value(), 0.25);
  EXPECT_EQ(payload.best_objective(), 0.875);
  EXPECT_EQ(payload.rules(0).p0(), 0.5);
  EXPECT_EQ(payload.rules(0).operation1().threshold(), 0.5);
  EXPECT_EQ(payload.rules(1).operation1().threshold(), 0.8);
  // Before: A selects 3 of 4, B 1 of 4.
  EXPECT_EQ(payload.before().selection_rate(), 0.5);
  // Expected: A's positives get probability 1/2 each (TPR .5, accuracy 3/4); B's positive 1.
  EXPECT_EQ(payload.groups(0).expected().true_positive_rate(), 0.5);
  EXPECT_EQ(payload.groups(0).expected().accuracy(), 0.75);
  EXPECT_EQ(payload.groups(1).expected().accuracy(), 1.0);
  EXPECT_EQ(payload.expected().selection_rate(), 0.0);
  // Measured with RandomState(0).rand(8) = .549, .715, .603, .545, .424, ...: A's two
  // halves draw above 1/2 (not selected); B's first row draws .424 < 1.
  EXPECT_EQ(payload.groups(0).measured().selection_rate(), 0.0);
  EXPECT_EQ(payload.groups(1).measured().selection_rate(), 0.25);
  EXPECT_EQ(payload.measured().selection_rate(), 0.25);

  // The blocks: the rules table, the rates table, the disparity metrics and the trade-off chart.
  // The disparity metrics are values of measures of their own, so that no
  // scorecard fairness target mistakes them for the run's model's disparity.
  const glassbox::v1::ChartBlock* chart = nullptr;
  std::vector<std::string> measures;
  for (const auto& block : insight.blocks()) {
    if (block.has_chart()) chart = &block.chart();
    EXPECT_NE(block.metric().aggregate(), glassbox::v1::AGGREGATE_DIFFERENCE) << block.title();
    if (block.has_metric() && block.metric().feature() == "group") {
      measures.push_back(block.metric().measure());
      EXPECT_EQ(block.metric().aggregate(), glassbox::v1::AGGREGATE_VALUE);
    }
  }
  EXPECT_THAT(measures, ::testing::ElementsAre("selection_rate_difference_before",
                                               "selection_rate_difference_expected_after",
                                               "selection_rate_difference_measured_after"));
  ASSERT_NE(chart, nullptr);
  EXPECT_EQ(chart->kind(), glassbox::v1::LINE);
  EXPECT_EQ(chart->series(0).values(0), 0.875);
  EXPECT_EQ(chart->series(0).values(chart->series(0).values_size() - 1), 1.0);
}

TEST_F(ThresholdOptimizerTest, ScoresFromAnXgboostModel) {
  glassbox::v1::Dataset adult;
  ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult.csv"), &adult).ok());
  grpc::ClientContext context;
  glassbox::v1::ModelVersion model;
  ASSERT_TRUE(daemon_->stub().RegisterModel(&context, AdultModelRequest("adult-xgb", adult.id()), &model).ok());
  glassbox::v1::Insight insight;
  const analyses::ThresholdOptimizer payload =
      RunFit(AdultSpec(R"({"sensitive_features": ["sex"]})", "adult-xgb"), &insight);
  ASSERT_EQ(payload.groups_size(), 2);
  for (const auto& group : payload.groups()) {
    EXPECT_NEAR(group.expected().selection_rate(), payload.best_constraint_value(), kRateTolerance);
  }
  EXPECT_GT(payload.before().selection_rate(), 0.1);
}

TEST_F(ThresholdOptimizerTest, RefusesParametersFairlearnRefuses) {
  const struct {
    const char* params;
    const char* field;
  } cases[] = {
      {R"({"sensitive_features": ["sex"], "constraints": "equalized_odds", "objective": "selection_rate"})",
       "'objective'"},
      {R"({"sensitive_features": ["sex"], "constraints": "equalized_odds", "tolerance": 0.1})", "'tolerance'"},
      {R"({"sensitive_features": ["sex"], "constraints": "parity"})", "params.constraints"},
      {R"({"sensitive_features": ["sex", "sex"]})", "params.sensitive_features[1]: 'sex' is also item 0"},
      {R"({"sensitive_features": ["race", "native-country"], "grid_size": 100000})",
       "'grid_size'"},
  };
  for (const auto& c : cases) {
    const grpc::Status status = CreateRun(AdultSpec(c.params));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.params;
    EXPECT_THAT(status.error_message(), HasSubstr(c.field)) << c.params;
  }
}

}  // namespace
}  // namespace glassbox::testing
