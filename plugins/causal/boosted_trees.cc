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

// How a feature's candidate splits are found, each way giving the same
// candidates as scanning the node's rows in ascending order of value. A
// feature with two values has one candidate, found from the sums over the
// rows of its rarer value (a one-hot column costs its ones, not every row).
// One with up to kMaxBins values is histogrammed per node in row order (no
// random access), one with more is scanned in sorted order.
constexpr size_t kMaxBins = 256;

struct FeatureIndex {
  enum class Kind { kConstant, kTwoValues, kBinned, kSorted };
  Kind kind = Kind::kConstant;
  // kTwoValues: values[0] < values[1], and the rows of the rarer one.
  // kBinned: the distinct values ascending, and each row's index among them.
  // kSorted: each position's value, with `rows` in ascending order of value.
  std::vector<float> values;
  bool rare_is_high = false;
  std::vector<int32_t> rows;
  std::vector<uint8_t> bins;
};

// `column` holds the feature's value for each row.
FeatureIndex IndexFeature(const Eigen::Ref<const Eigen::VectorXf>& column) {
  const int32_t n = static_cast<int32_t>(column.size());
  FeatureIndex index;
  std::vector<float>& distinct = index.values;
  bool many = false;
  for (int32_t i = 0; i < n && !many; ++i) {
    const float value = column[i];
    const auto at = std::lower_bound(distinct.begin(), distinct.end(), value);
    if (at != distinct.end() && *at == value) continue;
    many = distinct.size() == kMaxBins;
    if (!many) distinct.insert(at, value);
  }
  if (many) {
    index.kind = FeatureIndex::Kind::kSorted;
    index.rows.resize(n);
    std::iota(index.rows.begin(), index.rows.end(), 0);
    std::stable_sort(index.rows.begin(), index.rows.end(), [&](int32_t a, int32_t b) { return column[a] < column[b]; });
    index.values.resize(n);
    for (int32_t k = 0; k < n; ++k) index.values[k] = column[index.rows[k]];
  } else if (distinct.size() == 2) {
    index.kind = FeatureIndex::Kind::kTwoValues;
    int32_t highs = 0;
    for (int32_t i = 0; i < n; ++i) highs += column[i] == distinct[1] ? 1 : 0;
    index.rare_is_high = 2 * highs <= n;
    const float rare = distinct[index.rare_is_high ? 1 : 0];
    for (int32_t i = 0; i < n; ++i) {
      if (column[i] == rare) index.rows.push_back(i);
    }
  } else if (distinct.size() > 2) {
    index.kind = FeatureIndex::Kind::kBinned;
    index.bins.resize(n);
    for (int32_t i = 0; i < n; ++i) {
      index.bins[i] =
          static_cast<uint8_t>(std::lower_bound(distinct.begin(), distinct.end(), column[i]) - distinct.begin());
    }
  }
  return index;
}

// Keeps the best split of each node (by slot) as features are searched in index order.
class SplitSearch {
 public:
  // `slot_of_row`: the slot of each row's node, -1 for rows of nodes not split.
  SplitSearch(const std::vector<int32_t>& slot_of_row, const std::vector<NodeSums>& slot_sums,
              const Eigen::VectorXd& residuals)
      : slot_of_row_(slot_of_row),
        slot_sums_(slot_sums),
        residuals_(residuals),
        best_(slot_sums.size()),
        left_count_(slot_sums.size()),
        left_sum_(slot_sums.size()),
        previous_(slot_sums.size()) {}

