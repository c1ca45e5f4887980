#include "daemon/server/run_scorecard_check.h"

#include "absl/strings/str_cat.h"
#include "daemon/scorecard/config_fit.h"
#include "daemon/scorecard/declared_reports.h"
#include "daemon/scorecard/scorecard_config.h"

namespace glassbox::server {
namespace {

scorecard::PlannedRun PlanOf(const glassbox::v1::RunSpec& spec, const run::PreparedRun& prepared) {
  scorecard::PlannedRun plan;
  plan.task = spec.task();
  // A model scores classes with probabilities; prediction columns have them when named.
  plan.has_probabilities =
      prepared.needs_scoring ? prepared.outcomes.is_classification() : prepared.outcomes.has_probabilities();
  plan.feature_columns = prepared.feature_columns;
  for (const auto& cohort : spec.cohorts()) plan.cohorts.push_back(cohort.name());
  for (const auto& analysis : prepared.analyses) {
    plan.analyses.push_back({analysis.plugin->descriptor, analysis.params.values()});
  }
  return plan;
}

}  // namespace

absl::Status CheckRunScorecardConfig(const glassbox::v1::RunSpec& spec, const run::PreparedRun& prepared) {
  if (spec.scorecard_config().empty()) return absl::OkStatus();
  auto config = scorecard::ParseScorecardConfig(spec.scorecard_config());
  absl::Status status = config.ok()
                            ? scorecard::CheckConfigFits(*config, scorecard::ReportOfPlan(PlanOf(spec, prepared)))
                            : config.status();
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat("spec.scorecard_config: ", status.message()));
}

}  // namespace glassbox::server
