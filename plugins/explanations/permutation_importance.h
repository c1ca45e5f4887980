// Permutation importance with scikit-learn's definition
// (sklearn.inspection.permutation_importance): the score of the rows as they
// are minus the score after shuffling one feature's column, for n_repeats
// shuffles; the mean and the population standard deviation of those drops.
// As in scikit-learn, every feature is shuffled by the same n_repeats
// permutations, each one a further shuffle of the previous one.
//
// A model that serves Model::PredictReplacing scores the shuffles of several
// columns at once through it, so that it evaluates only what they change,
// slice of rows by slice; a scoring that is a sum over rows (confusion counts,
// regression sums) then scores each slice as it comes and holds no shuffled
// predictions, others hold them, a bounded number of columns at a time.
// Otherwise, models being deterministic, only new inputs are predicted: a row
// that receives its own value keeps its unshuffled prediction, and a row that
// receives the same value in several shuffles is predicted once. Both give the
// same predictions, so the same importances.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_PERMUTATION_IMPORTANCE_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_PERMUTATION_IMPORTANCE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/sdk/model.h"
#include "glassbox/sdk/table.h"
#include "progress.h"
#include "scoring.h"

namespace glassbox::plugins::explanations {

struct PermutationImportance {
  double baseline_score = 0.0;
  // Per permuted column: the drop of the score for each repeat.
  std::vector<std::vector<double>> drops;

  // Over the repeats of permuted column `i`.
  double Mean(size_t i) const;
  double Std(size_t i) const;
};

// `rows`: the rows scored, holding the columns the model reads; `scorer`
// scores Predict's result for them. `columns`: indices of the columns of
// `rows` to permute, one at a time.
absl::StatusOr<PermutationImportance> ComputePermutationImportance(const sdk::Model& model, const sdk::Table& rows,
                                                                   const PredictionScorer& scorer,
                                                                   std::span<const size_t> columns, int n_repeats,
                                                                   uint64_t seed, const Progress& progress);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_PERMUTATION_IMPORTANCE_H_
