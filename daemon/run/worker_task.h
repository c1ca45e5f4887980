// The analysis a worker process runs (WorkerTask in
// proto/glassbox/internal/analysis_worker.proto): one analysis of a prepared
// run with the run's table, outcomes and cohorts, as the daemon sends it and
// as the worker rebuilds it.
#ifndef GLASSBOX_DAEMON_RUN_WORKER_TASK_H_
#define GLASSBOX_DAEMON_RUN_WORKER_TASK_H_

#include <optional>

#include "absl/status/statusor.h"
#include "daemon/run/prepared_run.h"
#include "glassbox/internal/analysis_worker.pb.h"

namespace glassbox::run {

// Everything but the table's columns, which SendTask sends after it.
glassbox::internal::WorkerTask EncodeTask(const PreparedRun& run, size_t index);

// Writes `task` and then `table`, one column per frame, to the socket.
absl::Status SendTask(int fd, const glassbox::internal::WorkerTask& task, const sdk::Table& table);

struct AssignedAnalysis {
  // A run of that one analysis and no model: the worker's model calls go to
  // the daemon.
  PreparedRun run;
  // Absent when the run reads predictions from columns.
  std::optional<sdk::ModelInfo> model_info;
};

// Reads what SendTask wrote and loads the analysis's plugin from
// `library_fd`, the daemon's sealed copy (plugins::AdoptPlugin).
// FAILED_PRECONDITION when that is not a sealed copy or not the task's
// analyzer; INVALID_ARGUMENT when the task does not describe a run (columns,
// outcomes or cohorts that do not fit the table); the stream's error when it
// breaks.
absl::StatusOr<AssignedAnalysis> ReceiveTask(int fd, int library_fd);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_WORKER_TASK_H_
