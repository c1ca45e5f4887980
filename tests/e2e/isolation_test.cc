// Every analysis runs in a worker process of its own: a plugin that crashes,
// exits, hangs past its deadline, throws or returns an error fails only its
// analysis, the daemon stays up and keeps no worker behind, and a worker's
// model calls are answered by the daemon, and runs the very plugin library
// the daemon loaded.
#include <dirent.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/e2e/fixture_plugins.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

// Processes whose parent is `pid`, from /proc.
int ChildrenOf(pid_t pid) {
  int children = 0;
  DIR* proc = opendir("/proc");
  while (dirent* entry = readdir(proc)) {
    std::ifstream stat(std::string("/proc/") + entry->d_name + "/stat");
    std::string pid_field, name, state;
    pid_t parent = 0;
    // The name is in parentheses and never contains spaces for our processes.
    if (stat >> pid_field >> name >> state >> parent && parent == pid) ++children;
  }
  closedir(proc);
  return children;
}

class IsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(daemon_.running());
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &scored_).ok());
  }

  DaemonProcess daemon_{{PluginDirs(), "--analysis_deadline_s=2"}};
  glassbox::v1::Dataset scored_;
};

TEST_F(IsolationTest, EachWayOfFailingFailsOnlyItsAnalysis) {
  glassbox::v1::RunSpec spec = AdultRunSpec(scored_.id(), {"model_overview"});
  for (const char* how : {"segfault", "abort", "hang", "exit", "error", "throw"}) AddMisbehaving(spec, how);
  spec.add_analyses()->set_analyzer("data_explorer");
  glassbox::v1::Run run = CreateRunAndWait(daemon_.stub(), spec);

  EXPECT_EQ(run.state(), glassbox::v1::FAILED);
  EXPECT_THAT(run.error(), HasSubstr("6 of 8 analyses failed"));
  ASSERT_EQ(run.analyses_size(), 8);
  for (int i : {0, 7}) {
    EXPECT_EQ(run.analyses(i).state(), glassbox::v1::ANALYSIS_SUCCEEDED) << run.analyses(i).error();
    EXPECT_FALSE(run.analyses(i).insight_id().empty());
  }
  const char* expected[] = {
      "crashed: its worker process was killed by signal 11 (Segmentation fault)",
      "crashed: its worker process was killed by signal 6 (Aborted)",
      "did not finish within the 2s analysis deadline and was stopped",
      "ended its worker process with exit status 3 before it reported a result",
      "returned an error on purpose",
      "thrown on purpose",
  };
  for (int i = 1; i <= 6; ++i) {
    EXPECT_EQ(run.analyses(i).state(), glassbox::v1::ANALYSIS_FAILED);
    EXPECT_THAT(run.analyses(i).error(), HasSubstr(expected[i - 1]));
  }

  // Still serving, with no worker left behind.
  glassbox::v1::Run next = CreateRunAndWait(daemon_.stub(), AdultRunSpec(scored_.id(), {"model_overview"}));
  EXPECT_EQ(next.state(), glassbox::v1::SUCCEEDED) << next.error();
  EXPECT_EQ(ChildrenOf(daemon_.pid()), 0);
}

TEST_F(IsolationTest, ModelCallsFromTheWorkerAreAnsweredByTheDaemon) {
  glassbox::v1::Dataset adult;
  ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult.csv"), &adult).ok());
  grpc::ClientContext register_context;
  glassbox::v1::ModelVersion version;
  ASSERT_TRUE(daemon_.stub().RegisterModel(&register_context, AdultModelRequest("adult-xgb", adult.id()), &version).ok());

  glassbox::v1::RunSpec spec = AdultRunSpec(scored_.id(), {}, "adult-xgb");
  AddMisbehaving(spec, "predict");
  glassbox::v1::Run run = CreateRunAndWait(daemon_.stub(), spec);
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();

  glassbox::v1::Insight insight = FetchInsight(daemon_.stub(), run.analyses(0).insight_id());
  ASSERT_GE(insight.blocks_size(), 1);
  // 1 - mean(probability) over adult_test_scored.csv (pandas), whose
  // `probability` column the model reproduces to 1e-6.
  EXPECT_NEAR(insight.blocks(0).metric().value(), 0.7561067949074995, 1e-6);
}

TEST(IsolationCancelTest, CancellingKillsTheRunningWorkerAtOnce) {
  DaemonProcess daemon({PluginDirs()});
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset scored;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &scored).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(scored.id(), {});
  AddMisbehaving(spec, "hang");
  grpc::ClientContext create_context;
  glassbox::v1::CreateRunRequest create;
  *create.mutable_spec() = spec;
  glassbox::v1::Run run;
  ASSERT_TRUE(daemon.stub().CreateRun(&create_context, create, &run).ok());
  while (run.analyses(0).state() != glassbox::v1::ANALYSIS_RUNNING) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    grpc::ClientContext get_context;
    glassbox::v1::GetRunRequest get;
    get.set_id(run.id());
    ASSERT_TRUE(daemon.stub().GetRun(&get_context, get, &run).ok());
  }
  EXPECT_EQ(ChildrenOf(daemon.pid()), 1);

  // A watcher's deadline ends its stream while the run goes on.
  grpc::ClientContext watch_context;
  watch_context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
  glassbox::v1::WatchRunRequest watch;
  watch.set_id(run.id());
  auto watcher = daemon.stub().WatchRun(&watch_context, watch);
  glassbox::v1::RunEvent event;
  while (watcher->Read(&event)) {
  }
  EXPECT_EQ(watcher->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);

  grpc::ClientContext cancel_context;
  glassbox::v1::CancelRunRequest cancel;
  cancel.set_id(run.id());
  glassbox::v1::Run cancelled;
  ASSERT_TRUE(daemon.stub().CancelRun(&cancel_context, cancel, &cancelled).ok());
  run = WaitForRun(daemon.stub(), run.id());
  EXPECT_EQ(run.state(), glassbox::v1::CANCELLED);
  EXPECT_EQ(run.analyses(0).state(), glassbox::v1::ANALYSIS_CANCELLED);
  EXPECT_EQ(ChildrenOf(daemon.pid()), 0);
}

TEST(IsolationLibraryTest, TheWorkerRunsTheLibraryTheDaemonLoadedThoughTheFileChanged) {
  TemporaryFolder plugins;
  const std::string library = plugins.path() + "/row_counter.so";
  std::filesystem::copy_file(std::string(FIXTURE_PLUGIN_DIR) + "/row_counter.so", library);
  DaemonProcess daemon({"--plugin_dir=" + plugins.path()});
  ASSERT_TRUE(daemon.running());
  grpc::ClientContext list_context;
  glassbox::v1::ListAnalyzersResponse listed;
  ASSERT_TRUE(daemon.stub().ListAnalyzers(&list_context, {}, &listed).ok());
  ASSERT_EQ(listed.analyzers_size(), 1);
  std::ofstream(library, std::ios::trunc) << "no longer a library";

  glassbox::v1::Dataset scored;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &scored).ok());
  glassbox::v1::Run run = CreateRunAndWait(daemon.stub(), AdultRunSpec(scored.id(), {"row_counter"}));
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  glassbox::v1::Insight insight = FetchInsight(daemon.stub(), run.analyses(0).insight_id());
  EXPECT_EQ(insight.plugin_sha256(), listed.analyzers(0).library_sha256());
  // adult_test_scored.csv has 10,054 rows.
  EXPECT_EQ(insight.blocks(0).metric().value(), 10054);
}

}  // namespace
}  // namespace glassbox::testing
