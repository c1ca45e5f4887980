// The counterfactual search: DiCE's "random" method (dice_ml's DiceRandom)
// with a greedy sparsity step.
//
// Round t samples `sample_size` candidates, each the query row with
// min(t, number of features to vary) distinct varied features set to values
// drawn uniformly from their permitted domains (a value other than the
// query's when there is one; whole numbers for integral features), and scores
// the distinct ones with the model in one batch. Those that reach the desired outcome join
// a pool. From round min(2, features to vary) on (DiCE changes at least two
// features before stopping), candidates are picked from the pool greedily,
// each minimising
//   proximity_weight * dist(c, x) - diversity_weight * min over chosen or picked s of dist(c, s),
// 1.5 of them per counterfactual still missing, then made sparse: each
// changed feature in turn, the one contributing most to the distance first,
// is reverted to the query's value if the candidate still reaches the
// outcome, and a numeric one that cannot be reverted is moved as near the
// query's value as it can go by a batched 16-way search (as DiCE's binary
// post-hoc sparsity enhancement; every tested value is checked by the model
// and kept within the permitted range). Sparse candidates equal to one
// already chosen are dropped, and pool candidates that a chosen one lies
// between (in every feature) and the query are skipped, since they would be
// made sparse into it. The search ends with total_CFs counterfactuals, or
// when max_iterations rounds have left the pool empty.
#ifndef GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_SEARCH_H_
#define GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_SEARCH_H_

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "candidate_scorer.h"
#include "feature_space.h"

namespace glassbox::plugins {

struct SearchOptions {
  int total_cfs = 4;
  int sample_size = 1000;
  int max_iterations = 10;
  double proximity_weight = 0.5;
  double diversity_weight = 1.0;
};

struct SearchQuery {
  // The query row's values, space.size() of them.
  std::span<const double> values;
  // An outcome the model does not give the query row.
  DesiredOutcome desired;
  // The seed of this row's random draws (see QuerySeed).
  uint64_t seed = 0;
};

struct SearchResult {
  // The counterfactuals found, space.size() values each, nearest first; each
  // reaches the desired outcome and differs from the query.
  std::vector<double> counterfactuals;
  int64_t candidates_scored = 0;
  int rounds = 0;
};

// The seed of a query row's search: distinct per row, so that a row's result
// does not depend on the other rows asked for with it.
uint64_t QuerySeed(uint64_t seed, uint64_t row);

// Searches every query row. Each row's search is the one described above
// and depends only on its own values, outcome and seed; rows advance together,
// in groups sampling about 32k rows per round, so that one model call scores
// the candidates of a whole group.
// `finished(i, result)`, when given, is called as query i's search ends. Fails with
// CANCELLED when `cancelled` turns true (checked before each model call), or
// with the model's error.
absl::StatusOr<std::vector<SearchResult>> SearchCounterfactuals(
    const FeatureSpace& space, const CandidateScorer& scorer, std::span<const SearchQuery> queries,
    const SearchOptions& options, const std::function<bool()>& cancelled,
    const std::function<void(size_t, const SearchResult&)>& finished = nullptr);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_SEARCH_H_
