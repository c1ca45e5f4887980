#include "daemon/scorecard/scorecard_config.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace glassbox::scorecard {
namespace {

using ::testing::HasSubstr;

// The classification example of Azure Machine Learning's scorecard documentation
// (how-to-responsible-ai-scorecard), with its trailing comma removed.
constexpr char kAzureClassificationExample[] = R"({
  "Model": {
    "ModelName": "Housing Price Range Prediction",
    "ModelType": "Classification",
    "ModelSummary": "This model is a classifier that predicts whether the house will sell for more than the median price."
  },
  "Metrics" :{
    "accuracy_score": {
        "threshold": ">=0.85"
    }
  },
  "FeatureImportance": {
    "top_n": 6
  },
  "DataExplorer": {
    "features": [
      "YearBuilt",
      "OverallQual",
      "GarageCars"
    ]
  },
  "Fairness": {
    "metric": ["accuracy_score", "selection_rate"],
    "sensitive_features": ["YOUR SENSITIVE ATTRIBUTE"],
    "fairness_evaluation_kind": "difference"
  }
})";

// The regression example of the same page, with its cohorts.
constexpr char kAzureRegressionExample[] = R"({
  "Model": {
    "ModelName": "GPT-2 Access",
    "ModelType": "Regression",
    "ModelSummary": "This is a regression model to analyze how likely a programmer is given access to GPT-2"
  },
  "Metrics": {
    "mean_absolute_error": {
      "threshold": "<=20"
    },
    "mean_squared_error": {}
  },
  "FeatureImportance": {
    "top_n": 6
  },
  "DataExplorer": {
    "features": [
      "YOE",
      "age"
    ]
  },
  "Fairness": {
    "metric": ["mean_squared_error"],
    "sensitive_features": ["YOUR SENSITIVE ATTRIBUTE"],
    "fairness_evaluation_kind": "ratio",
    "threshold": ">=0.8"
  },
  "Cohorts": [
    "High Yoe",
    "Low Yoe"
  ],
  "Causal": {}
})";

TEST(ScorecardConfigTest, ReadsAzureClassificationExample) {
  auto config = ParseScorecardConfig(kAzureClassificationExample);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->model().model_name(), "Housing Price Range Prediction");
  EXPECT_EQ(config->model().model_type(), "classification");
  ASSERT_EQ(config->metrics_size(), 1);
  EXPECT_EQ(config->metrics(0).name(), "accuracy_score");
  EXPECT_EQ(config->metrics(0).target().comparison(), glassbox::v1::GREATER_OR_EQUAL);
  EXPECT_DOUBLE_EQ(config->metrics(0).target().value(), 0.85);
  EXPECT_EQ(config->feature_importance().top_n(), 6);
  EXPECT_THAT(config->data_explorer().features(), ::testing::ElementsAre("YearBuilt", "OverallQual", "GarageCars"));
  EXPECT_THAT(config->fairness().metrics(), ::testing::ElementsAre("accuracy_score", "selection_rate"));
  EXPECT_EQ(config->fairness().evaluation_kind(), glassbox::v1::FAIRNESS_DIFFERENCE);
  EXPECT_FALSE(config->fairness().has_threshold());
  EXPECT_FALSE(config->has_causal());
}

TEST(ScorecardConfigTest, ReadsAzureRegressionExample) {
  auto config = ParseScorecardConfig(kAzureRegressionExample);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->model().model_type(), "regression");
  ASSERT_EQ(config->metrics_size(), 2);
  EXPECT_EQ(config->metrics(0).name(), "mean_absolute_error");
  EXPECT_EQ(config->metrics(0).target().comparison(), glassbox::v1::LESS_OR_EQUAL);
  EXPECT_DOUBLE_EQ(config->metrics(0).target().value(), 20);
  EXPECT_EQ(config->metrics(1).name(), "mean_squared_error");
  EXPECT_FALSE(config->metrics(1).has_target());
  EXPECT_EQ(config->fairness().evaluation_kind(), glassbox::v1::FAIRNESS_RATIO);
  EXPECT_EQ(config->fairness().threshold().comparison(), glassbox::v1::GREATER_OR_EQUAL);
  EXPECT_DOUBLE_EQ(config->fairness().threshold().value(), 0.8);
  EXPECT_THAT(config->cohorts(), ::testing::ElementsAre("High Yoe", "Low Yoe"));
  EXPECT_TRUE(config->has_causal());
}

TEST(ScorecardConfigTest, EmptyObjectIsAValidConfig) {
  auto config = ParseScorecardConfig("{}");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->metrics_size(), 0);
  EXPECT_FALSE(config->has_feature_importance());
}

