#include "boosted_trees.h"

#include <algorithm>
#include <cfloat>
#include <limits>
#include <numeric>

namespace glassbox::plugins {
namespace {

// Improvements within this relative distance are a tie, kept by the split
// found first: features in the given order, bins ascending. Different
// features often split a node's rows alike, and rounding would otherwise
// decide between them.
constexpr double kTie = 1e-10;

// A bin of a node's histogram of one feature: its rows' count and residual sum.
struct Bin {
  double count = 0;
  double sum = 0;
};

// A node's rows: their count, sum and sum of squares of the residuals.
struct NodeSums {
  double count = 0;
  double sum = 0;
  double squares = 0;

  double Impurity() const { return squares / count - (sum / count) * (sum / count); }
};

struct Split {
  double proxy = -std::numeric_limits<double>::infinity();
  int32_t feature = -1;
  uint8_t bin = 0;
  double threshold = 0;
};

// Grows trees on one fit's training rows, whose bins it copies so that a
// node's rows are read in order.
class Grower {
 public:
  Grower(const BinnedFeatures& features, std::span<const size_t> use, std::span<const uint32_t> rows, int max_depth)
      : features_(features),
        use_(use),
        max_depth_(max_depth),
        codes_(rows.size() * use.size()),
        order_(rows.size()),
        scratch_(rows.size()) {
    for (size_t u = 0; u < use.size(); ++u) {
      const std::span<const uint8_t> all = features.codes(use[u]);
      for (size_t k = 0; k < rows.size(); ++k) codes_[k * use.size() + u] = all[rows[k]];
      offsets_.push_back(histogram_size_);
      histogram_size_ += features.feature(use[u]).num_bins;
    }
  }

  // One tree fitted to `residuals` (one per training row); adds its
  // prediction times `learning_rate` to each row's `predictions`.
  BoostedTrees::Tree Grow(const Eigen::VectorXd& residuals, double learning_rate, Eigen::VectorXd& predictions);

 private:
  struct Pending {
    int32_t node;
    size_t begin, end;  // The node's rows: order_[begin, end).
    int depth;
    NodeSums sums;
    int histogram;  // Into histograms_, -1 when the node is not to be split.
  };

  bool Splittable(const NodeSums& sums, int depth) const {
    return depth < max_depth_ && sums.count >= 2 && sums.Impurity() > DBL_EPSILON;
  }
  NodeSums SumsOf(const Eigen::VectorXd& residuals, size_t begin, size_t end) const;
  int TakeHistogram();
  void Build(const Eigen::VectorXd& residuals, size_t begin, size_t end, std::vector<Bin>& histogram) const;
  Split BestSplit(const std::vector<Bin>& histogram, const NodeSums& sums) const;
  // Moves the rows of [begin, end) that go left first, keeping their order; returns where the right ones start.
  size_t Partition(size_t begin, size_t end, const BoostedTrees::Node& node);

