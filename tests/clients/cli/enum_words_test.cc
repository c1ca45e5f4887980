// One spelling for enum values: lower-case kebab words in and out.
#include "clients/cli/enum_words.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "glassbox/v1/analyzer.pb.h"
#include "glassbox/v1/model.pb.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/scorecard.pb.h"
#include "tests/clients/cli/cli_fixture.h"

namespace glassbox::testing {
namespace {

using ::glassbox::cli::EnumWord;
using ::glassbox::cli::ParseEnumWord;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(EnumWordsTest, WordsAreKebabWithoutTheEnumsOwnName) {
  EXPECT_EQ(EnumWord(glassbox::v1::SUCCEEDED), "succeeded");
  EXPECT_EQ(EnumWord(glassbox::v1::ANALYSIS_SUCCEEDED), "succeeded");
  EXPECT_EQ(EnumWord(glassbox::v1::PENDING), "pending");
  EXPECT_EQ(EnumWord(glassbox::v1::BINARY_CLASSIFICATION), "binary");
  EXPECT_EQ(EnumWord(glassbox::v1::REGRESSION), "regression");
  EXPECT_EQ(EnumWord(glassbox::v1::TARGETS_NOT_MET), "not-met");
  EXPECT_EQ(EnumWord(glassbox::v1::NO_TARGETS), "no-targets");
  EXPECT_EQ(EnumWord(glassbox::v1::OPEN_INFERENCE_PROTOCOL), "open-inference-protocol");
  EXPECT_EQ(EnumWord(glassbox::v1::STRING_LIST), "string-list");
  EXPECT_EQ(EnumWord(glassbox::v1::RUN_STATE_UNSPECIFIED), "unspecified");
  EXPECT_THAT(glassbox::cli::EnumWords<glassbox::v1::TaskType>(), ElementsAre("binary", "multiclass", "regression"));
}

TEST(EnumWordsTest, ParsingTakesTheWordOrTheFullNameInAnyCase) {
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::RunState>("running", "state"), glassbox::v1::RUNNING);
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::RunState>("RUNNING", "state"), glassbox::v1::RUNNING);
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::TaskType>("binary-classification", "task"),
            glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::TaskType>("MULTICLASS_CLASSIFICATION", "task"),
            glassbox::v1::MULTICLASS_CLASSIFICATION);
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::VerdictFilter>("not_met", "verdict"), glassbox::v1::TARGETS_NOT_MET);
  auto unspecified = ParseEnumWord<glassbox::v1::RunState>("unspecified", "state");
  EXPECT_EQ(unspecified.status().message(),
            "--state unspecified: use queued, running, succeeded, failed, cancelled or interrupted");
}

using EnumFlagsTest = CliTest;

TEST_F(EnumFlagsTest, FlagsTakeLowerCaseWordsAndListingsPrintThem) {
  CliResult run = Cli({"run", "--dataset", scored_.id(), "--target", "income", "--task", "binary-classification",
                       "--prediction", "prediction", "--analyzer", "data_explorer", "--watch"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string run_id = WatchedRunId(run);
  EXPECT_THAT(run.out, HasSubstr("run " + run_id + "  succeeded  dataset "));
  EXPECT_THAT(run.out, HasSubstr("  data_explorer      succeeded\n"));
  // The progress lines on stderr (one per change, stderr not being a terminal) say the states in words too.
  EXPECT_THAT(run.err, HasSubstr("%  data_explorer succeeded\n"));
  EXPECT_THAT(run.err, ::testing::EndsWith("100%  succeeded\n"));
  EXPECT_THAT(run.err, Not(HasSubstr("SUCCEEDED")));

  for (const char* state : {"succeeded", "SUCCEEDED"}) {
    CliResult listed = Cli({"runs", "--state", state});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_THAT(listed.out, HasSubstr(run_id + "  succeeded  dataset " + scored_.id()));
  }
  CliResult running = Cli({"runs", "--state", "running"});
  EXPECT_EQ(running.exit_code, 0) << running.err;
  EXPECT_EQ(running.out, "");
  CliResult verdict = Cli({"runs", "--verdict", "no-targets"});
  EXPECT_EQ(verdict.exit_code, 0) << verdict.err;
  EXPECT_THAT(verdict.out, HasSubstr(run_id));
  CliResult typo = Cli({"runs", "--state", "runnin"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_EQ(typo.err, "glassbox: --state runnin: use queued, running, succeeded, failed, cancelled or interrupted\n");
  CliResult dataset = Cli({"dataset", scored_.id()});
  EXPECT_THAT(dataset.out, HasSubstr("  age  numeric\n"));
  EXPECT_THAT(dataset.out, HasSubstr("  sex  categorical (2 values)\n"));
}

}  // namespace
}  // namespace glassbox::testing
