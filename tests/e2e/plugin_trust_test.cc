// Plugin folder trust through a real daemon: a library others could have
// planted or changed never runs, at start or on ReloadPlugins; two libraries
// claiming one analyzer name both stay out; with --plugin_allowlist only the
// listed bytes load. The planted fixture's constructor leaves a marker file
// when it runs.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/daemon_process.h"
#include "tests/support/planted_library.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

const std::string kBuiltIn = std::string(GLASSBOX_BINARY_DIR) + "/lib/glassbox/plugins";

// Each loaded analyzer's library path, by name.
std::map<std::string, std::string> Analyzers(DaemonProcess& daemon) {
  grpc::ClientContext context;
  glassbox::v1::ListAnalyzersResponse listed;
  EXPECT_TRUE(daemon.stub().ListAnalyzers(&context, {}, &listed).ok());
  std::map<std::string, std::string> analyzers;
  for (const auto& analyzer : listed.analyzers()) analyzers[analyzer.name()] = analyzer.library_path();
  return analyzers;
}

// ReloadPlugins' reasons, by library path.
std::map<std::string, std::string> Reload(DaemonProcess& daemon) {
  grpc::ClientContext context;
  glassbox::v1::ReloadPluginsResponse reloaded;
  EXPECT_TRUE(daemon.stub().ReloadPlugins(&context, {}, &reloaded).ok());
  std::map<std::string, std::string> skipped;
  for (const auto& library : reloaded.skipped()) skipped[library.library_path()] = library.reason();
  return skipped;
}

class PluginTrustTest : public ::testing::Test {
 protected:
  void Chmod(mode_t mode) { ASSERT_EQ(chmod(folder_.path().c_str(), mode), 0); }

  TemporaryFolder folder_;
};

TEST_F(PluginTrustTest, ALibraryInAFolderAnyoneMayWriteNeverRunsAndTheDaemonServes) {
  PlantedLibrary planted(folder_.path(), "000_shadow.so");
  Chmod(0777);
  DaemonProcess daemon({"--plugin_dir=" + kBuiltIn + "," + folder_.path()});
  ASSERT_TRUE(daemon.running());
  EXPECT_EQ(Analyzers(daemon)["model_overview"], kBuiltIn + "/model_overview.so");
  EXPECT_THAT(Reload(daemon)[planted.path()], HasSubstr(folder_.path() + " is writable by anyone (mode 0777), so "
                                                        "others could change the code the daemon runs; chmod go-w"));
  EXPECT_EQ(Analyzers(daemon)["model_overview"], kBuiltIn + "/model_overview.so");
  EXPECT_FALSE(planted.ran());
}

TEST_F(PluginTrustTest, TwoLibrariesClaimingOneNameLoadNeitherAndSaySo) {
  Chmod(0755);
  PlantedLibrary shadow(folder_.path(), "000_shadow.so");
  DaemonProcess daemon({"--plugin_dir=" + kBuiltIn + "," + folder_.path()});
  ASSERT_TRUE(daemon.running());
  EXPECT_FALSE(Analyzers(daemon).contains("model_overview"));
  EXPECT_TRUE(Analyzers(daemon).contains("fairness"));
  auto skipped = Reload(daemon);
  // The paths in sort order, as the daemon scans them.
  const std::string built_in = kBuiltIn + "/model_overview.so";
  const std::string reason = "analyzer name 'model_overview' is claimed by 2 libraries (" +
                             std::min(shadow.path(), built_in) + ", " + std::max(shadow.path(), built_in) +
                             "); none of them is loaded while more than one claims it";
  EXPECT_EQ(skipped[shadow.path()], reason);
  EXPECT_EQ(skipped[built_in], reason);
}

TEST_F(PluginTrustTest, WithAnAllowlistOnlyTheListedLibrariesLoad) {
  Chmod(0755);
  const std::string counter = folder_.path() + "/row_counter.so";
  std::filesystem::copy_file(std::string(FIXTURE_PLUGIN_DIR) + "/row_counter.so", counter);
  PlantedLibrary planted(folder_.path(), "planted.so");
  TemporaryFolder config;
  const std::string allowlist = config.path() + "/allowlist";
  std::ofstream(allowlist) << Sha256sumLine(counter);

  DaemonProcess daemon({"--plugin_dir=" + folder_.path(), "--plugin_allowlist=" + allowlist});
  ASSERT_TRUE(daemon.running());
  EXPECT_EQ(Analyzers(daemon), (std::map<std::string, std::string>{{"row_counter", counter}}));
  EXPECT_THAT(Reload(daemon)[planted.path()], HasSubstr("is not in --plugin_allowlist " + allowlist));
  EXPECT_FALSE(planted.ran());
}

}  // namespace
}  // namespace glassbox::testing
