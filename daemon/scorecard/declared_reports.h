// What a run will report, known before it runs, so that CreateRun can check
// its scorecard configuration (config_fit.h). The built-in analyzers report
// what their parameters (with defaults filled in) and the task determine:
//   model_overview   the task's performance metrics (ROC AUC and log loss only
//                    with probabilities; selection and error rates for binary);
//   fairness         its metrics (or the task's defaults) between the groups of
//                    each sensitive feature and of their intersection;
//   explanations     the min(top_n, feature columns) most important features;
//   data_explorer    its features (or every feature column);
//   causal           its treatments;
//   error_analysis, data_balance, counterfactuals  their headline metrics.
// An analysis restricted to a cohort reports no whole-data metrics. Any other
// analyzer is kUnknown: what it reports is checked once its insights exist.
#ifndef GLASSBOX_DAEMON_SCORECARD_DECLARED_REPORTS_H_
#define GLASSBOX_DAEMON_SCORECARD_DECLARED_REPORTS_H_

#include <string>
#include <vector>

#include "daemon/scorecard/config_fit.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/task.pb.h"
#include "google/protobuf/struct.pb.h"

namespace glassbox::scorecard {

struct PlannedAnalysis {
  std::string analyzer;
  // As checked at CreateRun, defaults filled in.
  google::protobuf::Struct params;
};

struct PlannedRun {
  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;
  // Probabilities come from columns or the model.
  bool has_probabilities = false;
  std::vector<std::string> feature_columns;
  std::vector<std::string> cohorts;
  std::vector<PlannedAnalysis> analyses;
};

RunReport ReportOfPlan(const PlannedRun& plan);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_DECLARED_REPORTS_H_
