// The causal plugin's insight in a scorecard: the renderer's causal section
// must find the effects table (its interval reader), draw the forest plot and
// keep the group chart and the policy text.
#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "daemon/scorecard/scorecard_config.h"
#include "daemon/scorecard/scorecard_renderer.h"
#include "tests/daemon/scorecard/pdf_tools.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::scorecard {
namespace {

using ::testing::HasSubstr;

bool HasLineWith(const std::string& text, const std::vector<std::string>& parts) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (std::all_of(parts.begin(), parts.end(), [&](const std::string& p) { return absl::StrContains(line, p); })) {
      return true;
    }
  }
  return false;
}

TEST(CausalScorecardTest, CausalSectionShowsTheEffectsOfTheConfiguredTreatments) {
  const sdk::Table table = glassbox::testing::ReadCsvFile(glassbox::testing::DatasetPath("adult_test_scored.csv"));
  auto inputs = glassbox::testing::AdultScoredInputs();
  inputs.params = glassbox::testing::ParseParams(
      R"({"treatments": ["hours-per-week", "age", "capital-gain"], "heterogeneity_feature": "sex"})");
  auto insight = glassbox::testing::RunAnalyzer("causal", table, inputs);
  ASSERT_TRUE(insight.ok()) << insight.status();

  ScorecardInput input;
  input.run.set_id("run-causal");
  input.run.mutable_spec()->set_target_column("income");
  input.run.mutable_spec()->set_task(glassbox::v1::BINARY_CLASSIFICATION);
  auto* status = input.run.add_analyses();
  status->set_analyzer("causal");
  status->set_analyzer_version(insight->analyzer_version());
  status->set_section(glassbox::testing::DescriptorOf("causal").reports().section());
  status->set_state(glassbox::v1::ANALYSIS_SUCCEEDED);
  input.insights.push_back(*insight);
  auto config = ParseScorecardConfig(R"({"Causal": {"treatments": ["hours-per-week", "age"]}})");
  ASSERT_TRUE(config.ok()) << config.status();
  input.config = *config;

  auto rendered = RenderScorecard(input);
  ASSERT_TRUE(rendered.ok()) << rendered.status();
  const std::string path = testing::WriteTempFile("causal.pdf", rendered->pdf);
  const std::string text = absl::StrJoin(testing::PdfTextPages(path), "\n");
  EXPECT_THAT(text, HasSubstr("Causal analysis"));
  EXPECT_THAT(text, HasSubstr("Average treatment effects on P(income = >50K)"));
  // The table keeps the configured treatments' rows only (the charts and texts come as they are).
  EXPECT_TRUE(HasLineWith(text, {"hours-per-week", "+1 unit"})) << text;
  EXPECT_TRUE(HasLineWith(text, {"age", "+1 unit"})) << text;
  EXPECT_FALSE(HasLineWith(text, {"capital-gain", "+1 unit"})) << text;
  EXPECT_THAT(text, HasSubstr("Effect of hours-per-week on P(income = >50K) by sex"));
  EXPECT_THAT(text, HasSubstr("Treatment policy for hours-per-week"));
}

}  // namespace
}  // namespace glassbox::scorecard
