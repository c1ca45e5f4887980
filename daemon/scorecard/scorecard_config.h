// Reads a scorecard configuration written in the JSON schema of Azure Machine
// Learning's Responsible AI scorecard (pdf_gen.json: Model, Metrics,
// FeatureImportance, DataExplorer, Fairness, Cohorts, Causal), so users bring
// theirs unchanged. Unknown keys, values of the wrong type and malformed
// thresholds are refused with INVALID_ARGUMENT naming the key, e.g.
// "scorecard config key 'Metrics.accuracy_score.threshold': ...".
//
// Limits, checked in one linear pass before any parsing: a config nested
// deeper than kMaxScorecardConfigDepth (objects and lists; pdf_gen.json needs
// 3) or longer than kMaxScorecardConfigBytes is refused with INVALID_ARGUMENT
// naming the limit and what was found. Without them protobuf's JSON reader
// takes time quadratic in the nesting of lists (seconds for 20 KB).
#ifndef GLASSBOX_DAEMON_SCORECARD_SCORECARD_CONFIG_H_
#define GLASSBOX_DAEMON_SCORECARD_SCORECARD_CONFIG_H_

#include <cstddef>
#include <string_view>

#include "absl/status/statusor.h"
#include "glassbox/v1/scorecard.pb.h"

namespace glassbox::scorecard {

inline constexpr int kMaxScorecardConfigDepth = 16;
inline constexpr size_t kMaxScorecardConfigBytes = 64 << 10;

absl::StatusOr<glassbox::v1::ScorecardConfig> ParseScorecardConfig(std::string_view json);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_SCORECARD_CONFIG_H_
