#include "error_tree.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glassbox/sdk/filter_syntax.h"

namespace glassbox::plugins {
namespace {

// Gains within this fraction of the node's score are rounding noise, not splits.
constexpr double kGainTolerance = 1e-12;

struct BinStats {
  int64_t count = 0;
  double sum = 0;
};

// One histogram per feature, laid end to end.
using Histogram = std::vector<BinStats>;

struct Split {
  int feature = -1;
  double gain = 0;
  // Per bin of the feature: whether its rows go to the left child.
  std::vector<bool> goes_left;
  // Numeric splits: the threshold, and where missing values go.
  double threshold = 0;
  bool missing_left = false;
};

struct Leaf {
  size_t begin = 0;  // range of the leaf's rows in the row order
  size_t end = 0;
  Histogram histogram;
  Split split;  // the best split, feature -1 when there is none
};

double Score(int64_t count, double sum) { return count == 0 ? 0 : sum * sum / static_cast<double>(count); }

class TreeGrower {
 public:
  TreeGrower(std::span<const BinnedFeature> features, std::span<const double> errors, const TreeLimits& limits)
      : features_(features), errors_(errors), limits_(limits), order_(errors.size()) {
    std::iota(order_.begin(), order_.end(), 0);
    for (const auto& feature : features_) {
      offsets_.push_back(histogram_size_);
      histogram_size_ += static_cast<size_t>(feature.num_bins);
    }
  }

  std::vector<ErrorTreeNode> Grow() {
    ErrorTreeNode root;
    root.size = static_cast<int64_t>(errors_.size());
    for (double error : errors_) root.error += error;
    nodes_.push_back(root);
    leaves_[0] = Leaf{0, order_.size(), BuildHistogram(0, order_.size()), {}};
    leaves_[0].split = BestSplit(0, leaves_[0].histogram);

    for (int leaf_count = 1; leaf_count < limits_.num_leaves; ++leaf_count) {
      int best = -1;
      double best_gain = 0;
      for (const auto& [id, leaf] : leaves_) {
        if (leaf.split.feature < 0 || (best >= 0 && leaf.split.gain <= best_gain)) continue;
        best = id;
        best_gain = leaf.split.gain;
      }
      if (best < 0) break;
      SplitLeaf(best);
    }
    return std::move(nodes_);
  }

 private:
  Histogram BuildHistogram(size_t begin, size_t end) const {
    Histogram histogram(histogram_size_);
    for (size_t f = 0; f < features_.size(); ++f) {
      BinStats* stats = histogram.data() + offsets_[f];
      const uint16_t* bins = features_[f].bins.data();
      for (size_t i = begin; i < end; ++i) {
        size_t row = order_[i];
        BinStats& bin = stats[bins[row]];
        ++bin.count;
        bin.sum += errors_[row];
      }
    }
    return histogram;
  }

  // The gain of splitting `node` into `left_count` rows whose errors sum to
  // `left_sum` and the rest, or -1 when a child would be too small.
  double Gain(int64_t left_count, double left_sum, const ErrorTreeNode& node, double parent_score) const {
    const int64_t right_count = node.size - left_count;
    if (left_count < limits_.min_child_samples || right_count < limits_.min_child_samples) return -1;
    return Score(left_count, left_sum) + Score(right_count, node.error - left_sum) - parent_score;
  }

