// The robustness plugin, run by a real glassboxd on a model whose decision
// boundary is known: the test OIP server's fixed logistic model
// P(>50K) = sigmoid(w . x + b) on age, education-num and hours-per-week. Its
// class flips on the hyperplane w . x + b = 0, so the smallest L2 change of a
// row x that flips it is the distance |w . x + b| / ||w||, reached at the
// projection x - (w . x + b) w / ||w||^2 (in perturbation units, where
// feature p is divided by s_p, the weights become w_p s_p); with a feature held
// fixed, the same over the other features. Every expected figure below is
// computed here from the CSV and these weights, not read from the plugin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "glassbox/v1/analyses/robustness.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/oip_server_process.h"

namespace glassbox::testing {
namespace {

namespace analyses = glassbox::v1::analyses;
using ::testing::HasSubstr;

const std::vector<std::string> kFeatures = {"age", "education-num", "hours-per-week"};
const std::vector<double> kWeights = {0.1, 0.5, 0.05};
// Not a multiple of 0.05, so no row of whole-number features sits on the boundary.
constexpr double kBias = -11.02;
// Wide enough that no projection and no noisy copy of a row leaves it.
constexpr char kWideRanges[] =
    R"({\"age\": [-1000, 1000], \"education-num\": [-1000, 1000], \"hours-per-week\": [-1000, 1000]})";
// HopSkipJump converges to the boundary point nearest the row; after 40
// iterations its distance is within this relative error of the exact one (1e-6 to 1e-5 measured).
constexpr double kDistanceTolerance = 1e-4;

class RobustnessLinearTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = OipServerProcess::Start({"--linear", "age=0.1,education-num=0.5,hours-per-week=0.05", "--linear-bias",
                                           absl::StrCat(kBias), "--input-datatype", "FP64"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    daemon_ = new DaemonProcess();
    ASSERT_TRUE(daemon_->running());
    glassbox::v1::Dataset dataset;
    ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
    dataset_id_ = new std::string(dataset.id());
    glassbox::v1::RegisterModelRequest request;
    request.set_name("linear");
    request.set_format(glassbox::v1::OPEN_INFERENCE_PROTOCOL);
    request.mutable_remote()->set_endpoint(server_->endpoint());
    request.mutable_remote()->set_model_name(server_->card().model_name);
    request.set_task(glassbox::v1::BINARY_CLASSIFICATION);
    for (const auto& feature : server_->card().features) request.add_feature_names(feature);
    for (const auto& label : server_->card().classes) request.add_class_labels(label);
    glassbox::v1::ModelVersion model;
    grpc::ClientContext context;
    ASSERT_TRUE(daemon_->stub().RegisterModel(&context, request, &model).ok());
    table_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv")));
  }
  static void TearDownTestSuite() {
    delete table_;
    delete dataset_id_;
    delete daemon_;
    delete server_;
  }

  static glassbox::v1::RunSpec Spec(const std::string& params_json) {
    glassbox::v1::RunSpec spec = AdultRunSpec(*dataset_id_, {}, "linear");
    glassbox::v1::AnalysisSpec& analysis = *spec.add_analyses();
    analysis.set_analyzer("robustness");
    *analysis.mutable_params() = ParseParams(params_json);
    return spec;
  }

  static analyses::Robustness Run(const std::string& params_json) {
    glassbox::v1::Run run = CreateRunAndWait(daemon_->stub(), Spec(params_json));
    EXPECT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
    analyses::Robustness payload;
    if (run.analyses_size() != 1) return payload;
    EXPECT_TRUE(FetchInsight(daemon_->stub(), run.analyses(0).insight_id()).payload().UnpackTo(&payload));
    return payload;
  }

  static grpc::Status Refusal(const std::string& params_json) {
    grpc::ClientContext context;
    glassbox::v1::CreateRunRequest request;
    *request.mutable_spec() = Spec(params_json);
    glassbox::v1::Run run;
    return daemon_->stub().CreateRun(&context, request, &run);
  }

  static double Value(int64_t row, size_t feature) {
    return table_->Find(kFeatures[feature])->values()[static_cast<size_t>(row)];
  }
  static double Margin(int64_t row) {
    double margin = kBias;
    for (size_t p = 0; p < kFeatures.size(); ++p) margin += kWeights[p] * Value(row, p);
    return margin;
  }
  // ||w ⊙ s|| over the features not held fixed.
  static double WeightNorm(const std::vector<double>& scales, const std::vector<bool>& fixed = {false, false, false}) {
    double sum = 0;
    for (size_t p = 0; p < kFeatures.size(); ++p) {
      if (!fixed[p]) sum += kWeights[p] * scales[p] * kWeights[p] * scales[p];
    }
    return std::sqrt(sum);
  }
  static double Change(const analyses::RowAttack& row, const std::string& feature) {
    for (const auto& change : row.changes()) {
      if (change.feature() == feature) return change.counterfactual().number() - change.original().number();
    }
    return 0;
  }

  static OipServerProcess* server_;
  static DaemonProcess* daemon_;
  static std::string* dataset_id_;
  static sdk::Table* table_;
};

OipServerProcess* RobustnessLinearTest::server_ = nullptr;
DaemonProcess* RobustnessLinearTest::daemon_ = nullptr;
std::string* RobustnessLinearTest::dataset_id_ = nullptr;
sdk::Table* RobustnessLinearTest::table_ = nullptr;

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The standard normal distribution function.
double Phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

const std::string kUnboundedParams =
    absl::StrCat(R"({"sample_size": 20, "seed": 7, "scale": "none", "max_iterations": 40,
    "max_model_queries": 100000, "epsilon": 4, "noise_scales": [1, 3], "noise_samples": 400,
    "permitted_range": ")",
                 kWideRanges, R"("})");

TEST_F(RobustnessLinearTest, TheMinimalPerturbationIsTheDistanceToTheHyperplane) {
  const analyses::Robustness payload = Run(kUnboundedParams);
  ASSERT_EQ(payload.rows_size(), 20);
  const double norm = WeightNorm({1, 1, 1});
  std::vector<double> distances;
  std::map<std::string, std::vector<double>> changes;
  int within = 0;
  for (const auto& row : payload.rows()) {
    const double margin = Margin(row.row());
    EXPECT_EQ(row.predicted_class(), margin >= 0 ? ">50K" : "<=50K") << "row " << row.row();
    ASSERT_EQ(row.outcome(), analyses::FLIPPED) << "row " << row.row();
    EXPECT_EQ(row.adversarial_class(), margin >= 0 ? "<=50K" : ">50K");
    const double distance = std::abs(margin) / norm;
    EXPECT_NEAR(row.perturbation(), distance, kDistanceTolerance * distance) << "row " << row.row();
    EXPECT_GE(row.perturbation(), distance * (1 - 1e-9)) << "no flip is nearer than the hyperplane";
    EXPECT_EQ(row.numeric_l2(), row.perturbation());
    EXPECT_EQ(row.categorical_changes(), 0);
    // The nearest boundary point is the projection: change_p = -margin w_p / ||w||^2.
    for (size_t p = 0; p < kFeatures.size(); ++p) {
      const double expected = -margin * kWeights[p] / (norm * norm);
      EXPECT_NEAR(Change(row, kFeatures[p]), expected, 0.05 * distance + 1e-9) << kFeatures[p] << " row " << row.row();
      changes[kFeatures[p]].push_back(std::abs(expected));
    }
    distances.push_back(distance);
    // Rows within 1% of the budget could fall either side of it within the tolerance.
    ASSERT_GT(std::abs(distance - payload.epsilon()), 0.01 * payload.epsilon()) << "row " << row.row();
    within += distance <= payload.epsilon() ? 1 : 0;
  }
  EXPECT_EQ(payload.flip_rate(), 1.0);
  EXPECT_DOUBLE_EQ(payload.success_rate(), within / 20.0);
  EXPECT_NEAR(payload.median_perturbation(), Median(distances), kDistanceTolerance * Median(distances));
  ASSERT_EQ(payload.per_feature_size(), 3);
  for (const auto& feature : payload.per_feature()) {
    const double expected = Median(changes[feature.feature()]);
    EXPECT_NEAR(feature.median_absolute_change(), expected, 0.05 * expected) << feature.feature();
    EXPECT_EQ(feature.median_scaled_change(), feature.median_absolute_change()) << "scale none: unit 1";
    EXPECT_EQ(feature.share_changed(), 1.0);
  }
}

TEST_F(RobustnessLinearTest, NoiseStabilityMatchesTheNormalDistributionOfTheMargin) {
  const analyses::Robustness payload = Run(kUnboundedParams);
  ASSERT_EQ(payload.noise_size(), 2);
  const double norm = WeightNorm({1, 1, 1});
  for (int s = 0; s < 2; ++s) {
    const double sigma = payload.noise(s).scale();
    // Noise N(0, sigma^2 I) moves the margin by N(0, sigma^2 ||w||^2): a row keeps
    // its class with probability Phi(|margin| / (sigma ||w||)).
    double expected = 0, variance = 0;
    for (const auto& row : payload.rows()) {
      const double keep = Phi(std::abs(Margin(row.row())) / (sigma * norm));
      expected += keep / 20;
      variance += keep * (1 - keep) / payload.noise_samples() / (20.0 * 20.0);
    }
    // 4.5 standard errors: a false alarm once in about 150,000 seeds.
    EXPECT_NEAR(payload.noise(s).stability(), expected, 4.5 * std::sqrt(variance)) << "sigma " << sigma;
  }
  EXPECT_GT(payload.noise(0).stability(), payload.noise(1).stability());
}

TEST_F(RobustnessLinearTest, AnImmutableFeatureNeverChangesAndTheDistanceIsOverTheOthers) {
  const analyses::Robustness payload = Run(absl::StrCat(
      R"({"sample_size": 12, "seed": 2, "scale": "none", "max_iterations": 40, "max_model_queries": 100000,
          "immutable_features": ["education-num"], "noise_samples": 10, "permitted_range": ")",
      kWideRanges, R"("})"));
  ASSERT_EQ(payload.rows_size(), 12);
  const double norm = WeightNorm({1, 1, 1}, {false, true, false});
  for (const auto& row : payload.rows()) {
    ASSERT_EQ(row.outcome(), analyses::FLIPPED);
    for (const auto& change : row.changes()) EXPECT_NE(change.feature(), "education-num");
    const double distance = std::abs(Margin(row.row())) / norm;
    EXPECT_NEAR(row.perturbation(), distance, kDistanceTolerance * distance) << "row " << row.row();
  }
  for (const auto& feature : payload.features()) EXPECT_EQ(feature.movable(), feature.name() != "education-num");
}

TEST_F(RobustnessLinearTest, PerturbationsStayInTheDataRangesAndNeverBeatTheHyperplane) {
  const analyses::Robustness payload = Run(R"({"sample_size": 20, "seed": 5, "max_iterations": 40,
      "max_model_queries": 100000, "noise_samples": 10, "sensitive_features": ["age"]})");
  ASSERT_EQ(payload.rows_size(), 20);
  std::vector<double> low, high, scales;
  for (const auto& name : kFeatures) {
    const auto& values = table_->Find(name)->values();
    const auto [min, max] = std::minmax_element(values.begin(), values.end());
    low.push_back(*min);
    high.push_back(*max);
    scales.push_back(*max - *min);
  }
  for (size_t p = 0; p < kFeatures.size(); ++p) EXPECT_EQ(payload.features(p).scale(), scales[p]);
  const double norm = WeightNorm(scales);
  int inside = 0;
  for (const auto& row : payload.rows()) {
    ASSERT_EQ(row.outcome(), analyses::FLIPPED);
    bool projection_inside = true;
    for (size_t p = 0; p < kFeatures.size(); ++p) {
      const double value = Value(row.row(), p) + Change(row, kFeatures[p]);
      EXPECT_GE(value, low[p]) << kFeatures[p];
      EXPECT_LE(value, high[p]) << kFeatures[p];
      const double projected =
          Value(row.row(), p) - Margin(row.row()) * kWeights[p] * scales[p] * scales[p] / (norm * norm);
      projection_inside = projection_inside && low[p] <= projected && projected <= high[p];
    }
    const double distance = std::abs(Margin(row.row())) / norm;
    EXPECT_GE(row.perturbation(), distance * (1 - 1e-9)) << "row " << row.row();
    if (projection_inside) {
      ++inside;
      EXPECT_NEAR(row.perturbation(), distance, kDistanceTolerance * distance) << "row " << row.row();
    }
  }
  EXPECT_GT(inside, 10);

