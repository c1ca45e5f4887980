#include "boosted_trees.h"

#include <algorithm>
#include <cfloat>
#include <limits>
#include <numeric>

namespace glassbox::plugins {
namespace {

// scikit-learn's FEATURE_THRESHOLD: values closer than this are one value.
constexpr double kSameValue = 1e-7;

// Improvements within this relative distance are a tie, kept by the split
// found first: features in index order, thresholds ascending. Different
// features often split a node's rows alike, and rounding would otherwise
// decide between them.
constexpr double kTie = 1e-10;

using FloatMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;

// A node's rows: their count, sum and sum of squares of the residuals.
struct NodeSums {
  double count = 0;
  double sum = 0;
  double squares = 0;

  void Add(double residual) {
    count += 1;
    sum += residual;
    squares += residual * residual;
  }
  double Impurity() const { return squares / count - (sum / count) * (sum / count); }
};

struct Split {
  double proxy = -std::numeric_limits<double>::infinity();
  int32_t feature = -1;
  double threshold = 0;
};

// How a feature's candidate splits are found. A feature with two values has
// one candidate, found from the sums over the rows of its rarer value (a
// one-hot column costs its ones, not every row); any other feature is
// scanned in ascending order of value.
struct FeatureIndex {
  int num_values = 0;
  // Two values: `low` < `high`, and the rows of the rarer one.
  float low = 0, high = 0;
  bool rare_is_high = false;
  std::vector<int32_t> rare_rows;
  // More values: the rows in ascending order of value, with the values.
  std::vector<int32_t> rows;
  std::vector<float> values;
};

FeatureIndex IndexFeature(const FloatMatrix& x, Eigen::Index f) {
  const int32_t n = static_cast<int32_t>(x.cols());
  FeatureIndex index;
  float first = x(f, 0), second = first;
  index.num_values = 1;
  for (int32_t i = 0; i < n && index.num_values < 3; ++i) {
    const float value = x(f, i);
    if (value == first || (index.num_values == 2 && value == second)) continue;
    if (index.num_values == 1) second = value;
    ++index.num_values;
  }
  if (index.num_values == 2) {
    index.low = std::min(first, second);
    index.high = std::max(first, second);
    int32_t highs = 0;
    for (int32_t i = 0; i < n; ++i) highs += x(f, i) == index.high ? 1 : 0;
    index.rare_is_high = 2 * highs <= n;
    const float rare = index.rare_is_high ? index.high : index.low;
    for (int32_t i = 0; i < n; ++i) {
      if (x(f, i) == rare) index.rare_rows.push_back(i);
    }
  } else if (index.num_values > 2) {
    index.rows.resize(n);
    std::iota(index.rows.begin(), index.rows.end(), 0);
    std::stable_sort(index.rows.begin(), index.rows.end(), [&](int32_t a, int32_t b) { return x(f, a) < x(f, b); });
    index.values.resize(n);
    for (int32_t k = 0; k < n; ++k) index.values[k] = x(f, index.rows[k]);
  }
  return index;
}

// Keeps the best split of each node (by slot) as features are searched in index order.
class SplitSearch {
 public:
  SplitSearch(const std::vector<int32_t>& node_of, const std::vector<int32_t>& slot_of_node,
              const std::vector<NodeSums>& slot_sums, const Eigen::VectorXd& residuals)
      : node_of_(node_of), slot_of_node_(slot_of_node), slot_sums_(slot_sums), residuals_(residuals),
        best_(slot_sums.size()), left_count_(slot_sums.size()), left_sum_(slot_sums.size()),
        previous_(slot_sums.size()) {}

  void Search(const FeatureIndex& index, int32_t feature) {
    if (index.num_values == 2) {
      SearchTwoValues(index, feature);
    } else if (index.num_values > 2) {
      Scan(index, feature);
    }
  }

  const std::vector<Split>& best() const { return best_; }

 private:
  // The split of slot `slot` with `count_left` rows summing to `sum_left` on the left.
  void Consider(size_t slot, double count_left, double sum_left, int32_t feature, float below, float above) {
    const NodeSums& node = slot_sums_[slot];
    const double count_right = node.count - count_left, sum_right = node.sum - sum_left;
    const double diff = count_right * sum_left - count_left * sum_right;
    const double proxy = diff * diff / (count_left * count_right);
    if (best_[slot].feature < 0 || proxy > best_[slot].proxy * (1 + kTie)) {
      double threshold = below / 2.0 + above / 2.0;
      if (threshold == above) threshold = below;
      best_[slot] = {proxy, feature, threshold};
    }
  }

  void SearchTwoValues(const FeatureIndex& index, int32_t feature) {
    if (!(index.high > index.low + kSameValue)) return;
    Reset();
    for (int32_t row : index.rare_rows) {
      const int32_t slot = slot_of_node_[node_of_[row]];
      if (slot < 0) continue;
      left_count_[slot] += 1;
      left_sum_[slot] += residuals_[row];
    }
    for (size_t slot = 0; slot < slot_sums_.size(); ++slot) {
      const NodeSums& node = slot_sums_[slot];
      double count_low = left_count_[slot], sum_low = left_sum_[slot];
      if (index.rare_is_high) count_low = node.count - count_low, sum_low = node.sum - sum_low;
      if (count_low > 0 && count_low < node.count) Consider(slot, count_low, sum_low, feature, index.low, index.high);
    }
  }

