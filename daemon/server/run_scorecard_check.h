// CreateRun's check of a run's scorecard_config: parsed (scorecard_config.h),
// then held against what the prepared run's analyses will report
// (declared_reports.h, config_fit.h), so that a misspelt metric, a feature
// fairness does not cover, a section whose analyzer is not in the run or a
// top_n beyond what explanations ranks is refused before the run is queued.
// INVALID_ARGUMENT "spec.scorecard_config: scorecard config key '<key>': ...".
#ifndef GLASSBOX_DAEMON_SERVER_RUN_SCORECARD_CHECK_H_
#define GLASSBOX_DAEMON_SERVER_RUN_SCORECARD_CHECK_H_

#include "absl/status/status.h"
#include "daemon/run/prepared_run.h"
#include "glassbox/v1/run.pb.h"

namespace glassbox::server {

// OK when the spec has no scorecard_config.
absl::Status CheckRunScorecardConfig(const glassbox::v1::RunSpec& spec, const run::PreparedRun& prepared);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_RUN_SCORECARD_CHECK_H_
