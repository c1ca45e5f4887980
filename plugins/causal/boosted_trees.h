// Gradient-boosted regression trees for squared error, grown as
// scikit-learn's GradientBoostingRegressor(loss="squared_error",
// criterion="friedman_mse", subsample=1.0, max_features=None,
// min_samples_leaf=1) grows them: the initial prediction is the mean target;
// each tree is fitted to the current residuals, splitting a node at the
// threshold (the midpoint between two consecutive distinct values, more than
// 1e-7 apart) that maximizes Friedman's improvement
// n_l n_r / (n_l + n_r) (mean_l - mean_r)^2, down to `max_depth`; a leaf
// predicts its mean residual, scaled by `learning_rate`. Feature values are
// rounded to float32 first, as scikit-learn's trees read them. Where splits
// tie (improvements within a relative 1e-10, as when two features split a
// node's rows alike), scikit-learn takes the one its random feature order
// meets first, this implementation the lowest feature index, then the lowest
// threshold.
#ifndef GLASSBOX_PLUGINS_CAUSAL_BOOSTED_TREES_H_
#define GLASSBOX_PLUGINS_CAUSAL_BOOSTED_TREES_H_

#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace glassbox::plugins {

struct BoostingOptions {
  int num_trees = 100;
  double learning_rate = 0.1;
  int max_depth = 3;
};

class BoostedTrees {
 public:
  // `x` holds one training row per column (features × rows); `y` one target per row.
  static BoostedTrees Fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const BoostingOptions& options);

  // One prediction per column of `x`.
  Eigen::VectorXd Predict(const Eigen::MatrixXd& x) const;

  struct Node {
    int32_t feature = -1;  // -1 for a leaf
    double threshold = 0;  // rows with value <= threshold go left
    int32_t left = -1;
    int32_t right = -1;
    double value = 0;  // a leaf's mean residual
  };
  // Node 0 is the root.
  using Tree = std::vector<Node>;

 private:
  static double LeafValue(const Tree& tree, const float* row);

  double initial_ = 0;
  double learning_rate_ = 0;
  std::vector<Tree> trees_;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_CAUSAL_BOOSTED_TREES_H_
