// Reading the analyzer's parameters into a request: defaults, the parsed
// permitted_range, and the refusals of a multiclass run (no such model is
// among the shared datasets, so the run is described by hand here).
#include "counterfactual_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/analysis_fixture.h"

namespace glassbox::plugins {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// `json` completed with the specs' defaults, as the host completes parameters.
sdk::Params WithDefaults(const std::string& json) {
  google::protobuf::Struct values = testing::ParseParams(json);
  for (const auto& spec : CounterfactualParameterSpecs()) {
    if (!values.fields().contains(spec.name()) && spec.has_default_value()) {
      (*values.mutable_fields())[spec.name()] = spec.default_value();
    }
  }
  return sdk::Params(values);
}

RequestContext MulticlassRun() {
  RequestContext context;
  context.task = glassbox::v1::MULTICLASS_CLASSIFICATION;
  context.classes = {"high", "low", "mid"};
  context.model_features = {"age", "job"};
  context.columns = {{"age", sdk::ColumnType::kNumeric, {}},
                     {"job", sdk::ColumnType::kCategorical, {"clerk", "nurse", "pilot"}},
                     {"pay", sdk::ColumnType::kCategorical, {"high", "low", "mid"}}};
  context.num_rows = 10;
  return context;
}

TEST(CounterfactualRequestTest, DefaultsFollowDice) {
  auto request = ReadRequest(WithDefaults(R"({"query_rows": [3, 5], "desired_class": "mid"})"), MulticlassRun());
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_THAT(request->query_rows, ElementsAre(3, 5));
  EXPECT_EQ(request->total_cfs, 4);
  EXPECT_EQ(request->desired_class, "mid");
  EXPECT_THAT(request->features_to_vary, ElementsAre("age", "job"));
  EXPECT_TRUE(request->permitted_range.empty());
  EXPECT_EQ(request->sample_size, 1000);
  EXPECT_EQ(request->proximity_weight, 0.5);
  EXPECT_EQ(request->diversity_weight, 1.0);
}

TEST(CounterfactualRequestTest, PermittedRangeIsParsedPerFeature) {
  auto request = ReadRequest(WithDefaults(R"({"query_rows": [0], "desired_class": "high", "features_to_vary": ["job"],
                       "permitted_range": "{\"age\": [20.5, 60], \"job\": [\"nurse\", \"pilot\"]}"})"),
                             MulticlassRun());
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_THAT(request->features_to_vary, ElementsAre("job"));
  ASSERT_EQ(request->permitted_range.size(), 2u);
  EXPECT_EQ(request->permitted_range.at("age").low, 20.5);
  EXPECT_EQ(request->permitted_range.at("age").high, 60);
  EXPECT_THAT(request->permitted_range.at("job").categories, ElementsAre("nurse", "pilot"));
}

TEST(CounterfactualRequestTest, AMulticlassRunNeedsANamedClass) {
  for (const std::string given : {R"({"query_rows": [0]})", R"({"query_rows": [0], "desired_class": "opposite"})"}) {
    auto request = ReadRequest(WithDefaults(given), MulticlassRun());
    EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(request.status().message(), HasSubstr("parameter 'desired_class' must name the class to reach"));
    EXPECT_THAT(request.status().message(), HasSubstr("'opposite' applies to binary tasks only"));
  }
  auto unknown = ReadRequest(WithDefaults(R"({"query_rows": [0], "desired_class": "top"})"), MulticlassRun());
  EXPECT_THAT(unknown.status().message(), HasSubstr("'top' is not a class of this run; give one of: high, low, mid"));
}

TEST(CounterfactualRequestTest, RangesOnColumnsTheModelDoesNotReadAreRefused) {
  auto request = ReadRequest(
      WithDefaults(R"({"query_rows": [0], "desired_class": "low", "permitted_range": "{\"pay\": [\"low\"]}"})"),
      MulticlassRun());
  EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(request.status().message(), HasSubstr("parameter 'permitted_range' names 'pay', which is not a feature "
                                                    "of the model; choose among age, job"));
}

}  // namespace
}  // namespace glassbox::plugins
