#include "daemon/run/isolated_analysis.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/daemon/run/row_counter_run.h"

namespace glassbox::run {
namespace {

using ::testing::HasSubstr;

TEST(IsolatedAnalysisTest, AWorkerAnswersAsTheAnalysisDoesInProcess) {
  absl::StatusOr<PreparedRun> run = RowCounterRun();
  ASSERT_TRUE(run.ok()) << run.status();
  absl::StatusOr<glassbox::v1::Insight> in_worker = ExecuteIsolated(*run, 0, nullptr, nullptr, WorkerOptions());
  absl::StatusOr<glassbox::v1::Insight> in_process = ExecuteAnalysis(*run, 0, nullptr, nullptr);
  ASSERT_TRUE(in_worker.ok()) << in_worker.status();
  ASSERT_TRUE(in_process.ok()) << in_process.status();
  EXPECT_EQ(in_worker->blocks(0).metric().value(), 2);
  EXPECT_EQ(in_worker->SerializeAsString(), in_process->SerializeAsString());
}

TEST(IsolatedAnalysisTest, AWorkerThatCannotStartFailsTheAnalysisNamingTheBinary) {
  absl::StatusOr<PreparedRun> run = RowCounterRun();
  ASSERT_TRUE(run.ok()) << run.status();
  WorkerOptions options;
  options.binary = "/nonexistent/glassbox-worker";
  absl::Status status = ExecuteIsolated(*run, 0, nullptr, nullptr, options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("cannot start the analysis worker /nonexistent/glassbox-worker: No such file"));
}

TEST(IsolatedAnalysisTest, ACancelledRunStopsItsWorker) {
  absl::StatusOr<PreparedRun> run = RowCounterRun();
  ASSERT_TRUE(run.ok()) << run.status();
  const std::atomic<bool> cancelled{true};
  EXPECT_EQ(ExecuteIsolated(*run, 0, nullptr, &cancelled, WorkerOptions()).status().code(),
            absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace glassbox::run
