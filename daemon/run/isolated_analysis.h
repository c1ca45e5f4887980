// Runs one analysis of a prepared run in a worker process started for it, so
// a plugin that crashes (segfault, abort), corrupts its memory or loops past
// its deadline fails only that analysis: the daemon reports the reason as the
// analysis's error and carries on, and the next analysis gets a fresh worker.
//
// The worker is a fresh program (glassbox-worker, daemon/worker_main.cc), not
// a fork of the daemon: a process forked from the daemon's threads would
// inherit whatever locks they held (the allocator's, a runtime's). It
// receives the run's table, outcomes and cohorts and the plugin library the
// daemon loaded, sends back progress and the insight, and never calls the
// model backend itself: its model calls travel to the daemon, which answers
// them with the run's model.
#ifndef GLASSBOX_DAEMON_RUN_ISOLATED_ANALYSIS_H_
#define GLASSBOX_DAEMON_RUN_ISOLATED_ANALYSIS_H_

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "daemon/run/prepared_run.h"
#include "glassbox/v1/insight.pb.h"

namespace glassbox::run {

// glassbox-worker in the folder of the running executable, where the build
// and the install put it beside glassboxd.
std::string DefaultWorkerBinary();

struct WorkerOptions {
  std::string binary = DefaultWorkerBinary();
  // How long an analysis may run before its worker is stopped.
  absl::Duration deadline = absl::Hours(1);
};

// As ExecuteAnalysis. Beyond its errors: CANCELLED once `cancel_requested`
// is set (the worker is killed at once), DEADLINE_EXCEEDED when the analysis
// outlives the deadline, INTERNAL when the worker crashes or exits without an
// answer, naming the signal or exit status, FAILED_PRECONDITION when the
// worker binary cannot be started.
absl::StatusOr<glassbox::v1::Insight> ExecuteIsolated(const PreparedRun& run, size_t index,
                                                      std::function<void(double, std::string_view)> report_progress,
                                                      const std::atomic<bool>* cancel_requested,
                                                      const WorkerOptions& options);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_ISOLATED_ANALYSIS_H_
