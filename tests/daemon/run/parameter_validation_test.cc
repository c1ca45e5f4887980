#include "daemon/run/parameter_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "glassbox/sdk/parameter_spec.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::run {
namespace {

using ::testing::HasSubstr;

class ParameterValidationTest : public ::testing::Test {
 protected:
  ParameterValidationTest() {
    analyzer_.set_name("demo");
    *analyzer_.add_parameters() = sdk::IntParameter("max_depth", "depth", 3, 1, 20);
    *analyzer_.add_parameters() = sdk::DoubleParameter("alpha", "level", 0.05, 0, 1);
    *analyzer_.add_parameters() = sdk::StringParameter("binning", "how", "quantile", {"quantile", "equal_width"});
    *analyzer_.add_parameters() = sdk::StringListParameter("metrics", "which", {"accuracy_score", "selection_rate"});
    *analyzer_.add_parameters() = sdk::ColumnListParameter("features", "columns", false, 2);
    *analyzer_.add_parameters() = sdk::ColumnParameter("weight", "weights", false);
    *analyzer_.add_parameters() = sdk::BoolParameter("verbose", "more", false);
    *analyzer_.add_parameters() = sdk::CohortParameter();
    context_.columns = {{"age", sdk::ColumnType::kNumeric, {}}, {"sex", sdk::ColumnType::kCategorical, {"F", "M"}}};
    context_.cohorts = {"older"};
  }

  absl::StatusOr<google::protobuf::Struct> Validate(const std::string& json) {
    return ValidateParameters(analyzer_, testing::ParseParams(json), context_, "analyses[0].params");
  }

  void ExpectRefused(const std::string& json, const std::string& message) {
    auto result = Validate(json);
    ASSERT_FALSE(result.ok()) << json;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(result.status().message()), HasSubstr(message)) << json;
  }

  glassbox::v1::Analyzer analyzer_;
  sdk::ValidationContext context_;
};

TEST_F(ParameterValidationTest, FillsDefaultsAndKeepsGivenValues) {
  auto params = Validate(R"({"max_depth": 5, "features": ["age", "sex"], "cohort": "older"})");
  ASSERT_TRUE(params.ok()) << params.status();
  sdk::Params values(*params);
  EXPECT_EQ(values.GetInt("max_depth"), 5);
  EXPECT_DOUBLE_EQ(values.GetDouble("alpha"), 0.05);
  EXPECT_EQ(values.GetString("binning"), "quantile");
  EXPECT_EQ(values.GetStringList("features"), (std::vector<std::string>{"age", "sex"}));
  EXPECT_FALSE(values.Has("metrics"));
  EXPECT_FALSE(values.GetBool("verbose"));
  EXPECT_EQ(values.GetString("cohort"), "older");
}

TEST_F(ParameterValidationTest, RefusesBadValuesNamingTheParameter) {
  ExpectRefused(R"({"depth": 3})", "analyses[0].params: analyzer 'demo' has no parameter 'depth'");
  ExpectRefused(R"({"max_depth": 0})", "analyses[0].params.max_depth must be >= 1; got 0");
  ExpectRefused(R"({"max_depth": 2.5})", "max_depth must be an integer");
  ExpectRefused(R"({"max_depth": "3"})", "max_depth must be an integer");
  ExpectRefused(R"({"alpha": 2})", "alpha must be <= 1");
  ExpectRefused(R"({"binning": "log"})", "binning: 'log' is not one of: quantile, equal_width");
  ExpectRefused(R"({"metrics": ["accuracy"]})", "metrics[0]: 'accuracy' is not one of");
  ExpectRefused(R"({"features": ["age", "sex", "age"]})", "features takes at most 2 items; got 3");
  ExpectRefused(R"({"features": ["agee"]})", "features[0]: 'agee' is not a column of the dataset");
  ExpectRefused(R"({"weight": "w"})", "weight: 'w' is not a column");
  ExpectRefused(R"({"verbose": 1})", "verbose must be a boolean");
  ExpectRefused(R"({"cohort": "young"})", "cohort: 'young' is not a cohort of this run (cohorts: older)");
}

TEST_F(ParameterValidationTest, RequiresRequiredParameters) {
  *analyzer_.add_parameters() = sdk::ColumnListParameter("sensitive_features", "the groups", true);
  ExpectRefused("{}", "sensitive_features is required");
  ExpectRefused(R"({"sensitive_features": []})",
                "analyses[0].params.sensitive_features is empty, but it is required: the groups");
}

TEST_F(ParameterValidationTest, AColumnListNamesEachColumnOnce) {
  ExpectRefused(R"({"features": ["sex", "sex"]})",
                "analyses[0].params.features[1]: 'sex' is also item 0; name each column once");
  EXPECT_TRUE(Validate(R"({"features": ["sex", "age"]})").ok());
}

}  // namespace
}  // namespace glassbox::run
