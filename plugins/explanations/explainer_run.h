// One run of the explanations analyzer over an analysis context: resolves
// the method, computes the global importance over the analysed rows (all
// rows, or those of the `cohort` parameter) and over each cohort of the run
// within them, and the local contributions of the requested rows.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_EXPLAINER_RUN_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_EXPLAINER_RUN_H_

#include "absl/status/statusor.h"
#include "glassbox/sdk/context.h"
#include "glassbox/v1/analyses/explanations.pb.h"
#include "settings.h"

namespace glassbox::plugins::explanations {

// INVALID_ARGUMENT naming the parameter for requested rows beyond the table
// or outside the cohort, and for tree_shap asked of a model without exact
// contributions; CANCELLED when the run is cancelled.
absl::StatusOr<glassbox::v1::analyses::Explanations> Explain(const sdk::AnalysisContext& context,
                                                             const Settings& settings);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_EXPLAINER_RUN_H_
