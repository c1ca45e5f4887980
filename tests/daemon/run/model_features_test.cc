// CheckTableHasModelFeatures: a dataset feeds a model only when it has a
// column for every feature the model reads; the refusal lists what is missing
// and what the model would not read, in the dataset's order.
#include "daemon/run/model_features.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/analysis_fixture.h"

namespace glassbox::run {
namespace {

using ::testing::HasSubstr;

glassbox::v1::ModelVersion CreditModel() {
  glassbox::v1::ModelVersion version;
  version.set_name("credit");
  version.set_version("3");
  for (const char* feature : {"age", "income", "debt"}) version.add_feature_names(feature);
  return version;
}

glassbox::v1::RunSpec SpecOn(const char* dataset, const char* target) {
  glassbox::v1::RunSpec spec;
  spec.set_dataset_id(dataset);
  spec.set_target_column(target);
  return spec;
}

TEST(ModelFeaturesTest, AcceptsATableWithEveryFeatureAndMore) {
  sdk::Table table = testing::ReadCsvText("debt,age,region,income,default\n1,30,north,5,0\n");
  EXPECT_TRUE(CheckTableHasModelFeatures(CreditModel(), table, SpecOn("d1", "default")).ok());
}

TEST(ModelFeaturesTest, NamesTheMissingFeaturesAndTheUnusedColumnsButNotTheTarget) {
  sdk::Table table = testing::ReadCsvText("age,salary,region,default\n30,5,north,0\n");
  absl::Status status = CheckTableHasModelFeatures(CreditModel(), table, SpecOn("d1", "default"));
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("model: dataset 'd1' lacks features model 'credit' version 3 needs: "
                                          "income, debt; columns the model does not use: salary, region"));
}

TEST(ModelFeaturesTest, SaysNoneWhenEveryOtherColumnIsAFeature) {
  sdk::Table table = testing::ReadCsvText("age,default\n30,0\n");
  absl::Status status = CheckTableHasModelFeatures(CreditModel(), table, SpecOn("d1", "default"));
  EXPECT_THAT(status.message(), HasSubstr("needs: income, debt; columns the model does not use: none"));
}

}  // namespace
}  // namespace glassbox::run
