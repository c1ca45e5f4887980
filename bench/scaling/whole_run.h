// The whole-run figure: a real glassboxd on loopback with the Adult XGBoost
// model registered; then, timed, the upload of a dataset, a run of every
// built-in analysis (BenchAnalysis::in_whole_run) scored by the model, with
// the PDF scorecard issued at its end, followed to its end with WatchRun, and
// the scorecard's download.
#ifndef GLASSBOX_BENCH_SCALING_WHOLE_RUN_H_
#define GLASSBOX_BENCH_SCALING_WHOLE_RUN_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace glassbox::bench {

struct WholeRunResult {
  int64_t rows = 0;
  double upload_seconds = 0;
  // From CreateRun to the run's last event.
  double run_seconds = 0;
  double download_seconds = 0;
  double total_seconds = 0;
  // glassboxd's CPU time over the same span (all its threads).
  double daemon_cpu_seconds = 0;
  // From the run's events: waiting in the queue, scoring by the model, each
  // analysis, then issuing the scorecard and ending the run.
  std::vector<std::pair<std::string, double>> phases;
  // glassboxd's resident memory before the upload, its peak during the
  // upload, what it kept after it, and its peak from then to the end.
  int64_t daemon_start_kib = 0;
  int64_t daemon_upload_peak_kib = 0;
  int64_t daemon_uploaded_kib = 0;
  int64_t daemon_run_peak_kib = 0;
  int scorecard_pages = 0;
};

// Fails if the daemon does not start or any step fails.
absl::StatusOr<WholeRunResult> MeasureWholeRun(const std::string& csv);

}  // namespace glassbox::bench

#endif  // GLASSBOX_BENCH_SCALING_WHOLE_RUN_H_
