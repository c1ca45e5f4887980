#include "daemon/run/worker_task.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "tests/daemon/run/row_counter_run.h"

namespace glassbox::run {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class WorkerTaskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto prepared = RowCounterRun();
    ASSERT_TRUE(prepared.ok()) << prepared.status();
    run_ = *std::move(prepared);
  }

  // What the worker receives when the daemon sends `task` with the run's
  // table and hands it `library_fd` (by default, as the daemon does, the
  // descriptor of the plugin's sealed in-memory copy).
  absl::StatusOr<AssignedAnalysis> SendAndReceive(const glassbox::internal::WorkerTask& task, int library_fd = -1) {
    int ends[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0);
    std::thread daemon([&] {
      EXPECT_TRUE(SendTask(ends[0], task, *run_.table).ok());
      close(ends[0]);
    });
    auto received = ReceiveTask(ends[1], library_fd >= 0 ? library_fd : run_.analyses[0].plugin->library_fd);
    daemon.join();
    close(ends[1]);
    return received;
  }

  PreparedRun run_;
};

TEST_F(WorkerTaskTest, TheWorkerRebuildsTheRunAndGetsTheSameInsight) {
  absl::StatusOr<AssignedAnalysis> assigned = SendAndReceive(EncodeTask(run_, 0));
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  const PreparedRun& copy = assigned->run;

  ASSERT_EQ(copy.table->num_columns(), 4u);
  ASSERT_EQ(copy.table->num_rows(), 3u);
  for (size_t c = 0; c < 4; ++c) {
    EXPECT_EQ(copy.table->column(c).name(), run_.table->column(c).name());
    for (size_t r = 0; r < 3; ++r) {
      EXPECT_EQ(copy.table->column(c).ValueAsString(r), run_.table->column(c).ValueAsString(r)) << c << "," << r;
    }
  }
  EXPECT_TRUE(copy.table->column(3).IsMissing(1));
  EXPECT_EQ(copy.target_column, "y");
  EXPECT_EQ(copy.feature_columns, run_.feature_columns);
  EXPECT_EQ(copy.outcomes.classes, run_.outcomes.classes);
  EXPECT_EQ(copy.outcomes.positive_class, run_.outcomes.positive_class);
  EXPECT_EQ(copy.outcomes.y_true, run_.outcomes.y_true);
  EXPECT_EQ(copy.outcomes.y_pred, run_.outcomes.y_pred);
  EXPECT_FALSE(copy.outcomes.has_probabilities());
  ASSERT_EQ(copy.cohorts.size(), 1u);
  EXPECT_EQ(copy.cohorts[0].name, "older");
  EXPECT_EQ(copy.cohorts[0].filter, "age > 40");
  EXPECT_THAT(copy.cohorts[0].rows, ElementsAre(1, 2));
  EXPECT_FALSE(assigned->model_info.has_value());
  EXPECT_EQ(copy.analyses[0].plugin->descriptor.library_sha256(),
            run_.analyses[0].plugin->descriptor.library_sha256());

  absl::StatusOr<glassbox::v1::Insight> in_worker = ExecuteAnalysis(copy, 0, nullptr, nullptr);
  absl::StatusOr<glassbox::v1::Insight> in_daemon = ExecuteAnalysis(run_, 0, nullptr, nullptr);
  ASSERT_TRUE(in_worker.ok()) << in_worker.status();
  ASSERT_TRUE(in_daemon.ok()) << in_daemon.status();
  EXPECT_EQ(in_worker->SerializeAsString(), in_daemon->SerializeAsString());
  EXPECT_EQ(in_worker->blocks(0).metric().value(), 2);
}

TEST_F(WorkerTaskTest, RefusesALibraryThatIsNotTheDaemonsSealedCopyOfTheAnalyzer) {
  // The library file itself: its bytes could change after the daemon hashed them.
  const int file = open((std::string(FIXTURE_PLUGIN_DIR) + "/row_counter.so").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(file, 0);
  absl::Status refused = SendAndReceive(EncodeTask(run_, 0), file).status();
  close(file);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("is not a sealed in-memory copy of a plugin library"));

  glassbox::internal::WorkerTask task = EncodeTask(run_, 0);
  task.set_analyzer("fairness");
  refused = SendAndReceive(task).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("handed the library of analyzer 'row_counter' to run 'fairness'"));
}

TEST_F(WorkerTaskTest, RefusesColumnsOutcomesAndCohortsThatDoNotFitTheTable) {
  glassbox::internal::WorkerTask task = EncodeTask(run_, 0);
  task.set_table_rows(4);
  EXPECT_THAT(SendAndReceive(task).status().message(), HasSubstr("the table has 3 rows; the task says 4"));

  task = EncodeTask(run_, 0);
  task.mutable_outcomes()->mutable_y_pred()->RemoveLast();
  EXPECT_THAT(SendAndReceive(task).status().message(),
              HasSubstr("the outcomes do not have the table's 3 rows"));

  task = EncodeTask(run_, 0);
  task.mutable_cohorts(0)->add_rows(3);
  EXPECT_THAT(SendAndReceive(task).status().message(),
              HasSubstr("cohort 'older' names row 3 of a 3-row table"));
}

}  // namespace
}  // namespace glassbox::run
