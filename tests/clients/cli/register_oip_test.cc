// glassbox register --oip: a scikit-learn model served over the Open
// Inference Protocol (tests/support/oip_server.py), registered from the
// command line and scoring a run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/str_join.h"
#include "tests/clients/cli/cli_fixture.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/oip_server_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

using RegisterOipTest = CliTest;

TEST_F(RegisterOipTest, AServedModelRegistersFromTheCommandLineAndScoresARun) {
  auto server = OipServerProcess::Start({"--target", "income"});
  ASSERT_TRUE(server.ok()) << server.status();
  const OipModelCard& card = (*server)->card();
  TemporaryFolder folder;
  const std::string categories = folder.path() + "/categories.json";
  {
    std::ofstream out(categories);
    std::vector<std::string> entries;
    for (const auto& [feature, values] : card.categories) {
      entries.push_back("\"" + feature + "\": [\"" + absl::StrJoin(values, "\", \"") + "\"]");
    }
    out << "{" << absl::StrJoin(entries, ", ") << "}";
  }
  CliResult registered = Cli({"register", "adult-logistic", "--oip", (*server)->endpoint(), "--model-name",
                              card.model_name, "--features", absl::StrJoin(card.features, ","), "--classes",
                              absl::StrJoin(card.classes, ","), "--categories", categories, "--task", "binary"});
  ASSERT_EQ(registered.exit_code, 0) << registered.err;
  EXPECT_THAT(registered.out, HasSubstr("adult-logistic version 1  open-inference-protocol  binary"));
  EXPECT_THAT(registered.out, HasSubstr("features: " + absl::StrJoin(card.features, ", ")));

  CliResult run = Cli({"run", "--dataset", scored_.id(), "--target", "income", "--task", "binary", "--model",
                       "adult-logistic", "--positive-class", ">50K", "--analyzer", "model_overview", "--watch"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_THAT(run.out, HasSubstr("model_overview     succeeded"));

  CliResult missing = Cli({"register", "no-features", "--oip", (*server)->endpoint(), "--model-name", card.model_name});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("--features is empty"));
  CliResult both = Cli({"register", "x", "--oip", (*server)->endpoint(), "--xgboost", DatasetPath("adult_xgb.json")});
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_THAT(both.err, HasSubstr("register needs --xgboost FILE"));
}

}  // namespace
}  // namespace glassbox::testing
