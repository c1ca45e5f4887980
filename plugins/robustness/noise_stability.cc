#include "noise_stability.h"

#include <algorithm>

#include "counterfactual_search.h"
#include "normal_draw.h"
#include "random.h"

namespace glassbox::plugins {
namespace {

constexpr size_t kBatchRows = 65536;

}  // namespace

absl::StatusOr<std::vector<std::vector<double>>> MeasureNoiseStability(
    const PerturbationGeometry& geometry, const CandidateScorer& scorer, std::span<const double> rows,
    std::span<const int> columns, std::span<const uint64_t> seeds, std::span<const double> scales, int samples) {
  const size_t d = geometry.space().size();
  const size_t n = columns.size();
  std::vector<std::vector<double>> stability(n, std::vector<double>(scales.size(), 0.0));
  // Rows go to the model in groups of at most about kBatchRows noisy copies.
  const size_t group = std::max<size_t>(1, kBatchRows / static_cast<size_t>(samples));
  for (size_t s = 0; s < scales.size(); ++s) {
    for (size_t first = 0; first < n; first += group) {
      const size_t last = std::min(n, first + group);
      std::vector<double> batch;
      batch.reserve((last - first) * static_cast<size_t>(samples) * d);
      for (size_t r = first; r < last; ++r) {
        const std::span<const double> row = rows.subspan(r * d, d);
        const std::vector<size_t> coordinates = geometry.NumericCoordinates(row);
        explanations::Rng rng(QuerySeed(seeds[r], s));
        for (int i = 0; i < samples; ++i) {
          const size_t at = batch.size();
          batch.insert(batch.end(), row.begin(), row.end());
          for (size_t p : coordinates) {
            batch[at + p] = geometry.Clip(p, row[p] + scales[s] * geometry.scale(p) * StandardNormal(rng));
          }
        }
      }
      absl::StatusOr<Eigen::MatrixXd> scores = scorer.Predict(batch);
      if (!scores.ok()) return scores.status();
      for (size_t r = first; r < last; ++r) {
        int kept = 0;
        for (int i = 0; i < samples; ++i) {
          const Eigen::Index index = static_cast<Eigen::Index>((r - first) * static_cast<size_t>(samples) + i);
          kept += scorer.PredictedColumn(*scores, index) == columns[r] ? 1 : 0;
        }
        stability[r][s] = static_cast<double>(kept) / samples;
      }
    }
  }
  return stability;
}

}  // namespace glassbox::plugins
