// The two sources of SHAP contributions, as ExplainRows over the rows of a
// table of the model's features: the model's own exact ones (TreeSHAP for a
// tree ensemble) and KernelSHAP.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_SHAP_SOURCES_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_SHAP_SOURCES_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "contribution_summary.h"
#include "glassbox/sdk/model.h"
#include "glassbox/sdk/table.h"
#include "kernel_shap.h"
#include "model_outputs.h"

namespace glassbox::plugins::explanations {

// Whether the model gives exact contributions: tries `row` of `features`.
// False when it answers UNIMPLEMENTED; its error when it fails otherwise.
absl::StatusOr<bool> HasExactContributions(const sdk::Model& model, const sdk::Table& features, size_t row);

// Model::Contributions of the rows, in margin space, signed for `outputs`.
// `model` and `features` must outlive the result.
ExplainRows ExactContributions(const sdk::Model& model, const sdk::Table& features, const ModelOutputs& outputs);

// KernelShap::Explain of the rows. `explainer` must outlive the result.
ExplainRows KernelContributions(const KernelShap& explainer, long long nsamples, uint64_t seed);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_SHAP_SOURCES_H_
