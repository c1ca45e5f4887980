#include "daemon/plugins/plugin_host.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "daemon/run/prepared_run.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/planted_library.h"

namespace glassbox::plugins {
namespace {

using ::testing::HasSubstr;

std::string ReasonFor(const PluginHost& host, const std::string& path) {
  for (const auto& skipped : host.skipped()) {
    if (skipped.path == path) return skipped.reason;
  }
  return "(not skipped)";
}

std::string ReasonFor(const PluginHost& host, const char* fixture) {
  return ReasonFor(host, std::string(FIXTURE_PLUGIN_DIR) + "/" + fixture);
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
  // Refused from its file's bytes: loading it would have aborted this process.
  EXPECT_THAT(ReasonFor(host, "mismatched_build.so"),
              HasSubstr("built incompatibly with this daemon: eigen_max_align_bytes is 0 in the plugin, "));
  EXPECT_THAT(ReasonFor(host, "mismatched_build.so"), HasSubstr("glibcxx_use_cxx11_abi is 0 in the plugin, 1 in the daemon"));
  EXPECT_THAT(ReasonFor(host, "throwing_constructor.so"), HasSubstr("factory failed"));
  EXPECT_THAT(ReasonFor(host, "garbage.so"), HasSubstr("not a loadable shared library: /proc/self/fd/"));
}

// A plugin folder of the test's own, made 0755 (mkdtemp makes it 0700).
class PluginFolderTest : public ::testing::Test {
 protected:
  PluginFolderTest() { Chmod(0755); }
  void Chmod(mode_t mode) { ASSERT_EQ(chmod(folder_.path().c_str(), mode), 0); }
  std::string Copy(const std::string& fixture, const std::string& name) {
    const std::string path = folder_.path() + "/" + name;
    std::filesystem::copy_file(std::string(FIXTURE_PLUGIN_DIR) + "/" + fixture, path);
    return path;
  }

  testing::TemporaryFolder folder_;
};

TEST_F(PluginFolderTest, ALibraryInAFolderOthersMayWriteNeverRuns) {
  testing::PlantedLibrary planted(folder_.path(), "planted.so");
  Chmod(0777);
  ::testing::internal::CaptureStderr();
  PluginHost host({folder_.path()});
  const std::string logged = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(host.Find("model_overview"), nullptr);
  EXPECT_THAT(ReasonFor(host, planted.path()), HasSubstr(folder_.path() + " is writable by anyone (mode 0777)"));
  // The daemon's log says why, for the operator who never calls ReloadPlugins.
  EXPECT_THAT(logged, HasSubstr("skipped plugin " + planted.path() + ": " + folder_.path() + " is writable by anyone"));
  EXPECT_FALSE(planted.ran());
  host.Reload();
  EXPECT_FALSE(planted.ran());

  // Once only its owner may write the folder, the library loads and its constructor runs.
  Chmod(0755);
  host.Reload();
  EXPECT_NE(host.Find("model_overview"), nullptr);
  EXPECT_TRUE(planted.ran());
}

TEST_F(PluginFolderTest, TwoLibrariesClaimingOneNameLoadNeither) {
  const std::string shadow = Copy("row_counter.so", "000_shadow.so");
  const std::string original = Copy("row_counter.so", "row_counter.so");
  PluginHost host({folder_.path()});
  EXPECT_EQ(host.Find("row_counter"), nullptr);
  const std::string reason = absl::StrCat("analyzer name 'row_counter' is claimed by 2 libraries (", shadow, ", ",
                                          original, "); none of them is loaded while more than one claims it");
  EXPECT_EQ(ReasonFor(host, shadow), reason);
  EXPECT_EQ(ReasonFor(host, original), reason);

  std::filesystem::remove(shadow);
  host.Reload();
  ASSERT_NE(host.Find("row_counter"), nullptr);
  EXPECT_EQ(host.Find("row_counter")->descriptor.library_path(), original);
  EXPECT_TRUE(host.skipped().empty());
}

TEST_F(PluginFolderTest, WithAnAllowlistOnlyTheListedBytesLoad) {
  const std::string counter = Copy("row_counter.so", "row_counter.so");
  testing::PlantedLibrary planted(folder_.path(), "planted.so");
  const std::string allowlist = folder_.path() + "/allowlist";
  std::ofstream(allowlist) << testing::Sha256sumLine(counter);
  ASSERT_EQ(chmod(allowlist.c_str(), 0644), 0);

  PluginHost host({folder_.path()}, allowlist);
  ASSERT_NE(host.Find("row_counter"), nullptr);
  EXPECT_EQ(host.List().size(), 1u);
  EXPECT_THAT(ReasonFor(host, planted.path()), HasSubstr("is not in --plugin_allowlist " + allowlist));
  EXPECT_FALSE(planted.ran());

  // While the allowlist cannot be trusted, nothing loads.
  ASSERT_EQ(chmod(allowlist.c_str(), 0666), 0);
  host.Reload();
  EXPECT_TRUE(host.List().empty());
  EXPECT_THAT(ReasonFor(host, counter), HasSubstr(allowlist + " is writable by anyone"));
  EXPECT_FALSE(planted.ran());
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