  void Search(const FeatureIndex& index, int32_t feature) {
    switch (index.kind) {
      case FeatureIndex::Kind::kTwoValues:
        return SearchTwoValues(index, feature);
      case FeatureIndex::Kind::kBinned:
        return SearchBins(index, feature);
      case FeatureIndex::Kind::kSorted:
        return Scan(index, feature);
      case FeatureIndex::Kind::kConstant:
        return;
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
    const float low = index.values[0], high = index.values[1];
    if (!(high > low + kSameValue)) return;
    Reset();
    for (int32_t row : index.rows) {
      const int32_t slot = slot_of_row_[row];
      if (slot < 0) continue;
      left_count_[slot] += 1;
      left_sum_[slot] += residuals_[row];
    }
    for (size_t slot = 0; slot < slot_sums_.size(); ++slot) {
      const NodeSums& node = slot_sums_[slot];
      double count_low = left_count_[slot], sum_low = left_sum_[slot];
      if (index.rare_is_high) count_low = node.count - count_low, sum_low = node.sum - sum_low;
      if (count_low > 0 && count_low < node.count) Consider(slot, count_low, sum_low, feature, low, high);
    }
  }

  void SearchBins(const FeatureIndex& index, int32_t feature) {
    const size_t num_bins = index.values.size();
    bin_count_.assign(slot_sums_.size() * num_bins, 0.0);
    bin_sum_.assign(slot_sums_.size() * num_bins, 0.0);
    for (size_t row = 0; row < index.bins.size(); ++row) {
      const int32_t slot = slot_of_row_[row];
      if (slot < 0) continue;
      const size_t cell = slot * num_bins + index.bins[row];
      bin_count_[cell] += 1;
      bin_sum_[cell] += residuals_[row];
    }
    for (size_t slot = 0; slot < slot_sums_.size(); ++slot) {
      double count_left = 0, sum_left = 0;
      float previous = 0;
      for (size_t bin = 0; bin < num_bins; ++bin) {
        const size_t cell = slot * num_bins + bin;
        if (bin_count_[cell] == 0) continue;
        const float value = index.values[bin];
        if (count_left > 0 && value > previous + kSameValue) {
          Consider(slot, count_left, sum_left, feature, previous, value);
        }
        count_left += bin_count_[cell];
        sum_left += bin_sum_[cell];
        previous = value;
      }
    }
  }

  void Scan(const FeatureIndex& index, int32_t feature) {
    Reset();
    for (size_t k = 0; k < index.rows.size(); ++k) {
      const int32_t row = index.rows[k];
      const int32_t slot = slot_of_row_[row];
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

  const std::vector<int32_t>& slot_of_row_;
  const std::vector<NodeSums>& slot_sums_;
  const Eigen::VectorXd& residuals_;
  std::vector<Split> best_;
  std::vector<double> left_count_, left_sum_;
  std::vector<float> previous_;
  std::vector<double> bin_count_, bin_sum_;
};

// One tree fitted to `residuals`; `node_of` receives each row's leaf.
BoostedTrees::Tree GrowTree(const FloatMatrix& features, const std::vector<FeatureIndex>& indexes,
                            const Eigen::VectorXd& residuals, int max_depth, std::vector<int32_t>& node_of) {
  const size_t n = node_of.size();
  std::fill(node_of.begin(), node_of.end(), 0);
  std::vector<int32_t> slot_of_row(n);
  BoostedTrees::Tree tree(1);
  std::vector<NodeSums> sums(1);
  for (size_t i = 0; i < n; ++i) sums[0].Add(residuals[i]);

  std::vector<int32_t> level = {0};
  for (int depth = 0; depth < max_depth && !level.empty(); ++depth) {
    std::vector<int32_t> slot_of_node(tree.size(), -1);
    std::vector<int32_t> splittable;
    std::vector<NodeSums> slot_sums;
    for (int32_t node : level) {
      if (sums[node].count < 2 || sums[node].Impurity() <= DBL_EPSILON) continue;
      slot_of_node[node] = static_cast<int32_t>(splittable.size());
      splittable.push_back(node);
      slot_sums.push_back(sums[node]);
    }
    for (size_t i = 0; i < n; ++i) slot_of_row[i] = slot_of_node[node_of[i]];
    SplitSearch search(slot_of_row, slot_sums, residuals);
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
      if (slot_of_node[node_of[i]] < 0) continue;
      const BoostedTrees::Node& node = tree[node_of[i]];
      node_of[i] = features(static_cast<Eigen::Index>(i), node.feature) <= node.threshold ? node.left : node.right;
      sums[node_of[i]].Add(residuals[i]);
    }
  }
  for (size_t node = 0; node < tree.size(); ++node) tree[node].value = sums[node].sum / sums[node].count;
  return tree;
}

}  // namespace

BoostedTrees BoostedTrees::Fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const BoostingOptions& options) {
  // Rows × features, so that each feature's values are contiguous.
  const FloatMatrix features = x.transpose().cast<float>();
  std::vector<FeatureIndex> indexes;
  for (Eigen::Index f = 0; f < features.cols(); ++f) indexes.push_back(IndexFeature(features.col(f)));

  BoostedTrees model;
  model.initial_ = y.mean();
  model.learning_rate_ = options.learning_rate;
  Eigen::VectorXd predictions = Eigen::VectorXd::Constant(y.size(), model.initial_);
  std::vector<int32_t> leaf_of(static_cast<size_t>(y.size()));
  for (int t = 0; t < options.num_trees; ++t) {
    Tree tree = GrowTree(features, indexes, y - predictions, options.max_depth, leaf_of);
    for (size_t i = 0; i < leaf_of.size(); ++i) predictions[i] += options.learning_rate * tree[leaf_of[i]].value;
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
    for (Eigen::Index i = 0; i < x.cols(); ++i)
      predictions[i] += learning_rate_ * LeafValue(tree, features.col(i).data());
  }
  return predictions;
}

}  // namespace glassbox::plugins
