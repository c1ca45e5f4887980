#include "contribution_summary.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "absl/strings/str_cat.h"

namespace glassbox::plugins::explanations {

absl::StatusOr<ContributionSummary> SummarizeContributions(const ExplainRows& explain, const SummaryRequest& request,
                                                           const Progress& progress) {
  const Eigen::Index num_features = static_cast<Eigen::Index>(request.num_features);
  const Eigen::Index num_outputs = static_cast<Eigen::Index>(request.num_outputs);
  const Eigen::Index width = num_outputs * (num_features + 1);
  const size_t num_scopes = request.scopes.size();
  std::vector<Eigen::MatrixXd> sums(num_scopes, Eigen::MatrixXd::Zero(num_features, num_outputs));
  ContributionSummary summary;
  summary.sizes.assign(num_scopes, 0);
  summary.kept.resize(static_cast<Eigen::Index>(request.kept.size()), width);

  // Rows come in ascending order, so one cursor per scope finds membership in a single pass.
  std::vector<size_t> cursors(num_scopes, 0);
  size_t kept_cursor = 0;
  const size_t num_rows = request.rows.size();
  for (size_t begin = 0; begin < num_rows; begin += request.chunk_rows) {
    const size_t end = std::min(num_rows, begin + request.chunk_rows);
    const std::span<const size_t> chunk = request.rows.subspan(begin, end - begin);
    absl::StatusOr<Eigen::MatrixXd> contributions =
        explain(chunk, progress.Part(static_cast<double>(begin) / num_rows, static_cast<double>(end) / num_rows));
    if (!contributions.ok()) return contributions.status();
    if (contributions->rows() != static_cast<Eigen::Index>(chunk.size()) || contributions->cols() != width) {
      return absl::InternalError(absl::StrCat("model: returned ", contributions->rows(), " x ", contributions->cols(),
                                              " contributions for ", chunk.size(), " rows of ", num_features,
                                              " features and ", num_outputs, " outputs"));
    }
    for (size_t i = 0; i < chunk.size(); ++i) {
      const size_t row = chunk[i];
      const auto values = contributions->row(static_cast<Eigen::Index>(i));
      for (size_t s = 0; s < num_scopes; ++s) {
        const std::span<const size_t> scope = request.scopes[s];
        while (cursors[s] < scope.size() && scope[cursors[s]] < row) ++cursors[s];
        if (cursors[s] == scope.size() || scope[cursors[s]] != row) continue;
        ++summary.sizes[s];
        for (Eigen::Index k = 0; k < num_outputs; ++k) {
          sums[s].col(k) += values.segment(k * (num_features + 1), num_features).transpose().cwiseAbs();
        }
      }
      if (kept_cursor < request.kept.size() && request.kept[kept_cursor] == row) {
        summary.kept.row(static_cast<Eigen::Index>(kept_cursor++)) = values;
      }
    }
  }
  for (size_t s = 0; s < num_scopes; ++s) {
    const double count = static_cast<double>(summary.sizes[s]);
    summary.mean_absolute.push_back(
        count > 0 ? Eigen::MatrixXd(sums[s] / count)
                  : Eigen::MatrixXd::Constant(num_features, num_outputs, std::numeric_limits<double>::quiet_NaN()));
  }
  return summary;
}

std::vector<size_t> Intersect(std::span<const size_t> a, std::span<const size_t> b) {
  std::vector<size_t> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both;
}

}  // namespace glassbox::plugins::explanations
