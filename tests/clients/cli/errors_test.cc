// Errors that say the fix: the flag to add, or how to reach the daemon.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/clients/cli/cli_fixture.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using ErrorsTest = CliTest;

TEST_F(ErrorsTest, RegisterWithoutCategoriesNamesTheFlag) {
  CliResult result = Cli({"register", "adult", "--xgboost", DatasetPath("adult_xgb.json")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("categorical feature 'workclass' needs its categories in the model's code order: "
                                    "set --categories-from to the dataset it was trained on"));
}

TEST_F(ErrorsTest, RegisterWithoutClassesSaysWhatItRecordedAndTheRunNamesTheFlag) {
  glassbox::v1::Dataset adult;
  ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult.csv"), &adult).ok());
  CliResult registered =
      Cli({"register", "unlabelled", "--xgboost", DatasetPath("adult_xgb.json"), "--categories-from", adult.id()});
  ASSERT_EQ(registered.exit_code, 0) << registered.err;
  EXPECT_THAT(registered.err, HasSubstr("note: no --classes given, so the classes are recorded as 0, 1; if the target "
                                        "column spells them otherwise, register again with --classes"));
  EXPECT_THAT(registered.out, HasSubstr("classes: 0, 1"));

  CliResult run = Cli({"run", "--dataset", scored_.id(), "--target", "income", "--task", "binary", "--model",
                       "unlabelled", "--analyzer", "model_overview"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("'income' holds '<=50K', which is not a class of the model (its classes: 0, 1); "
                                 "register the model with --classes (glassbox register)"));
  EXPECT_THAT(run.err, Not(HasSubstr("MULTICLASS")));
}

TEST_F(ErrorsTest, AnUnreachableDaemonGetsOneLineOnHowToReachOrStartIt) {
  CliResult down = RunCli("127.0.0.1:1", {"datasets"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_THAT(down.err, HasSubstr("glassbox: UNAVAILABLE: "));
  EXPECT_THAT(down.err, HasSubstr("; no glassboxd answers at 127.0.0.1:1: start one with 'glassboxd', or point "
                                  "--address (or $GLASSBOX_ADDRESS) at it\n"));
  EXPECT_EQ(std::count(down.err.begin(), down.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace glassbox::testing
