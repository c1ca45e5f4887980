// A plugin built incompatibly with the daemon (tests/daemon/plugins/broken/
// mismatched_build.cc: other Eigen alignment and libstdc++ string ABI) is
// refused from its file's bytes, at start and on ReloadPlugins, with each
// difference named, and the daemon goes on serving and running the others.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

const std::string kMismatched = std::string(FIXTURE_PLUGIN_DIR) + "/mismatched_build.so";

TEST(PluginCompatibilityTest, AnIncompatiblyBuiltPluginIsRefusedNamingEachDifferenceAndTheDaemonServes) {
  DaemonProcess daemon({"--plugin_dir=" + std::string(FIXTURE_PLUGIN_DIR)});
  ASSERT_TRUE(daemon.running());

  grpc::ClientContext reload_context;
  glassbox::v1::ReloadPluginsResponse reloaded;
  ASSERT_TRUE(daemon.stub().ReloadPlugins(&reload_context, {}, &reloaded).ok());
  std::string reason;
  for (const auto& skipped : reloaded.skipped()) {
    if (skipped.library_path() == kMismatched) reason = skipped.reason();
  }
  EXPECT_THAT(reason, HasSubstr("built incompatibly with this daemon: "));
  EXPECT_THAT(reason, HasSubstr("eigen_max_align_bytes is 0 in the plugin, "));
  EXPECT_THAT(reason, HasSubstr("glibcxx_use_cxx11_abi is 0 in the plugin, 1 in the daemon"));
  EXPECT_THAT(reason, HasSubstr("rebuild the plugin against this daemon's SDK"));
  ASSERT_TRUE(daemon.running()) << "loading the plugin would have aborted the daemon";

  // The daemon still lists and runs the compatible fixture plugins.
  grpc::ClientContext list_context;
  glassbox::v1::ListAnalyzersResponse listed;
  ASSERT_TRUE(daemon.stub().ListAnalyzers(&list_context, {}, &listed).ok());
  std::vector<std::string> names;
  for (const auto& analyzer : listed.analyzers()) names.push_back(analyzer.name());
  EXPECT_THAT(names, ::testing::ElementsAre("misbehaving", "row_counter", "throwing"));

  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadBytes(daemon.stub(), "y,p\nyes,yes\nno,yes\nno,no\n", &dataset).ok());
  glassbox::v1::RunSpec spec;
  spec.set_dataset_id(dataset.id());
  spec.set_target_column("y");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.set_positive_class("yes");
  spec.mutable_predictions()->set_prediction_column("p");
  spec.add_analyses()->set_analyzer("row_counter");
  glassbox::v1::Run run = CreateRunAndWait(daemon.stub(), spec);
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  EXPECT_EQ(FetchInsight(daemon.stub(), run.analyses(0).insight_id()).blocks(0).metric().value(), 3);
}

}  // namespace
}  // namespace glassbox::testing
