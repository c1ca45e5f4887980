// Fairlearn's ThresholdOptimizer search over the groups' trade-off curves:
//
// Simple constraints (demographic parity = selection rate parity, and parity
// of a true/false positive/negative rate): each group's hull of (constraint
// metric, objective) is interpolated on the grid 0, 1/grid_size, ..., 1 of
// the constraint metric; the overall objective at grid value x is the sum of
// the groups' objectives weighted by their share of rows, and the first x
// that maximises it gives every group its mixture there. With a tolerance t
// > 0 (Fairlearn's `tol`, method "between_groups") each group may take its own
// grid value, the values at most t apart: a sliding window over the grid
// keeps, per group, the best objective inside the window, and the best window
// wins (on equal objectives the later one whose values spread no more).
//
// Equalized odds: each group's ROC hull (false positive rate, true positive
// rate) is interpolated on the grid of false positive rates; the groups share
// the lowest true positive rate at each x, the objective of that common point
// (rounded to 15 decimals) picks the first best x, and each group mixes its
// own hull point with the constant prediction x (p_ignore) to come down to the
// common true positive rate.
#ifndef GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_THRESHOLD_SEARCH_H_
#define GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_THRESHOLD_SEARCH_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "group_rule.h"
#include "rate_metric.h"

namespace glassbox::plugins::threshold_optimizer {

// One group's fitting rows: positive-class scores (finite) and labels (0/1).
struct GroupData {
  std::string name;
  std::vector<double> scores;
  std::vector<int> labels;
};

struct SearchSettings {
  // nullopt for equalized odds.
  std::optional<RateMetric> constraint_metric;
  RateMetric objective = RateMetric::kAccuracy;
  int grid_size = 1000;
  bool flip = false;
  // Simple constraints only; 0 for exact parity on the grid.
  double tolerance = 0;
};

struct SearchResult {
  // One per group, in the order given.
  std::vector<GroupRule> rules;
  // The grid value each group was given.
  std::vector<double> constraint_values;
  // The common constraint value (equalized odds: false positive rate), or
  // for a tolerance the smallest of constraint_values.
  double best_x = 0;
  // Equalized odds: the common true positive rate; otherwise 0.
  double best_y = 0;
  double best_objective = 0;
};

// Fails, naming the group, when a group's labels are all equal.
absl::StatusOr<SearchResult> SearchThresholds(const std::vector<GroupData>& groups, const SearchSettings& settings);

struct TradeoffSample {
  double disparity = 0;
  double objective = 0;
};

// Simple constraints: the best objective when the groups' constraint values
// may spread by at most d, for `samples` values of d evenly from 0 to the
// spread of the unconstrained optimum (one sample when that spread is 0).
// Equalized odds: the objective of the common ROC point at each grid value,
// `disparity` holding the common false positive rate.
absl::StatusOr<std::vector<TradeoffSample>> TradeoffCurve(const std::vector<GroupData>& groups,
                                                          const SearchSettings& settings, int samples);

}  // namespace glassbox::plugins::threshold_optimizer

#endif  // GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_THRESHOLD_SEARCH_H_
