// Help at every level, unknown commands and flags named with the nearest
// known name, and the analyzers' parameter specs in the listing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/clients/cli/cli_fixture.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

using HelpTest = CliTest;

TEST_F(HelpTest, ProgramHelpListsEveryCommandAndTheCommonFlags) {
  for (const char* help : {"--help", "-h", "help"}) {
    CliResult result = Cli({help});
    EXPECT_EQ(result.exit_code, 0) << help << ": " << result.err;
    EXPECT_EQ(result.err, "") << help;
    EXPECT_THAT(result.out, AllOf(HasSubstr("usage: glassbox COMMAND [ARGS] [FLAGS]"),
                                  ContainsRegex("\n  show RUN +Show a run and its insights\n"),
                                  ContainsRegex("\n  completion bash\\|zsh +Print the shell completion script\n"),
                                  HasSubstr("--address HOST:PORT  The daemon's address (default: $GLASSBOX_ADDRESS, "
                                            "else 127.0.0.1:50051)")))
        << help;
  }
}

TEST_F(HelpTest, CommandHelpListsItsFlagsWithDefaultsAndChoices) {
  CliResult run = Cli({"run", "--help"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, AllOf(HasSubstr("usage: glassbox run [FLAGS]\n\nStart a run of analyses on a dataset.\n"),
                             HasSubstr("-f, --file RUN.yaml|RUN.json"), HasSubstr("--task TASK"),
                             HasSubstr("one of binary, multiclass, regression"),
                             HasSubstr("Binary: the label counted as positive (default: the last label in sorted "
                                       "order)"),
                             HasSubstr("--analyzer NAME[=JSON]"), HasSubstr("; repeatable"),
                             HasSubstr("And the flags of every command: --address --json")));
  EXPECT_EQ(Cli({"run", "-h"}).out, run.out);
  EXPECT_EQ(Cli({"help", "run"}).out, run.out);
  // Help wins over missing arguments and values.
  CliResult runs = Cli({"runs", "--state", "running", "--help"});
  EXPECT_EQ(runs.exit_code, 0);
  EXPECT_THAT(runs.out, HasSubstr("one of queued, running, succeeded, failed, cancelled, interrupted"));
}

TEST_F(HelpTest, UnknownCommandsAndFlagsNameTheNearestKnownOne) {
  CliResult typo = Cli({"shwo", "run_1"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_EQ(typo.out, "");
  EXPECT_EQ(typo.err, "glassbox: unknown command 'shwo'; did you mean show? (glassbox --help lists the commands)\n");
  CliResult far = Cli({"frobnicate"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.err, "glassbox: unknown command 'frobnicate' (glassbox --help lists the commands)\n");
  CliResult flag = Cli({"upload", "x.csv", "--nmae", "adult"});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_EQ(flag.err,
            "glassbox: unknown flag --nmae for 'upload'; did you mean --name? (glassbox upload --help lists its "
            "flags)\n");
  EXPECT_EQ(Cli({"help", "shwo"}).exit_code, 2);
}

TEST_F(HelpTest, AnalyzersShowEachParametersTypeDefaultRangeAndChoices) {
  CliResult result = Cli({"analyzers"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // plugins/counterfactuals/counterfactual_request.cc: IntParameter("total_CFs", ..., 4, 1, 100).
  EXPECT_THAT(result.out, HasSubstr("    total_CFs (int; default 4; range [1, 100]): Counterfactuals to find for each "
                                    "query row\n"));
  // plugins/data_balance/data_balance.cc: DoubleParameter("epsilon", ..., 1.0, 0.0, no maximum).
  EXPECT_THAT(result.out, HasSubstr("    epsilon (double; default 1; at least 0): Inequality aversion"));
  // plugins/fairness/fairness.cc: ColumnListParameter("sensitive_features", ..., required); metrics' choices are
  // sdk::AllMetrics() names.
  EXPECT_THAT(result.out, HasSubstr("    sensitive_features (column-list; required): Columns whose groups"));
  EXPECT_THAT(result.out, HasSubstr("    metrics (string-list; one of "));
  EXPECT_THAT(result.out, Not(HasSubstr("STRING_LIST")));
}

TEST(GlassboxdHelpTest, ListsTheDaemonsFlagsWithTheirDefaults) {
  ShellResult help = RunShell(GLASSBOX_BINARY_DIR "/bin/glassboxd --help 2>&1");
  const std::string& out = help.out;
  EXPECT_NE(help.exit_status, -1) << out;
  EXPECT_THAT(out, Not(HasSubstr("No flags matched")));
  EXPECT_THAT(out, AllOf(ContainsRegex("--listen \\(Address to serve on \\(port 0 picks a free one\\)\\);\\s+"
                                       "default: \"127.0.0.1:50051\";"),
                         HasSubstr("--workers (Runs executed at once); default: 2;"), HasSubstr("--tokens_file"),
                         HasSubstr("daemon/main.cc")));
}

}  // namespace
}  // namespace glassbox::testing