  // Age alone, at 16 evenly spaced values from 17 to 90: a row is listed iff
  // one of them is past the boundary, with the one nearest its own age.
  std::map<int64_t, double> flips;
  for (const auto& flip : payload.sensitive_flips()) {
    EXPECT_EQ(flip.feature(), "age");
    flips[flip.row()] = flip.changed().number();
  }
  for (const auto& row : payload.rows()) {
    const double age = Value(row.row(), 0), margin = Margin(row.row());
    std::optional<double> nearest;
    for (int i = 0; i < 16; ++i) {
      const double grid = low[0] + (high[0] - low[0]) * i / 15;
      const bool flipped = (margin + kWeights[0] * (grid - age) >= 0) != (margin >= 0);
      if (flipped && (!nearest || std::abs(grid - age) < std::abs(*nearest - age))) nearest = grid;
    }
    ASSERT_EQ(flips.count(row.row()), nearest ? 1u : 0u) << "row " << row.row();
    if (nearest) EXPECT_EQ(flips[row.row()], *nearest) << "row " << row.row();
  }
}

TEST_F(RobustnessLinearTest, TheSameSeedGivesTheSameResultAndAnotherSeedOtherRows) {
  const std::string params = R"({"sample_size": 5, "seed": 11, "max_iterations": 10, "noise_samples": 20})";
  const analyses::Robustness first = Run(params);
  const analyses::Robustness second = Run(params);
  ASSERT_EQ(first.rows_size(), 5);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first, second));
  const analyses::Robustness other =
      Run(R"({"sample_size": 5, "seed": 12, "max_iterations": 10, "noise_samples": 20})");
  std::vector<int64_t> first_rows, other_rows;
  for (const auto& row : first.rows()) first_rows.push_back(row.row());
  for (const auto& row : other.rows()) other_rows.push_back(row.row());
  EXPECT_NE(first_rows, other_rows);
}

TEST_F(RobustnessLinearTest, ParametersTheRunCannotServeAreRefusedByName) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"immutable_features": ["sex"]})", "'immutable_features' names 'sex', which is not a feature of the model"},
      {R"({"immutable_features": ["age", "education-num", "hours-per-week"]})", "'immutable_features'"},
      {R"({"sensitive_features": ["race"]})", "'sensitive_features' names 'race'"},
      {R"({"epsilon": 0})", "'epsilon'"},
      {R"({"noise_scales": [0.1, -1]})", "'noise_scales'"},
      {R"({"permitted_range": "{"})", "'permitted_range' must be a JSON object"},
      {R"({"permitted_range": "{\"age\": [60, 20]}"})", "'permitted_range' must give 'age' as [low, high]"},
      {R"({"scale": "l1"})", "scale"},
      {R"({"sample_size": 0})", "sample_size"},
      {R"({"max_model_queries": 5})", "max_model_queries"},
  };
  for (const auto& [params, message] : cases) {
    const grpc::Status status = Refusal(params);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << params;
    EXPECT_THAT(status.error_message(), HasSubstr(message)) << params;
  }
}

}  // namespace
}  // namespace glassbox::testing
