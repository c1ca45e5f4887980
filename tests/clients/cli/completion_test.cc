// The bash completion script, sourced in a real bash and asked as bash asks
// when Tab is pressed (COMP_WORDS, COMP_CWORD, then the completion function).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/clients/cli/cli_fixture.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class CompletionTest : public CliTest {
 protected:
  static void SetUpTestSuite() {
    CliTest::SetUpTestSuite();
    script_ = new TemporaryFolder();
    for (const char* shell : {"bash", "zsh"}) {
      CliResult script = Cli({"completion", shell});
      ASSERT_EQ(script.exit_code, 0) << script.err;
      std::ofstream(absl::StrCat(script_->path(), "/glassbox.", shell)) << script.out;
    }
  }
  static void TearDownTestSuite() {
    delete script_;
    CliTest::TearDownTestSuite();
  }

  // COMPREPLY, space-separated, for the command line `words` with the cursor on its last word, as `shell` asks
  // when Tab is pressed: COMP_WORDS and COMP_CWORD (0-based, as zsh's bashcompinit sets it too), then the function.
  static std::string Complete(const std::vector<std::string>& words, const std::string& shell = "bash") {
    std::vector<std::string> quoted;
    for (const auto& word : words) quoted.push_back(absl::StrCat("'", word, "'"));
    const std::string setup = shell == "bash" ? "bash --norc -c 'source \"$0\"; "
                                              : "zsh -f -c 'autoload -U compinit && compinit -u; source \"$0\"; ";
    const std::string function = shell == "bash" ? "_glassbox" : "_glassbox_zsh";
    const std::string command = absl::StrCat(
        setup, "COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); ", function,
        "; echo \"${COMPREPLY[*]}\"' ", script_->path(), "/glassbox.", shell, " ", absl::StrJoin(quoted, " "));
    std::string out = RunShell(command).out;
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  static TemporaryFolder* script_;
};

TemporaryFolder* CompletionTest::script_ = nullptr;

TEST_F(CompletionTest, BashCompletesCommandsFlagsAndChoices) {
  EXPECT_EQ(Complete({"glassbox", "ru"}), "run runs");
  EXPECT_EQ(Complete({"glassbox", "sh"}), "show");
  EXPECT_EQ(Complete({"glassbox", "--address", "127.0.0.1:1", "rel"}), "reload-plugins");
  EXPECT_EQ(Complete({"glassbox", "run", "--ta"}), "--target --task");
  EXPECT_EQ(Complete({"glassbox", "run", "--task", ""}), "binary multiclass regression");
  EXPECT_EQ(Complete({"glassbox", "runs", "--state", "s"}), "succeeded");
  EXPECT_EQ(Complete({"glassbox", "download", "sc_1", "--o"}), "--output");
  EXPECT_EQ(Complete({"glassbox", "completion", ""}), "bash zsh");
  EXPECT_EQ(Complete({"glassbox", "upload", (script_->path() + "/glassbox.b").c_str()}), script_->path() + "/glassbox.bash");
  EXPECT_EQ(Complete({"glassbox", "run", "--dataset", ""}), "");
}

TEST_F(CompletionTest, ZshCompletesThroughBashcompinit) {
  CliResult zsh = Cli({"completion", "zsh"});
  ASSERT_EQ(zsh.exit_code, 0) << zsh.err;
  EXPECT_THAT(zsh.out, StartsWith("#compdef glassbox\n"));
  EXPECT_THAT(zsh.out, HasSubstr("autoload -U +X bashcompinit && bashcompinit\n"));
  CliResult fish = Cli({"completion", "fish"});
  EXPECT_EQ(fish.exit_code, 2);
  EXPECT_EQ(fish.err, "glassbox: completion 'fish': use bash or zsh\n");
  if (!std::filesystem::exists("/usr/bin/zsh")) GTEST_SKIP() << "zsh (Debian package zsh) is not installed";
  // Outside a completion widget zsh's compgen does not filter by the word typed (its compadd does, in a real
  // completion), so these ask with an empty word: what is offered shows the command and flag were read.
  EXPECT_EQ(Complete({"glassbox", "run", "--task", ""}, "zsh"), "binary multiclass regression");
  EXPECT_EQ(Complete({"glassbox", "--address", "127.0.0.1:1", "runs", "--state", ""}, "zsh"),
            "queued running succeeded failed cancelled interrupted");
  EXPECT_EQ(Complete({"glassbox", "completion", ""}, "zsh"), "bash zsh");
  EXPECT_EQ(Complete({"glassbox", "run", "--dataset", ""}, "zsh"), "");
}

}  // namespace
}  // namespace glassbox::testing
