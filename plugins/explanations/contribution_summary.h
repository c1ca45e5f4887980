// Reduces the per-row contributions of a SHAP method as they are computed:
// the mean |contribution| of each feature to each output over each scope (a
// set of rows), and the whole contribution rows of a few kept rows. Rows are
// explained chunk by chunk, so memory stays bounded whatever the row count.
//
// Contribution rows have Model::Contributions' layout: per output, one value
// per feature, then the base value.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_CONTRIBUTION_SUMMARY_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_CONTRIBUTION_SUMMARY_H_

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "progress.h"

namespace glassbox::plugins::explanations {

// Explains `rows` (rows of the dataset): rows.size() contribution rows.
using ExplainRows = std::function<absl::StatusOr<Eigen::MatrixXd>(std::span<const size_t> rows, const Progress&)>;

struct ContributionSummary {
  // Per scope: features × outputs mean |contribution| over the scope's rows
  // that were explained (NaN where it has none).
  std::vector<Eigen::MatrixXd> mean_absolute;
  // Per scope: its rows that were explained.
  std::vector<int64_t> sizes;
  // The contribution rows of the kept rows, in their order.
  Eigen::MatrixXd kept;
};

struct SummaryRequest {
  // The rows to explain, ascending.
  std::span<const size_t> rows;
  // How many rows one call of `explain` gets.
  size_t chunk_rows = 1;
  size_t num_features = 0;
  size_t num_outputs = 0;
  // Each ascending; their rows that are not explained are ignored.
  std::vector<std::span<const size_t>> scopes;
  // Ascending, among `rows`.
  std::span<const size_t> kept;
};

absl::StatusOr<ContributionSummary> SummarizeContributions(const ExplainRows& explain, const SummaryRequest& request,
                                                           const Progress& progress);

// The rows of ascending `a` also in ascending `b`.
std::vector<size_t> Intersect(std::span<const size_t> a, std::span<const size_t> b);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_CONTRIBUTION_SUMMARY_H_
