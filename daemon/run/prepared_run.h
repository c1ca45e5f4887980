// Turns a RunSpec plus its loaded table into everything the analyses need,
// checking it all up front so that CreateRun refuses a bad spec with
// INVALID_ARGUMENT (or FAILED_PRECONDITION) naming the field, before the run
// is queued. The result is what the scheduler executes.
#ifndef GLASSBOX_DAEMON_RUN_PREPARED_RUN_H_
#define GLASSBOX_DAEMON_RUN_PREPARED_RUN_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "daemon/plugins/plugin_host.h"
#include "glassbox/sdk/context.h"
#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/run.pb.h"

namespace glassbox::run {

struct PreparedAnalysis {
  std::shared_ptr<const plugins::Plugin> plugin;
  sdk::Params params;
};

struct PreparedRun {
  std::shared_ptr<const sdk::Table> table;
  std::string target_column;
  std::vector<std::string> feature_columns;
  sdk::Outcomes outcomes;
  std::vector<sdk::Cohort> cohorts;
  std::vector<PreparedAnalysis> analyses;
  // nullptr for a predictions-only run.
  std::shared_ptr<const sdk::Model> model;
  // True until ScoreWithModel filled y_pred and probabilities from the model.
  bool needs_scoring = false;
};

// `model` is nullptr when the run reads predictions from columns.
absl::StatusOr<PreparedRun> PrepareRun(const glassbox::v1::RunSpec& spec, std::shared_ptr<const sdk::Table> table,
                                       const plugins::PluginHost& host,
                                       std::shared_ptr<const sdk::Model> model = nullptr);

// Scores the table with the run's model, unless prediction columns were
// given: classification probabilities per class and the predicted class
// (the positive class when its probability is >= 0.5 for binary tasks, the
// most probable otherwise); regression values. Done by the worker, not at
// CreateRun, since a remote model may be slow.
absl::Status ScoreWithModel(PreparedRun& run);

// Runs analysis `index` of the prepared run. The insight carries the
// analyzer's name, version and library hash; ids are the caller's to set.
absl::StatusOr<glassbox::v1::Insight> ExecuteAnalysis(
    const PreparedRun& run, size_t index, std::function<void(double, std::string_view)> report_progress,
    const std::atomic<bool>* cancel_requested);

// The same, with `model` serving the analysis in place of the run's model
// (which it must stand for).
absl::StatusOr<glassbox::v1::Insight> ExecuteAnalysis(
    const PreparedRun& run, size_t index, const sdk::Model* model,
    std::function<void(double, std::string_view)> report_progress, const std::atomic<bool>* cancel_requested);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_PREPARED_RUN_H_
