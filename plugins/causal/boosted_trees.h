// Gradient-boosted regression trees for squared error, grown as
// scikit-learn's GradientBoostingRegressor(loss="squared_error",
// criterion="friedman_mse", subsample=1.0, max_features=None,
// min_samples_leaf=1) grows them, but over binned features
// (binned_features.h) as LightGBM and scikit-learn's HistGradientBoosting do:
// the initial prediction is the mean target; each tree is fitted to the
// current residuals, splitting a node between two of its non-empty bins where
// Friedman's improvement n_l n_r / (n_l + n_r) (mean_l - mean_r)^2 is largest,
// down to `max_depth`; a leaf predicts its mean residual, scaled by
// `learning_rate`. A node's candidates come from one histogram per feature of
// its rows' counts and residual sums; of two children only the smaller is
// summed, the larger's histogram is its parent's less the smaller's.
//
// A numeric split's threshold is the midpoint between the largest value of
// the node's rows below and the smallest above (their bins' extremes), so
// where every bin is one value (at most 255 per feature) the trees are
// scikit-learn's exact ones. Where splits tie (improvements within a relative
// 1e-10, as when two features split a node's rows alike), scikit-learn takes
// the one its random feature order meets first, this implementation the
// first feature in the given order, then the lowest bin.
#ifndef GLASSBOX_PLUGINS_CAUSAL_BOOSTED_TREES_H_
#define GLASSBOX_PLUGINS_CAUSAL_BOOSTED_TREES_H_

#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "binned_features.h"

namespace glassbox::plugins {

struct BoostingOptions {
  int num_trees = 100;
  double learning_rate = 0.1;
  int max_depth = 3;
};

class BoostedTrees {
 public:
  // Grows the trees on rows `rows` of `features`, reading only the features
  // `use` (searched in that order); `y` holds one target per row of `rows`.
  static BoostedTrees Fit(const BinnedFeatures& features, std::span<const size_t> use, std::span<const uint32_t> rows,
                          const Eigen::VectorXd& y, const BoostingOptions& options);
  // One prediction per row of `rows` of the features it was fitted on.
  Eigen::VectorXd Predict(const BinnedFeatures& features, std::span<const uint32_t> rows) const;

  // On numeric features: `x` holds one training row per column (features × rows).
  static BoostedTrees Fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const BoostingOptions& options);
  // One prediction per column of `x`, by the splits' thresholds.
  Eigen::VectorXd Predict(const Eigen::MatrixXd& x) const;

  struct Node {
    int32_t feature = -1;  // An index into `features`, -1 for a leaf.
    // Numeric: rows with value <= threshold, or bin <= bin, go left.
    // Categorical: rows of bin `bin` go right, the others left.
    double threshold = 0;
    uint8_t bin = 0;
    bool categorical = false;
    int32_t left = -1;
    int32_t right = -1;
    double value = 0;  // A leaf's mean residual.

    bool GoesLeft(uint8_t code) const { return categorical ? code != bin : code <= bin; }
  };
  // Node 0 is the root.
  using Tree = std::vector<Node>;

 private:
  double initial_ = 0;
  double learning_rate_ = 0;
  std::vector<size_t> features_;  // The features read, as `use`.
  std::vector<Tree> trees_;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_CAUSAL_BOOSTED_TREES_H_
