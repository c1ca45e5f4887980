#include "boosted_trees.h"

#include <algorithm>
#include <cfloat>
#include <limits>
#include <numeric>

namespace glassbox::plugins {
namespace {

// scikit-learn's FEATURE_THRESHOLD: values closer than this are one value.
constexpr double kSameValue = 1e-7;

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

// Each feature's rows in ascending order of value, with the values.
struct SortedFeatures {
  std::vector<std::vector<int32_t>> rows;
  std::vector<std::vector<float>> values;
};

SortedFeatures Sort(const FloatMatrix& x) {
  SortedFeatures sorted;
  const int32_t n = static_cast<int32_t>(x.cols());
  for (Eigen::Index f = 0; f < x.rows(); ++f) {
    std::vector<int32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return x(f, a) < x(f, b); });
    std::vector<float> values(n);
    for (int32_t k = 0; k < n; ++k) values[k] = x(f, order[k]);
    sorted.rows.push_back(std::move(order));
    sorted.values.push_back(std::move(values));
  }
  return sorted;
}

// The best split of each node in `slot_of_node` (-1 for nodes not split), by
// one ascending scan of every feature that moves each row into its node's left side.
std::vector<Split> BestSplits(const SortedFeatures& sorted, const std::vector<int32_t>& node_of,
                              const std::vector<int32_t>& slot_of_node, const std::vector<NodeSums>& slot_sums,
                              const Eigen::VectorXd& residuals) {
  const size_t slots = slot_sums.size();
  std::vector<Split> best(slots);
  std::vector<double> left_count(slots), left_sum(slots);
  std::vector<float> previous(slots);
  for (size_t f = 0; f < sorted.rows.size(); ++f) {
    std::fill(left_count.begin(), left_count.end(), 0.0);
    std::fill(left_sum.begin(), left_sum.end(), 0.0);
    const auto& rows = sorted.rows[f];
    const auto& values = sorted.values[f];
    for (size_t k = 0; k < rows.size(); ++k) {
      const int32_t row = rows[k];
      const int32_t slot = slot_of_node[node_of[row]];
      if (slot < 0) continue;
      const float value = values[k];
      if (left_count[slot] > 0 && value > previous[slot] + kSameValue) {
        const NodeSums& node = slot_sums[slot];
        const double count_left = left_count[slot], count_right = node.count - count_left;
        const double sum_left = left_sum[slot], sum_right = node.sum - sum_left;
        const double diff = count_right * sum_left - count_left * sum_right;
        const double proxy = diff * diff / (count_left * count_right);
        if (proxy > best[slot].proxy) {
          double threshold = previous[slot] / 2.0 + value / 2.0;
          if (threshold == value) threshold = previous[slot];
          best[slot] = {proxy, static_cast<int32_t>(f), threshold};
        }
      }
      left_count[slot] += 1;
      left_sum[slot] += residuals[row];
      previous[slot] = value;
    }
  }
  return best;
}

}  // namespace

BoostedTrees BoostedTrees::Fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const BoostingOptions& options) {
  const FloatMatrix features = x.cast<float>();
  const SortedFeatures sorted = Sort(features);
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
      const std::vector<Split> best = BestSplits(sorted, node_of, slot_of_node, slot_sums, residuals);

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
