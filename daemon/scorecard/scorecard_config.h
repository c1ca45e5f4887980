// Reads a scorecard configuration written in the JSON schema of Azure Machine
// Learning's Responsible AI scorecard (pdf_gen.json: Model, Metrics,
// FeatureImportance, DataExplorer, Fairness, Cohorts, Causal), so users bring
// theirs unchanged. Unknown keys, values of the wrong type and malformed
// thresholds are refused with INVALID_ARGUMENT naming the key, e.g.
// "scorecard config key 'Metrics.accuracy_score.threshold': ...".
#ifndef GLASSBOX_DAEMON_SCORECARD_SCORECARD_CONFIG_H_
#define GLASSBOX_DAEMON_SCORECARD_SCORECARD_CONFIG_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "glassbox/v1/scorecard.pb.h"

namespace glassbox::scorecard {

absl::StatusOr<glassbox::v1::ScorecardConfig> ParseScorecardConfig(std::string_view json);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_SCORECARD_CONFIG_H_
