#include "permutation_importance.h"

#include <cmath>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "batch_predict.h"
#include "column_gather.h"
#include "random.h"

namespace glassbox::plugins::explanations {
namespace {

// The rows of one shuffle whose value of the permuted column changes: row
// targets[k] receives the value of row sources[k].
struct Changes {
  std::vector<size_t> targets;
  std::vector<size_t> sources;
};

Changes ChangesOf(const sdk::Column& column, std::span<const size_t> permutation) {
  Changes changes;
  for (size_t row = 0; row < permutation.size(); ++row) {
    if (SameValue(column, permutation[row], row)) continue;
    changes.targets.push_back(row);
    changes.sources.push_back(permutation[row]);
  }
  return changes;
}

// Predictions of `rows` with `column` shuffled as `changes` say, for the changed rows only.
absl::StatusOr<Eigen::MatrixXd> PredictChanged(const sdk::Model& model, const sdk::Table& rows,
                                               const sdk::Column& column, const Changes& changes,
                                               const Progress& progress) {
  const std::span<const size_t> targets = changes.targets;
  const std::span<const size_t> sources = changes.sources;
  return PredictSlices(
      model, targets.size(),
      [&](size_t begin, size_t end) {
        sdk::Table slice = rows.SelectRows(targets.subspan(begin, end - begin));
        // Same name and length: replacing cannot fail.
        (void)slice.ReplaceColumn(GatherColumn(column, sources.subspan(begin, end - begin)));
        return slice;
      },
      progress);
}

}  // namespace

double PermutationImportance::Mean(size_t i) const {
  const std::vector<double>& d = drops[i];
  return std::accumulate(d.begin(), d.end(), 0.0) / static_cast<double>(d.size());
}

double PermutationImportance::Std(size_t i) const {
  const std::vector<double>& d = drops[i];
  const double mean = Mean(i);
  double squares = 0.0;
  for (double drop : d) squares += (drop - mean) * (drop - mean);
  return std::sqrt(squares / static_cast<double>(d.size()));
}

absl::StatusOr<PermutationImportance> ComputePermutationImportance(const sdk::Model& model, const sdk::Table& rows,
                                                                   const PredictionScorer& scorer,
                                                                   std::span<const size_t> columns, int n_repeats,
                                                                   uint64_t seed, const Progress& progress) {
  const size_t num_rows = rows.num_rows();
  const double stages = static_cast<double>(columns.size() + 1);
  std::vector<size_t> all_rows(num_rows);
  std::iota(all_rows.begin(), all_rows.end(), size_t{0});
  absl::StatusOr<Eigen::MatrixXd> baseline = PredictSlices(
      model, num_rows,
      [&](size_t begin, size_t end) {
        return end - begin == num_rows ? rows : rows.SelectRows(std::span(all_rows).subspan(begin, end - begin));
      },
      progress.Part(0.0, 1.0 / stages, "scoring the rows as they are"));
  if (!baseline.ok()) return baseline.status();

  PermutationImportance result;
  result.baseline_score = scorer.Score(*baseline);

  std::vector<std::vector<size_t>> permutations;
  Rng rng(seed);
  for (int r = 0; r < n_repeats; ++r) {
    rng.Shuffle(std::span(all_rows));
    permutations.push_back(all_rows);
  }

  for (size_t c = 0; c < columns.size(); ++c) {
    const sdk::Column& column = rows.column(columns[c]);
    const Progress stage = progress.Part((1.0 + static_cast<double>(c)) / stages,
                                         (2.0 + static_cast<double>(c)) / stages, absl::StrCat("permuting ", column.name()));
    std::vector<double>& drops = result.drops.emplace_back();
    for (int r = 0; r < n_repeats; ++r) {
      const Changes changes = ChangesOf(column, permutations[r]);
      absl::StatusOr<Eigen::MatrixXd> changed = PredictChanged(
          model, rows, column, changes,
          stage.Part(static_cast<double>(r) / n_repeats, static_cast<double>(r + 1) / n_repeats));
      if (!changed.ok()) return changed.status();
      Eigen::MatrixXd permuted = *baseline;
      for (size_t k = 0; k < changes.targets.size(); ++k) {
        permuted.row(static_cast<Eigen::Index>(changes.targets[k])) = changed->row(static_cast<Eigen::Index>(k));
      }
      drops.push_back(result.baseline_score - scorer.Score(permuted));
    }
  }
  return result;
}

}  // namespace glassbox::plugins::explanations