TEST(ScorecardConfigTest, FeatureImportanceWithoutTopNLeavesItUnset) {
  auto config = ParseScorecardConfig(R"({"FeatureImportance": {}})");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->has_feature_importance());
  EXPECT_EQ(config->feature_importance().top_n(), 0);
}

TEST(ScorecardConfigTest, CausalTreatmentsAndASingleFairnessMetricString) {
  auto config = ParseScorecardConfig(
      R"({"Causal": {"treatments": ["hours-per-week"]}, "Fairness": {"metric": "selection_rate"}})");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_THAT(config->causal().treatments(), ::testing::ElementsAre("hours-per-week"));
  EXPECT_THAT(config->fairness().metrics(), ::testing::ElementsAre("selection_rate"));
}

struct BadConfig {
  const char* json;
  const char* key;
  const char* problem;
};

class BadConfigTest : public ::testing::TestWithParam<BadConfig> {};

TEST_P(BadConfigTest, RefusedNamingTheKey) {
  auto config = ParseScorecardConfig(GetParam().json);
  ASSERT_FALSE(config.ok()) << GetParam().json;
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(config.status().message()), HasSubstr(absl::StrCat("'", GetParam().key, "'")));
  EXPECT_THAT(std::string(config.status().message()), HasSubstr(GetParam().problem));
}

INSTANTIATE_TEST_SUITE_P(
    Keys, BadConfigTest,
    ::testing::Values(
        BadConfig{R"({"Model": {}, "Metrix": {}})", "Metrix", "unknown key; expected one of Model, Metrics"},
        BadConfig{R"({"Model": {"ModelName": "m", "Owner": "x"}})", "Model.Owner", "unknown key"},
        BadConfig{R"({"Model": {"ModelType": "Clustering"}})", "Model.ModelType", "got 'Clustering'"},
        BadConfig{R"({"Model": {"ModelName": 3}})", "Model.ModelName", "must be a string"},
        BadConfig{R"({"Metrics": {"accuracy_score": {"threshold": "=>0.85"}}})", "Metrics.accuracy_score.threshold",
                  "target '=>0.85' is not of the form"},
        BadConfig{R"({"Metrics": {"accuracy_score": {"threshold": ">=high"}}})", "Metrics.accuracy_score.threshold",
                  "is not of the form"},
        BadConfig{R"({"Metrics": {"accuracy_score": {"threshold": 0.85}}})", "Metrics.accuracy_score.threshold",
                  "must be a string"},
        BadConfig{R"({"Metrics": {"accuracy_score": {"target": ">=0.85"}}})", "Metrics.accuracy_score.target",
                  "expected one of threshold"},
        BadConfig{R"({"Metrics": {"accuracy_score": ">=0.85"}})", "Metrics.accuracy_score", "must be a JSON object"},
        BadConfig{R"({"Metrics": []})", "Metrics", "must be a JSON object"},
        BadConfig{R"({"FeatureImportance": {"top_n": 11}})", "FeatureImportance.top_n", "from 1 to 10"},
        BadConfig{R"({"FeatureImportance": {"top_n": 2.5}})", "FeatureImportance.top_n", "whole number"},
        BadConfig{R"({"FeatureImportance": {"top_n": "6"}})", "FeatureImportance.top_n", "whole number"},
        BadConfig{R"({"DataExplorer": {"features": [1, 2]}})", "DataExplorer.features", "list of strings"},
        BadConfig{R"({"DataExplorer": {"feature": ["age"]}})", "DataExplorer.feature", "unknown key"},
        BadConfig{R"({"Fairness": {"sensitive_features": ["sex"]}})", "Fairness.metric", "is required"},
        BadConfig{R"({"Fairness": {"metric": [], "sensitive_features": ["sex"]}})", "Fairness.metric", "at least one"},
        BadConfig{R"({"Fairness": {"metric": ["accuracy_score"], "fairness_evaluation_kind": "difference OR ratio"}})",
                  "Fairness.fairness_evaluation_kind", "must be difference or ratio"},
        BadConfig{R"({"Fairness": {"metric": ["accuracy_score"], "threshold": "<=0.05"}})",
                  "Fairness.fairness_evaluation_kind", "is required with Fairness.threshold"},
        BadConfig{
            R"({"Fairness": {"metric": ["accuracy_score"], "fairness_evaluation_kind": "ratio", "threshold": "0.8"}})",
            "Fairness.threshold", "is not of the form"},
        BadConfig{R"({"Cohorts": {"High Yoe": 1}})", "Cohorts", "must be a list of strings"},
        BadConfig{R"({"Cohorts": ["High Yoe", ""]})", "Cohorts", "must not contain an empty string"},
        BadConfig{R"({"Causal": {"treatment": ["age"]}})", "Causal.treatment", "expected one of treatments"}));

