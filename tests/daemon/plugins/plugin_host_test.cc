#include "daemon/plugins/plugin_host.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/run/prepared_run.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::plugins {
namespace {

using ::testing::HasSubstr;

std::string ReasonFor(const PluginHost& host, const std::string& file) {
  for (const auto& skipped : host.skipped()) {
    if (skipped.path == std::string(FIXTURE_PLUGIN_DIR) + "/" + file) return skipped.reason;
  }
  return "(not skipped)";
}

TEST(PluginHostTest, LoadsGoodPluginsAndSkipsBadOnesWithAReason) {
  PluginHost host({FIXTURE_PLUGIN_DIR, "/nonexistent/folder"});
  ASSERT_EQ(host.List().size(), 3u);
  auto counter = host.Find("row_counter");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(counter->descriptor.version(), "1.2.3");
  EXPECT_EQ(counter->descriptor.sdk_abi_version(), sdk::kAbiVersion);
  EXPECT_EQ(counter->descriptor.library_sha256().size(), 64u);
  EXPECT_NE(host.Find("throwing"), nullptr);
  EXPECT_NE(host.Find("misbehaving"), nullptr);
  EXPECT_THAT(ReasonFor(host, "not_a_plugin.so"), HasSubstr("not a glassbox plugin"));
  EXPECT_THAT(ReasonFor(host, "wrong_abi.so"), HasSubstr("ABI version 999"));
  EXPECT_THAT(ReasonFor(host, "throwing_constructor.so"), HasSubstr("factory failed"));
  EXPECT_THAT(ReasonFor(host, "garbage.so"), HasSubstr("not a loadable shared library: /proc/self/fd/"));
}

class PluginCallTest : public ::testing::Test {
 protected:
  PluginCallTest() : host_({FIXTURE_PLUGIN_DIR}) {
    table_ = std::make_shared<const sdk::Table>(testing::ReadCsvText("y,p,age\n0,1,30\n1,1,50\n1,0,70\n"));
    spec_.set_target_column("y");
    spec_.set_task(glassbox::v1::BINARY_CLASSIFICATION);
    spec_.mutable_predictions()->set_prediction_column("p");
    auto* cohort = spec_.add_cohorts();
    cohort->set_name("older");
    cohort->set_filter("age > 40");
  }

  PluginHost host_;
  std::shared_ptr<const sdk::Table> table_;
  glassbox::v1::RunSpec spec_;
};

TEST_F(PluginCallTest, RunsAnAnalyzerOnACohort) {
  auto* analysis = spec_.add_analyses();
  analysis->set_analyzer("row_counter");
  (*analysis->mutable_params()->mutable_fields())["cohort"].set_string_value("older");
  auto prepared = run::PrepareRun(spec_, table_, host_);
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  auto insight = run::ExecuteAnalysis(*prepared, 0, nullptr, nullptr);
  ASSERT_TRUE(insight.ok()) << insight.status();
  EXPECT_EQ(insight->analyzer(), "row_counter");
  EXPECT_EQ(insight->analyzer_version(), "1.2.3");
  EXPECT_EQ(insight->blocks(0).metric().value(), 2);
}

TEST_F(PluginCallTest, TurnsExceptionsIntoStatuses) {
  spec_.add_analyses()->set_analyzer("throwing");
  auto prepared = run::PrepareRun(spec_, table_, host_);
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  auto insight = run::ExecuteAnalysis(*prepared, 0, nullptr, nullptr);
  ASSERT_FALSE(insight.ok());
  EXPECT_EQ(insight.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(insight.status().message()), HasSubstr("threw from Analyze: analysis exploded"));

  (*spec_.mutable_analyses(0)->mutable_params()->mutable_fields())["throw_in_validate"].set_bool_value(true);
  auto refused = run::PrepareRun(spec_, table_, host_);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("threw from Validate: validate exploded"));
}

TEST_F(PluginCallTest, RefusesUnknownAnalyzersAndEmptyLists) {
  auto empty = run::PrepareRun(spec_, table_, host_);
  EXPECT_THAT(std::string(empty.status().message()), HasSubstr("analyses is empty"));
  spec_.add_analyses()->set_analyzer("nope");
  auto unknown = run::PrepareRun(spec_, table_, host_);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown.status().message()),
              HasSubstr("analyses[0].analyzer: no analyzer named 'nope' is loaded (available: misbehaving, row_counter, throwing)"));
}

TEST_F(PluginCallTest, RefusesDuplicateCohortNames) {
  spec_.add_analyses()->set_analyzer("row_counter");
  *spec_.add_cohorts() = spec_.cohorts(0);
  auto prepared = run::PrepareRun(spec_, table_, host_);
  EXPECT_THAT(std::string(prepared.status().message()), HasSubstr("cohorts[1].name: 'older' is used by an earlier cohort"));
}

}  // namespace
}  // namespace glassbox::plugins
