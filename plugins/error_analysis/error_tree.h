// The surrogate error tree: a regression tree of the per-row error (0/1
// misclassification, or absolute error) on binned features, grown best-first
// (leaf-wise, as LightGBM grows its trees) under LightGBM's three limits:
//   max_depth          no leaf deeper than this (the root is at depth 0);
//   num_leaves         at most this many leaves;
//   min_child_samples  no child with fewer rows (LightGBM's min_data_in_leaf).
// A split's gain is the reduction of the sum of squared deviations of the
// error, S_L^2/n_L + S_R^2/n_R - S^2/n with S a sum of errors: for 0/1 errors
// the Gini gain (n times the drop of Gini impurity 2p(1-p), halved), and the
// gain of LightGBM's first tree for the binary and L2 objectives (constant
// hessian, no regularisation). Only splits with a positive gain are made.
// The leaf with the largest gain is split next.
//
// Numeric splits are "x <= t" against "x > t" between two consecutive
// non-empty value bins of the node, t the midpoint of the largest value below
// and the smallest above (so with one bin per distinct value, the thresholds
// of scikit-learn); missing values go to whichever side gains more.
// Categorical splits partition the node's categories (missing ones being one
// more category) after sorting them by mean error, taking the best prefix of
// that order: the optimal binary partition for this criterion (Breiman et al.,
// CART, 1984), which LightGBM's many-vs-many categorical split approximates
// with extra smoothing and limits. Ties are broken by the first feature in the
// given order, then the lowest threshold, so the same input grows the same tree.
#ifndef GLASSBOX_PLUGINS_ERROR_ANALYSIS_ERROR_TREE_H_
#define GLASSBOX_PLUGINS_ERROR_ANALYSIS_ERROR_TREE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "feature_binning.h"

namespace glassbox::plugins {

struct TreeLimits {
  int max_depth = 3;
  int num_leaves = 31;
  int min_child_samples = 20;
};

struct ErrorTreeNode {
  int parent = -1;
  int depth = 0;
  int64_t size = 0;
  // The sum of the rows' errors.
  double error = 0;
  // The condition that selects this node's rows among its parent's, e.g.
  // "age > 38.5" or "sex in [Female]"; empty for the root.
  std::string condition;
  // Internal nodes only.
  int split_feature = -1;
  double gain = 0;
  int left = -1;
  int right = -1;

  bool is_leaf() const { return left < 0; }
};

// Nodes in creation order, the root first, each split's left child before its
// right. `errors` has one entry per row of the features' bins.
std::vector<ErrorTreeNode> GrowErrorTree(std::span<const BinnedFeature> features, std::span<const double> errors,
                                         const TreeLimits& limits);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ERROR_ANALYSIS_ERROR_TREE_H_