  void NumericSplit(int f, const BinStats* stats, const ErrorTreeNode& node, double parent_score,
                    Split& best) const {
    const BinnedFeature& feature = features_[f];
    const int value_bins = feature.missing_bin >= 0 ? feature.missing_bin : feature.num_bins;
    const BinStats missing = feature.missing_bin >= 0 ? stats[feature.missing_bin] : BinStats{};
    BinStats left;
    int last = -1;  // the last non-empty value bin on the left
    for (int b = 0; b < value_bins; ++b) {
      if (stats[b].count == 0) continue;
      if (last >= 0) {
        // A threshold between bin `last` and bin `b`, missing values right, then left.
        for (bool missing_left : {false, true}) {
          if (missing_left && missing.count == 0) continue;
          double gain = Gain(left.count + (missing_left ? missing.count : 0),
                             left.sum + (missing_left ? missing.sum : 0), node, parent_score);
          if (gain <= best.gain) continue;
          best.feature = f;
          best.gain = gain;
          best.threshold = Midpoint(feature.upper_values[last], feature.lower_values[b]);
          best.missing_left = missing_left;
          best.goes_left.assign(feature.num_bins, false);
          for (int k = 0; k <= last; ++k) best.goes_left[k] = true;
          if (feature.missing_bin >= 0) best.goes_left[feature.missing_bin] = missing_left;
        }
      }
      left.count += stats[b].count;
      left.sum += stats[b].sum;
      last = b;
    }
  }

  void CategoricalSplit(int f, const BinStats* stats, const ErrorTreeNode& node, double parent_score,
                        Split& best) const {
    const BinnedFeature& feature = features_[f];
    std::vector<int> present;
    for (int b = 0; b < feature.num_bins; ++b) {
      if (stats[b].count > 0) present.push_back(b);
    }
    // By mean error, compared exactly as cross products of counts and sums.
    std::stable_sort(present.begin(), present.end(), [stats](int a, int b) {
      return stats[a].sum * static_cast<double>(stats[b].count) < stats[b].sum * static_cast<double>(stats[a].count);
    });
    BinStats left;
    for (size_t k = 0; k + 1 < present.size(); ++k) {
      left.count += stats[present[k]].count;
      left.sum += stats[present[k]].sum;
      double gain = Gain(left.count, left.sum, node, parent_score);
      if (gain <= best.gain) continue;
      best.feature = f;
      best.gain = gain;
      best.goes_left.assign(feature.num_bins, false);
      for (size_t j = 0; j <= k; ++j) best.goes_left[present[j]] = true;
    }
  }

  Split BestSplit(int id, const Histogram& histogram) const {
    const ErrorTreeNode& node = nodes_[id];
    Split best;
    if (node.depth >= limits_.max_depth || node.size < 2 * static_cast<int64_t>(limits_.min_child_samples)) {
      return best;
    }
    const double parent_score = Score(node.size, node.error);
    best.gain = kGainTolerance * std::max(1.0, parent_score);
    for (size_t f = 0; f < features_.size(); ++f) {
      const BinStats* stats = histogram.data() + offsets_[f];
      if (features_[f].categorical) {
        CategoricalSplit(static_cast<int>(f), stats, node, parent_score, best);
      } else {
        NumericSplit(static_cast<int>(f), stats, node, parent_score, best);
      }
    }
    return best;
  }

  // The conditions of the left and right child, in the cohort filter syntax
  // (sdk/filter_syntax.h). A categorical split names the categories of its
  // smaller side ("in" on that side, "not in" on the other), counting only the
  // categories of the parent's rows, or of the other side when that one holds
  // only the missing values; missing values on a side add "or missing" there.
  std::pair<std::string, std::string> Conditions(const Split& split, const Histogram& parent) const {
    const BinnedFeature& feature = features_[split.feature];
    const BinStats* stats = parent.data() + offsets_[split.feature];
    const std::string column = sdk::FilterColumn(feature.name);
    const bool any_missing = feature.missing_bin >= 0 && stats[feature.missing_bin].count > 0;
    const bool missing_left = any_missing && (feature.categorical ? split.goes_left[feature.missing_bin]
                                                                  : split.missing_left);
    const bool missing_right = any_missing && !missing_left;
    auto or_missing = [](bool missing) { return missing ? " or missing" : ""; };
    if (!feature.categorical) {
      const std::string threshold = sdk::FilterNumber(split.threshold);
      return {absl::StrCat(column, " <= ", threshold, or_missing(missing_left)),
              absl::StrCat(column, " > ", threshold, or_missing(missing_right))};
    }
    std::vector<std::string> left;
    std::vector<std::string> right;
    for (int b = 0; b < feature.num_bins; ++b) {
      if (stats[b].count == 0 || b == feature.missing_bin) continue;
      (split.goes_left[b] ? left : right).push_back(sdk::FilterValue(feature.categories[b]));
    }
    const bool name_left = right.empty() || (!left.empty() && left.size() <= right.size());
    const std::string set = absl::StrCat("[", absl::StrJoin(name_left ? left : right, ", "), "]");
    const std::string in = absl::StrCat(column, " in ", set, or_missing(name_left ? missing_left : missing_right));
    const std::string not_in =
        absl::StrCat(column, " not in ", set, or_missing(name_left ? missing_right : missing_left));
    return name_left ? std::pair{in, not_in} : std::pair{not_in, in};
  }

