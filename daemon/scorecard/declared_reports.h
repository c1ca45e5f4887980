// What a run will report, known before it runs, so that CreateRun can check
// its scorecard configuration (config_fit.h). Each analysis reports what its
// analyzer declares in Describe() (ReportDeclaration in analyzer.proto), read
// with the analysis' parameters (defaults filled in), the run's task and
// whether it has probabilities; the daemon knows no analyzer by name. An
// analysis whose COHORT parameter names a cohort reports no whole-data
// metrics. An analyzer that declares nothing is kUnknown: what it reports is
// checked once its insights exist.
#ifndef GLASSBOX_DAEMON_SCORECARD_DECLARED_REPORTS_H_
#define GLASSBOX_DAEMON_SCORECARD_DECLARED_REPORTS_H_

#include <string>
#include <vector>

#include "daemon/scorecard/config_fit.h"
#include "glassbox/v1/analyzer.pb.h"
#include "glassbox/v1/task.pb.h"
#include "google/protobuf/struct.pb.h"

namespace glassbox::scorecard {

struct PlannedAnalysis {
  // As the plugin described itself when it was loaded.
  glassbox::v1::Analyzer descriptor;
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
