// What the CLI prints: tables aligned by display width, indented text,
// downloads described, what-if answers beside the original prediction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "glassbox/v1/service.grpc.pb.h"
#include "tests/clients/cli/cli_fixture.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

using OutputTest = CliModelTest;

// Terminal columns of text whose characters are all one column wide: its UTF-8 lead bytes.
size_t CodePoints(const std::string& text) {
  return std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

TEST_F(OutputTest, CounterfactualTablesAlignTheArrowColumns) {
  CliResult run = Cli({"run", "--dataset", scored_.id(), "--target", "income", "--task", "binary", "--model",
                       "adult-xgb", "--analyzer", R"(counterfactuals={"query_rows": [0], "total_CFs": 2})", "--watch"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  CliResult shown = Cli({"show", WatchedRunId(run)});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  ASSERT_THAT(shown.out, HasSubstr("→"));
  // A table is the lines from its header to the next blank line; each of them as wide as its dashes line.
  std::vector<std::string> lines = absl::StrSplit(shown.out, '\n');
  int checked = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (!lines[i].starts_with("  --")) continue;
    const size_t width = CodePoints(lines[i]);
    EXPECT_EQ(CodePoints(lines[i - 1]), width) << lines[i - 1];
    for (size_t j = i + 1; j < lines.size() && lines[j].starts_with("  "); ++j) {
      if (lines[j].find("→") != std::string::npos) ++checked;
      EXPECT_EQ(CodePoints(lines[j]), width) << lines[j];
    }
  }
  EXPECT_GT(checked, 0) << shown.out;
}

TEST_F(OutputTest, CausalPolicyBulletsAreIndentedUnderTheirText) {
  CliResult run = Cli({"run", "--dataset", scored_.id(), "--target", "income", "--task", "binary", "--prediction",
                       "income", "--positive-class", ">50K", "--analyzer",
                       R"(causal={"treatments": ["sex"], "confounders": ["age", "education-num"],)"
                       R"( "heterogeneity_feature": "race", "cv": 2})",
                       "--watch"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  CliResult shown = Cli({"show", WatchedRunId(run)});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("\n    - race White ("));
  EXPECT_THAT(shown.out, Not(HasSubstr("\n- ")));
}

TEST_F(OutputTest, DownloadSaysWhatItWroteItsSizeAndSha256) {
  glassbox::v1::Run run = CreateRunAndWait(daemon_->stub(), AdultRunSpec(scored_.id(), {"model_overview"}));
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED);
  TemporaryFolder folder;
  std::ofstream(folder.path() + "/config.json") << R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"}}})";
  CliResult issued = Cli({"scorecard", run.id(), "--config", folder.path() + "/config.json"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const std::string card_id = issued.out.substr(0, issued.out.find(' '));
  const std::string pdf = folder.path() + "/card.pdf";
  CliResult downloaded = Cli({"download", card_id, "-o", pdf});
  ASSERT_EQ(downloaded.exit_code, 0) << downloaded.err;
  // coreutils' sha256sum, independent of the CLI's hashing.
  const std::string sha256 = RunShell("sha256sum " + pdf).out.substr(0, 64);
  EXPECT_EQ(downloaded.out,
            absl::StrFormat("wrote %s (%d bytes, sha256 %s)\n", pdf, std::filesystem::file_size(pdf), sha256));
  EXPECT_THAT(issued.out, HasSubstr("sha256 " + sha256));
}

TEST_F(OutputTest, WhatIfShowsTheOriginalPredictionBesideTheChangedOne) {
  glassbox::v1::WhatIfRequest request;
  request.mutable_model()->set_name("adult-xgb");
  request.set_dataset_id(scored_.id());
  glassbox::v1::WhatIfResponse original, changed;
  grpc::ClientContext original_context, changed_context;
  ASSERT_TRUE(daemon_->stub().WhatIf(&original_context, request, &original).ok());
  (*request.mutable_values())["capital-gain"] = "99999";
  ASSERT_TRUE(daemon_->stub().WhatIf(&changed_context, request, &changed).ok());

  CliResult cli =
      Cli({"whatif", "adult-xgb", "--dataset", scored_.id(), "--row-index", "0", "--row", "capital-gain=99999"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  std::istringstream lines(cli.out);
  std::string header, dashes, predicted, negative, positive;
  std::getline(lines, header) && std::getline(lines, dashes) && std::getline(lines, predicted) &&
      std::getline(lines, negative) && std::getline(lines, positive);
  EXPECT_THAT(header, MatchesRegex(" +original +changed *"));
  EXPECT_THAT(predicted, MatchesRegex(absl::StrFormat(" *predicted +%s +%s *", original.predicted_class(),
                                                      changed.predicted_class())));
  EXPECT_THAT(positive, MatchesRegex(absl::StrFormat(" *P\\(>50K\\) +%.4g +%.4g *", original.probabilities(1),
                                                     changed.probabilities(1))));
  EXPECT_THAT(cli.out, HasSubstr("  changed: capital-gain 0 → 99999\n"));
}

}  // namespace
}  // namespace glassbox::testing