  const BinnedFeatures& features_;
  std::span<const size_t> use_;
  const int max_depth_;
  std::vector<uint8_t> codes_;  // Per training row, per feature used.
  std::vector<size_t> offsets_;              // Per feature used, its first bin in a histogram.
  size_t histogram_size_ = 0;
  std::vector<uint32_t> order_, scratch_;
  std::vector<std::vector<Bin>> histograms_;
  std::vector<int> free_histograms_;
};

NodeSums Grower::SumsOf(const Eigen::VectorXd& residuals, size_t begin, size_t end) const {
  NodeSums sums;
  for (size_t i = begin; i < end; ++i) {
    const double residual = residuals[order_[i]];
    sums.count += 1;
    sums.sum += residual;
    sums.squares += residual * residual;
  }
  return sums;
}

int Grower::TakeHistogram() {
  if (free_histograms_.empty()) {
    histograms_.emplace_back(histogram_size_);
    return static_cast<int>(histograms_.size() - 1);
  }
  const int histogram = free_histograms_.back();
  free_histograms_.pop_back();
  return histogram;
}

void Grower::Build(const Eigen::VectorXd& residuals, size_t begin, size_t end, std::vector<Bin>& histogram) const {
  std::fill(histogram.begin(), histogram.end(), Bin{});
  const size_t num_used = use_.size();
  for (size_t i = begin; i < end; ++i) {
    const uint32_t k = order_[i];
    const double residual = residuals[k];
    const uint8_t* codes = codes_.data() + k * num_used;
    for (size_t u = 0; u < num_used; ++u) {
      Bin& bin = histogram[offsets_[u] + codes[u]];
      bin.count += 1;
      bin.sum += residual;
    }
  }
}

Split Grower::BestSplit(const std::vector<Bin>& histogram, const NodeSums& sums) const {
  Split best;
  const auto consider = [&](double count_left, double sum_left, size_t u, uint32_t bin, double threshold) {
    const double count_right = sums.count - count_left, sum_right = sums.sum - sum_left;
    const double diff = count_right * sum_left - count_left * sum_right;
    const double proxy = diff * diff / (count_left * count_right);
    if (best.feature < 0 || proxy > best.proxy * (1 + kTie)) {
      best = {proxy, static_cast<int32_t>(u), static_cast<uint8_t>(bin), threshold};
    }
  };
  for (size_t u = 0; u < use_.size(); ++u) {
    const BinnedFeature& feature = features_.feature(use_[u]);
    const Bin* bins = histogram.data() + offsets_[u];
    if (feature.categorical) {
      for (uint32_t c = 0; c < feature.num_candidates; ++c) {
        if (bins[c].count > 0 && bins[c].count < sums.count) {
          consider(sums.count - bins[c].count, sums.sum - bins[c].sum, u, c, 0.5);
        }
      }
      continue;
    }
    double count_left = 0, sum_left = 0;
    uint32_t previous = 0;
    for (uint32_t b = 0; b < feature.num_bins; ++b) {
      if (bins[b].count == 0) continue;
      if (count_left > 0) {
        const float below = feature.high[previous], above = feature.low[b];
        double threshold = below / 2.0 + above / 2.0;
        if (threshold == above) threshold = below;
        // The last bin at most the threshold, which the node's rows leave empty past `previous`.
        const uint32_t cut = static_cast<uint32_t>(
            std::upper_bound(feature.high.begin(), feature.high.end(), threshold) - feature.high.begin() - 1);
        consider(count_left, sum_left, u, cut, threshold);
      }
      count_left += bins[b].count;
      sum_left += bins[b].sum;
      previous = b;
    }
  }
  return best;
}

size_t Grower::Partition(size_t begin, size_t end, const BoostedTrees::Node& node) {
  const uint8_t* codes = codes_.data() + node.feature;
  const size_t num_used = use_.size();
  size_t left = begin, right = 0;
  for (size_t i = begin; i < end; ++i) {
    const uint32_t k = order_[i];
    if (node.GoesLeft(codes[k * num_used])) {
      order_[left++] = k;
    } else {
      scratch_[right++] = k;
    }
  }
  std::copy_n(scratch_.begin(), right, order_.begin() + left);
  return left;
}

BoostedTrees::Tree Grower::Grow(const Eigen::VectorXd& residuals, double learning_rate, Eigen::VectorXd& predictions) {
  std::iota(order_.begin(), order_.end(), 0u);
  BoostedTrees::Tree tree(1);
  std::vector<Pending> stack;
  const NodeSums root = SumsOf(residuals, 0, order_.size());
  int root_histogram = -1;
  if (Splittable(root, 0)) {
    root_histogram = TakeHistogram();
    Build(residuals, 0, order_.size(), histograms_[root_histogram]);
  }
  stack.push_back({0, 0, order_.size(), 0, root, root_histogram});
  while (!stack.empty()) {
    const Pending pending = stack.back();
    stack.pop_back();
    const Split best = pending.histogram >= 0 ? BestSplit(histograms_[pending.histogram], pending.sums) : Split{};
    if (best.feature < 0) {
      if (pending.histogram >= 0) free_histograms_.push_back(pending.histogram);
      const double value = pending.sums.sum / pending.sums.count;
      tree[pending.node].value = value;
      for (size_t i = pending.begin; i < pending.end; ++i) predictions[order_[i]] += learning_rate * value;
      continue;
    }
    const int32_t left = static_cast<int32_t>(tree.size()), right = left + 1;
    tree.resize(tree.size() + 2);
    BoostedTrees::Node& node = tree[pending.node];
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.bin = best.bin;
    node.categorical = features_.feature(use_[best.feature]).categorical;
    node.left = left;
    node.right = right;
    const size_t middle = Partition(pending.begin, pending.end, node);
    Pending children[2] = {{left, pending.begin, middle, pending.depth + 1, {}, -1},
                           {right, middle, pending.end, pending.depth + 1, {}, -1}};
    for (Pending& child : children) child.sums = SumsOf(residuals, child.begin, child.end);
    const bool split[2] = {Splittable(children[0].sums, pending.depth + 1),
                           Splittable(children[1].sums, pending.depth + 1)};
    const int smaller = children[0].sums.count <= children[1].sums.count ? 0 : 1, larger = 1 - smaller;
    int parent = pending.histogram;
    if (split[larger]) {
      // The smaller child's histogram summed, the larger's by subtraction in the parent's.
      const int summed = TakeHistogram();
      Build(residuals, children[smaller].begin, children[smaller].end, histograms_[summed]);
      std::vector<Bin>& rest = histograms_[parent];
      const std::vector<Bin>& part = histograms_[summed];
      for (size_t b = 0; b < histogram_size_; ++b) {
        rest[b].count -= part[b].count;
        rest[b].sum -= part[b].sum;
      }
      children[larger].histogram = parent;
      parent = -1;
      if (split[smaller]) {
        children[smaller].histogram = summed;
      } else {
        free_histograms_.push_back(summed);
      }
    } else if (split[smaller]) {
      Build(residuals, children[smaller].begin, children[smaller].end, histograms_[parent]);
      children[smaller].histogram = parent;
      parent = -1;
    }
    if (parent >= 0) free_histograms_.push_back(parent);
    stack.push_back(children[1]);
    stack.push_back(children[0]);
  }
  return tree;
}

}  // namespace

BoostedTrees BoostedTrees::Fit(const BinnedFeatures& features, std::span<const size_t> use,
                               std::span<const uint32_t> rows, const Eigen::VectorXd& y,
                               const BoostingOptions& options) {
  BoostedTrees model;
  model.initial_ = y.mean();
  model.learning_rate_ = options.learning_rate;
  model.features_.assign(use.begin(), use.end());
  Eigen::VectorXd predictions = Eigen::VectorXd::Constant(y.size(), model.initial_);
  Grower grower(features, use, rows, options.max_depth);
  for (int t = 0; t < options.num_trees; ++t) {
    const Eigen::VectorXd residuals = y - predictions;
    model.trees_.push_back(grower.Grow(residuals, options.learning_rate, predictions));
  }
  return model;
}

Eigen::VectorXd BoostedTrees::Predict(const BinnedFeatures& features, std::span<const uint32_t> rows) const {
  std::vector<std::span<const uint8_t>> codes;
  for (size_t f : features_) codes.push_back(features.codes(f));
  Eigen::VectorXd predictions = Eigen::VectorXd::Constant(static_cast<Eigen::Index>(rows.size()), initial_);
  for (const Tree& tree : trees_) {
    for (size_t i = 0; i < rows.size(); ++i) {
      int32_t node = 0;
      while (tree[node].feature >= 0) {
        node = tree[node].GoesLeft(codes[tree[node].feature][rows[i]]) ? tree[node].left : tree[node].right;
      }
      predictions[static_cast<Eigen::Index>(i)] += learning_rate_ * tree[node].value;
    }
  }
  return predictions;
}

BoostedTrees BoostedTrees::Fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const BoostingOptions& options) {
  BinnedFeatures features(static_cast<size_t>(x.cols()));
  std::vector<size_t> use;
  for (Eigen::Index f = 0; f < x.rows(); ++f) {
    const Eigen::VectorXf values = x.row(f).transpose().cast<float>();
    features.AddNumeric({values.data(), static_cast<size_t>(values.size())});
    use.push_back(static_cast<size_t>(f));
  }
  std::vector<uint32_t> rows(static_cast<size_t>(x.cols()));
  std::iota(rows.begin(), rows.end(), 0u);
  return Fit(features, use, rows, y, options);
}

Eigen::VectorXd BoostedTrees::Predict(const Eigen::MatrixXd& x) const {
  using FloatMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
  const FloatMatrix values = x.cast<float>();
  Eigen::VectorXd predictions = Eigen::VectorXd::Constant(x.cols(), initial_);
  for (const Tree& tree : trees_) {
    for (Eigen::Index i = 0; i < x.cols(); ++i) {
      int32_t node = 0;
      while (tree[node].feature >= 0) {
        const float value = values(static_cast<Eigen::Index>(features_[tree[node].feature]), i);
        node = value <= tree[node].threshold ? tree[node].left : tree[node].right;
      }
      predictions[i] += learning_rate_ * tree[node].value;
    }
  }
  return predictions;
}

}  // namespace glassbox::plugins