  int AddChild(int parent, size_t begin, size_t end, std::string condition) {
    ErrorTreeNode child;
    child.parent = parent;
    child.depth = nodes_[parent].depth + 1;
    child.size = static_cast<int64_t>(end - begin);
    for (size_t i = begin; i < end; ++i) child.error += errors_[order_[i]];
    child.condition = std::move(condition);
    nodes_.push_back(std::move(child));
    return static_cast<int>(nodes_.size()) - 1;
  }

  void SplitLeaf(int id) {
    Leaf leaf = std::move(leaves_[id]);
    leaves_.erase(id);
    const Split& split = leaf.split;
    const uint16_t* bins = features_[split.feature].bins.data();
    auto middle = std::stable_partition(order_.begin() + static_cast<std::ptrdiff_t>(leaf.begin),
                                        order_.begin() + static_cast<std::ptrdiff_t>(leaf.end),
                                        [&](size_t row) { return split.goes_left[bins[row]]; });
    const size_t mid = static_cast<size_t>(middle - order_.begin());

    auto [left_condition, right_condition] = Conditions(split, leaf.histogram);
    const int left = AddChild(id, leaf.begin, mid, std::move(left_condition));
    const int right = AddChild(id, mid, leaf.end, std::move(right_condition));
    ErrorTreeNode& node = nodes_[id];
    node.split_feature = split.feature;
    node.gain = split.gain;
    node.left = left;
    node.right = right;

    // The smaller child's histogram is counted; the larger one's is the
    // parent's minus it.
    const bool left_smaller = mid - leaf.begin <= leaf.end - mid;
    Histogram small = left_smaller ? BuildHistogram(leaf.begin, mid) : BuildHistogram(mid, leaf.end);
    Histogram& large = leaf.histogram;
    for (size_t i = 0; i < histogram_size_; ++i) {
      large[i].count -= small[i].count;
      large[i].sum -= small[i].sum;
    }
    Leaf left_leaf{leaf.begin, mid, left_smaller ? std::move(small) : std::move(large), {}};
    Leaf right_leaf{mid, leaf.end, left_smaller ? std::move(large) : std::move(small), {}};
    left_leaf.split = BestSplit(left, left_leaf.histogram);
    right_leaf.split = BestSplit(right, right_leaf.histogram);
    leaves_[left] = std::move(left_leaf);
    leaves_[right] = std::move(right_leaf);
  }

  std::span<const BinnedFeature> features_;
  std::span<const double> errors_;
  TreeLimits limits_;
  // Row indices, each leaf's rows a contiguous range.
  std::vector<size_t> order_;
  std::vector<size_t> offsets_;
  size_t histogram_size_ = 0;
  std::vector<ErrorTreeNode> nodes_;
  // Leaves by node id; ordered, so that equal gains go to the lowest id.
  std::map<int, Leaf> leaves_;
};

}  // namespace

std::vector<ErrorTreeNode> GrowErrorTree(std::span<const BinnedFeature> features, std::span<const double> errors,
                                         const TreeLimits& limits) {
  return TreeGrower(features, errors, limits).Grow();
}

}  // namespace glassbox::plugins