TEST(ScorecardConfigTest, CohortsAsOneStringIsAListOfOne) {
  auto config = ParseScorecardConfig(R"({"Cohorts": "High Yoe"})");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_THAT(config->cohorts(), ::testing::ElementsAre("High Yoe"));
}

TEST(ScorecardConfigTest, MalformedJsonIsRefused) {
  for (const char* json : {"", "[1, 2]", "nonsense", R"({"Model": )", R"({"Model": {"ModelName": "x"})"}) {
    auto config = ParseScorecardConfig(json);
    ASSERT_FALSE(config.ok()) << json;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << json;
    EXPECT_THAT(std::string(config.status().message()), HasSubstr("scorecard config is not a valid JSON object"))
        << json;
  }
}

// `levels` lists nested under the key Model: `levels` + 1 deep with the root.
std::string NestedLists(int levels) {
  return absl::StrCat(R"({"Model": )", std::string(levels, '['), std::string(levels, ']'), "}");
}

TEST(ScorecardConfigLimitsTest, AHundredThousandLevelsAreRefusedNamingTheDepth) {
  auto config = ParseScorecardConfig(NestedLists(100'000));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(config.status().message()),
              HasSubstr("scorecard config nests objects and lists 100001 deep; the limit is 16"));
}

TEST(ScorecardConfigLimitsTest, TheDepthLimitIsInclusive) {
  auto at_limit = ParseScorecardConfig(NestedLists(kMaxScorecardConfigDepth - 1));
  ASSERT_FALSE(at_limit.ok());
  EXPECT_THAT(std::string(at_limit.status().message()), HasSubstr("key 'Model': must be a JSON object"));

  auto over = ParseScorecardConfig(NestedLists(kMaxScorecardConfigDepth));
  ASSERT_FALSE(over.ok());
  EXPECT_THAT(std::string(over.status().message()),
              HasSubstr(absl::StrCat(kMaxScorecardConfigDepth + 1, " deep; the limit is ", kMaxScorecardConfigDepth)));
}

TEST(ScorecardConfigLimitsTest, BracketsInsideStringsDoNotNest) {
  const std::string name = absl::StrCat(R"(\"\\)", std::string(100, '['), std::string(100, '{'));
  auto config = ParseScorecardConfig(absl::StrCat(R"({"Model": {"ModelName": ")", name, R"("}})"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->model().model_name(), absl::StrCat(R"("\)", std::string(100, '['), std::string(100, '{')));
}

TEST(ScorecardConfigLimitsTest, TheSizeLimitIsInclusive) {
  std::string config = R"({"Cohorts": "High Yoe"})";
  config.resize(kMaxScorecardConfigBytes, ' ');
  EXPECT_TRUE(ParseScorecardConfig(config).ok());
  config.push_back(' ');
  auto over = ParseScorecardConfig(config);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(over.status().message()),
              HasSubstr(absl::StrCat("scorecard config is ", kMaxScorecardConfigBytes + 1, " bytes; the limit is ",
                                     kMaxScorecardConfigBytes)));
}

// Every JSON example of docs/scorecard.md is accepted as written: each
// section's (a fragment, wrapped in braces) and the complete one.
TEST(ScorecardConfigTest, TheDocumentedExamplesParse) {
  std::ifstream in(std::string(GLASSBOX_SOURCE_DIR) + "/docs/scorecard.md");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> examples;
  std::string line, block;
  bool in_json = false;
  while (std::getline(text, line)) {
    if (line == "```json") {
      in_json = true;
      block.clear();
    } else if (in_json && line == "```") {
      in_json = false;
      examples.push_back(absl::StartsWith(block, "{") ? block : absl::StrCat("{", block, "}"));
    } else if (in_json) {
      absl::StrAppend(&block, line, "\n");
    }
  }
  // One per section (Model, Metrics, FeatureImportance, DataExplorer, Fairness, Cohorts, Causal) and the whole.
  ASSERT_EQ(examples.size(), 8u);
  for (const auto& example : examples) {
    auto config = ParseScorecardConfig(example);
    EXPECT_TRUE(config.ok()) << config.status() << "\n" << example;
  }
  auto complete = ParseScorecardConfig(examples.back());
  ASSERT_TRUE(complete.ok());
  EXPECT_EQ(complete->metrics_size(), 3);
  EXPECT_EQ(complete->feature_importance().top_n(), 6);
  EXPECT_EQ(complete->fairness().sensitive_features_size(), 2);
  EXPECT_EQ(complete->cohorts_size(), 2);
  EXPECT_EQ(complete->causal().treatments_size(), 1);
}

}  // namespace
}  // namespace glassbox::scorecard