  void Scan(const FeatureIndex& index, int32_t feature) {
    Reset();
    for (size_t k = 0; k < index.rows.size(); ++k) {
      const int32_t row = index.rows[k];
      const int32_t slot = slot_of_node_[node_of_[row]];
      if (slot < 0) continue;
      const float value = index.values[k];
      if (left_count_[slot] > 0 && value > previous_[slot] + kSameValue) {
        Consider(slot, left_count_[slot], left_sum_[slot], feature, previous_[slot], value);
      }
      left_count_[slot] += 1;
      left_sum_[slot] += residuals_[row];
      previous_[slot] = value;
    }
  }

  void Reset() {
    std::fill(left_count_.begin(), left_count_.end(), 0.0);
    std::fill(left_sum_.begin(), left_sum_.end(), 0.0);
  }

  const std::vector<int32_t>& node_of_;
  const std::vector<int32_t>& slot_of_node_;
  const std::vector<NodeSums>& slot_sums_;
  const Eigen::VectorXd& residuals_;
  std::vector<Split> best_;
  std::vector<double> left_count_, left_sum_;
  std::vector<float> previous_;
};

}  // namespace

BoostedTrees BoostedTrees::Fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const BoostingOptions& options) {
  const FloatMatrix features = x.cast<float>();
  std::vector<FeatureIndex> indexes;
  for (Eigen::Index f = 0; f < features.rows(); ++f) indexes.push_back(IndexFeature(features, f));
  const size_t n = static_cast<size_t>(y.size());

  BoostedTrees model;
  model.initial_ = y.mean();
  model.learning_rate_ = options.learning_rate;
  Eigen::VectorXd predictions = Eigen::VectorXd::Constant(y.size(), model.initial_);
  std::vector<int32_t> node_of(n);
  for (int t = 0; t < options.num_trees; ++t) {
    const Eigen::VectorXd residuals = y - predictions;
    std::fill(node_of.begin(), node_of.end(), 0);
    Tree tree(1);
    std::vector<NodeSums> sums(1);
    for (size_t i = 0; i < n; ++i) sums[0].Add(residuals[i]);

    std::vector<int32_t> level = {0};
    for (int depth = 0; depth < options.max_depth && !level.empty(); ++depth) {
      std::vector<int32_t> slot_of_node(tree.size(), -1);
      std::vector<int32_t> splittable;
      std::vector<NodeSums> slot_sums;
      for (int32_t node : level) {
        if (sums[node].count < 2 || sums[node].Impurity() <= DBL_EPSILON) continue;
        slot_of_node[node] = static_cast<int32_t>(splittable.size());
        splittable.push_back(node);
        slot_sums.push_back(sums[node]);
      }
      SplitSearch search(node_of, slot_of_node, slot_sums, residuals);
      for (size_t f = 0; f < indexes.size(); ++f) search.Search(indexes[f], static_cast<int32_t>(f));
      const std::vector<Split>& best = search.best();

      level.clear();
      for (size_t s = 0; s < splittable.size(); ++s) {
        const int32_t node = splittable[s];
        if (best[s].feature < 0) {
          slot_of_node[node] = -1;
          continue;
        }
        tree[node].feature = best[s].feature;
        tree[node].threshold = best[s].threshold;
        tree[node].left = static_cast<int32_t>(tree.size());
        tree[node].right = tree[node].left + 1;
        tree.resize(tree.size() + 2);
        sums.resize(sums.size() + 2);
        level.push_back(tree[node].left);
        level.push_back(tree[node].right);
      }
      for (size_t i = 0; i < n; ++i) {
        const Node& node = tree[node_of[i]];
        if (node.feature < 0 || slot_of_node[node_of[i]] < 0) continue;
        node_of[i] = features(node.feature, static_cast<Eigen::Index>(i)) <= node.threshold ? node.left : node.right;
        sums[node_of[i]].Add(residuals[i]);
      }
    }
    for (size_t node = 0; node < tree.size(); ++node) tree[node].value = sums[node].sum / sums[node].count;
    for (size_t i = 0; i < n; ++i) predictions[i] += options.learning_rate * tree[node_of[i]].value;
    model.trees_.push_back(std::move(tree));
  }
  return model;
}

double BoostedTrees::LeafValue(const Tree& tree, const float* row) {
  int32_t node = 0;
  while (tree[node].feature >= 0) {
    node = row[tree[node].feature] <= tree[node].threshold ? tree[node].left : tree[node].right;
  }
  return tree[node].value;
}

Eigen::VectorXd BoostedTrees::Predict(const Eigen::MatrixXd& x) const {
  const FloatMatrix features = x.cast<float>();
  Eigen::VectorXd predictions = Eigen::VectorXd::Constant(x.cols(), initial_);
  for (const Tree& tree : trees_) {
    for (Eigen::Index i = 0; i < x.cols(); ++i) predictions[i] += learning_rate_ * LeafValue(tree, features.col(i).data());
  }
  return predictions;
}

}  // namespace glassbox::plugins
