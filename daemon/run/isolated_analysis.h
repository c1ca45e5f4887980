// Runs one analysis of a prepared run in a worker process forked for it, so a
// plugin that crashes (segfault, abort), corrupts its memory or loops past
// its deadline fails only that analysis: the daemon reports the reason as the
// analysis's error and carries on, and the next analysis gets a fresh worker.
//
// The worker shares the run's data with the daemon copy-on-write and sends
// back progress and the insight. It never calls the model backend itself
// (libxgboost's thread pool and gRPC channels do not survive fork): its model
// calls travel to the daemon, which answers them with the run's model.
#ifndef GLASSBOX_DAEMON_RUN_ISOLATED_ANALYSIS_H_
#define GLASSBOX_DAEMON_RUN_ISOLATED_ANALYSIS_H_

#include <atomic>
#include <functional>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "daemon/run/prepared_run.h"
#include "glassbox/v1/insight.pb.h"

namespace glassbox::run {

// As ExecuteAnalysis. Beyond its errors: CANCELLED once `cancel_requested`
// is set (the worker is killed at once), DEADLINE_EXCEEDED when the analysis
// outlives `deadline`, INTERNAL when the worker crashes or exits without an
// answer, naming the signal or exit status.
absl::StatusOr<glassbox::v1::Insight> ExecuteIsolated(const PreparedRun& run, size_t index,
                                                      std::function<void(double, std::string_view)> report_progress,
                                                      const std::atomic<bool>* cancel_requested,
                                                      absl::Duration deadline);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_ISOLATED_ANALYSIS_H_
