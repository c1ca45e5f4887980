// The CLI takes lower-case kebab words for enum flags and prints them in listings and progress.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/clients/cli/cli_fixture.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

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
