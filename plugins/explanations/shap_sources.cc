#include "shap_sources.h"

#include "absl/strings/str_cat.h"

namespace glassbox::plugins::explanations {

absl::StatusOr<bool> HasExactContributions(const sdk::Model& model, const sdk::Table& features, size_t row) {
  const size_t rows[] = {row};
  absl::StatusOr<Eigen::MatrixXd> probe = model.Contributions(features.SelectRows(rows));
  if (probe.ok()) return true;
  if (probe.status().code() == absl::StatusCode::kUnimplemented) return false;
  return absl::Status(probe.status().code(), absl::StrCat("model: ", probe.status().message()));
}

ExplainRows ExactContributions(const sdk::Model& model, const sdk::Table& features, const ModelOutputs& outputs) {
  const bool negate = outputs.negate_margin;
  return [&model, &features, negate](std::span<const size_t> rows,
                                     const Progress& progress) -> absl::StatusOr<Eigen::MatrixXd> {
    absl::StatusOr<Eigen::MatrixXd> contributions = model.Contributions(features.SelectRows(rows));
    if (!contributions.ok()) {
      return absl::Status(contributions.status().code(), absl::StrCat("model: ", contributions.status().message()));
    }
    if (negate) *contributions = -*contributions;
    if (absl::Status status = progress.Update(1.0); !status.ok()) return status;
    return contributions;
  };
}

ExplainRows KernelContributions(const KernelShap& explainer, long long nsamples, uint64_t seed) {
  return [&explainer, nsamples, seed](std::span<const size_t> rows, const Progress& progress) {
    return explainer.Explain(rows, nsamples, seed, progress);
  };
}

}  // namespace glassbox::plugins::explanations
