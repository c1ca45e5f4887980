#include "daemon/models/tree_predictor.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace glassbox::daemon {
namespace {

constexpr size_t kMaxIndex = std::numeric_limits<uint32_t>::max();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr size_t kGroup = 8;

// Appends a category set of `words` words from `bits` to `sets`; returns its offset.
uint32_t AddCategorySet(const uint32_t* bits, uint32_t words, std::vector<uint32_t>& sets) {
  const uint32_t offset = static_cast<uint32_t>(sets.size());
  sets.push_back(std::bit_cast<uint32_t>(32.0f * static_cast<float>(words)));
  sets.insert(sets.end(), bits, bits + words);
  return offset;
}

}  // namespace

absl::StatusOr<TreePredictor::Transform> TreePredictor::TransformOf(const std::string& objective) {
  if (objective == "binary:logistic" || objective == "reg:logistic") return Transform::kSigmoid;
  if (objective == "count:poisson" || objective == "reg:gamma" || objective == "reg:tweedie") return Transform::kExp;
  if (objective == "multi:softprob") return Transform::kSoftmax;
  if (objective == "binary:logitraw" || objective == "reg:squarederror" || objective == "reg:linear" ||
      objective == "reg:squaredlogerror" || objective == "reg:pseudohubererror" || objective == "reg:absoluteerror") {
    return Transform::kIdentity;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("the predictions of objective '", objective, "' are not reproduced natively"));
}

absl::StatusOr<TreePredictor> TreePredictor::Create(const TreeEnsemble& ensemble, Output output) {
  TreePredictor predictor;
  if (output == Output::kPrediction) {
    absl::StatusOr<Transform> transform = TransformOf(ensemble.objective);
    if (!transform.ok()) return transform.status();
    predictor.transform_ = *transform;
  }
  predictor.num_features_ = ensemble.num_features;
  predictor.num_groups_ = static_cast<size_t>(ensemble.num_groups);
  predictor.base_margin_ = static_cast<float>(ensemble.base_margin);
  if (ensemble.num_features > kFeatureMask) return absl::FailedPreconditionError("the model has too many features");
  for (const Tree& tree : ensemble.trees) {
    TreeInfo info{static_cast<uint32_t>(predictor.nodes_.size()), 0, static_cast<uint32_t>(tree.group), false};
    // XGBoost's node ids breadth first, each node's children enqueued together; their depths.
    std::vector<int32_t> order = {0};
    std::vector<uint32_t> depth = {0};
    std::vector<uint8_t> seen(tree.left.size(), 0);
    seen[0] = 1;
    for (size_t i = 0; i < order.size(); ++i) {
      const int32_t id = order[i];
      info.depth = std::max(info.depth, depth[i]);
      if (tree.is_leaf(id)) {
        predictor.nodes_.push_back(Node{info.root + static_cast<uint32_t>(i), kDefaultLeft, kNaN, 0});
        predictor.leaf_values_.push_back(tree.threshold[id]);
        continue;
      }
      for (int32_t child : {tree.left[id], tree.right[id]}) {
        if (seen[child]) return absl::FailedPreconditionError("a tree node is the child of two nodes");
        seen[child] = 1;
      }
      Node node{info.root + static_cast<uint32_t>(order.size()),
                static_cast<uint32_t>(tree.feature[id]) | (tree.default_left[id] ? kDefaultLeft : 0),
                tree.threshold[id], 0};
      if (tree.categorical[id]) {
        info.categorical = true;
        node.feature_flags |= kCategorical;
        node.threshold = kNaN;
        node.categories = AddCategorySet(tree.category_bits.data() + tree.category_begin[id],
                                         tree.category_words[id], predictor.category_words_);
      }
      predictor.nodes_.push_back(node);
      predictor.leaf_values_.push_back(0.0f);
      order.insert(order.end(), {tree.left[id], tree.right[id]});
      depth.insert(depth.end(), {depth[i] + 1, depth[i] + 1});
    }
    if (predictor.nodes_.size() >= kMaxIndex || predictor.category_words_.size() >= kMaxIndex) {
      return absl::FailedPreconditionError("the trees have too many nodes or categories to be laid out");
    }
    predictor.trees_.push_back(info);
  }
  return predictor;
}

// A comparison of NaN is false, so `value >= threshold` sends NaN left, and `isnan & !default_left` right where
// the default is. Branches only on whether a node is categorical, which the rows of a block at one node share.
template <bool kWithCategories>
uint32_t TreePredictor::Next(const Node& node, const float* row) const {
  const float value = row[node.feature_flags & kFeatureMask];
  uint32_t right = static_cast<uint32_t>(value >= node.threshold) |
                   (static_cast<uint32_t>(std::isnan(value)) & (~node.feature_flags >> 31));
  if (kWithCategories && (node.feature_flags & kCategorical) != 0) {
    const uint32_t* set = category_words_.data() + node.categories;
    if (value >= 0.0f && value < std::bit_cast<float>(set[0])) {
      const uint32_t code = static_cast<uint32_t>(value);
      right = (set[1 + code / 32] >> (code % 32)) & 1u;
    }
  }
  return node.left + right;
}

template <bool kWithCategories, bool kWithPaths>
void TreePredictor::WalkTree(const TreeInfo& tree, const float* rows, size_t num_rows, uint32_t* leaves,
                             uint64_t* paths) const {
  uint32_t* const at = leaves;
  std::fill_n(at, num_rows, tree.root);
  if (kWithPaths) std::fill_n(paths, num_rows, 0);
  // The split of node `at[k]` on row k's path, unless it is a leaf.
  const auto note = [&](size_t k) {
    if (kWithPaths && nodes_[at[k]].left != at[k]) paths[k] |= PathBit(nodes_[at[k]].feature_flags & kFeatureMask);
  };
  size_t r = 0;
  // Groups of kGroup rows walk the whole tree together, their nodes held in registers.
  for (; r + kGroup <= num_rows; r += kGroup) {
    const float* group_rows = rows + r * num_features_;
    uint32_t* group_at = at + r;
    for (uint32_t level = 0; level < tree.depth; ++level) {
#pragma GCC unroll 8
      for (size_t k = 0; k < kGroup; ++k) {
        note(r + k);
        group_at[k] = Next<kWithCategories>(nodes_[group_at[k]], group_rows + k * num_features_);
      }
    }
  }
  for (uint32_t level = 0; level < tree.depth; ++level) {
    for (size_t k = r; k < num_rows; ++k) {
      note(k);
      at[k] = Next<kWithCategories>(nodes_[at[k]], rows + k * num_features_);
    }
  }
}

void TreePredictor::Walk(const TreeInfo& tree, const float* rows, size_t num_rows, uint32_t* leaves,
                         uint64_t* paths) const {
  if (tree.categorical) {
    paths == nullptr ? WalkTree<true, false>(tree, rows, num_rows, leaves, paths)
                     : WalkTree<true, true>(tree, rows, num_rows, leaves, paths);
  } else {
    paths == nullptr ? WalkTree<false, false>(tree, rows, num_rows, leaves, paths)
                     : WalkTree<false, true>(tree, rows, num_rows, leaves, paths);
  }
}

void TreePredictor::SumLeaves(const uint32_t* leaves, size_t num_rows, float* out) const {
  std::fill_n(out, num_rows * num_groups_, base_margin_);
  for (const TreeInfo& tree : trees_) {
    for (size_t k = 0; k < num_rows; ++k) out[k * num_groups_ + tree.group] += leaf_values_[leaves[k]];
    leaves += kBlockRows;
  }
  ApplyTransform(out, num_rows);
}

void TreePredictor::ApplyTransform(float* out, size_t num_rows) const {
  float* const end = out + num_rows * num_groups_;
  switch (transform_) {
    case Transform::kIdentity:
      return;
    case Transform::kSigmoid:
      for (float* v = out; v != end; ++v) *v = 1.0f / (1.0f + std::exp(-*v));
      return;
    case Transform::kExp:
      for (float* v = out; v != end; ++v) *v = std::exp(*v);
      return;
    case Transform::kSoftmax:
      for (float* row = out; row != end; row += num_groups_) {
        float max = row[0];
        for (size_t k = 1; k < num_groups_; ++k) max = std::fmax(row[k], max);
        double sum = 0.0;
        for (size_t k = 0; k < num_groups_; ++k) sum += row[k] = std::exp(row[k] - max);
        for (size_t k = 0; k < num_groups_; ++k) row[k] /= static_cast<float>(sum);
      }
      return;
  }
}

void TreePredictor::Predict(const float* rows, size_t num_rows, float* out) const {
  std::vector<uint32_t> leaves(trees_.size() * kBlockRows);
  for (size_t begin = 0; begin < num_rows; begin += kBlockRows) {
    const size_t count = std::min(kBlockRows, num_rows - begin);
    const float* block = rows + begin * num_features_;
    for (size_t t = 0; t < trees_.size(); ++t) {
      Walk(trees_[t], block, count, leaves.data() + t * kBlockRows, nullptr);
    }
    SumLeaves(leaves.data(), count, out + begin * num_groups_);
  }
}

void TreePredictor::PredictVariants(const float* rows, std::span<const float* const> variants,
                                    std::span<const size_t> changed, size_t num_rows, float* out) const {
  const size_t num_trees = trees_.size(), width = num_groups_;
  std::vector<uint32_t> leaves(num_trees * kBlockRows);
  std::vector<uint64_t> paths(num_trees * kBlockRows), block_paths(num_trees);  // The latter: any row's.
  std::vector<uint8_t> differs(kBlockRows);  // Per row: whether the variant's value differs.
  // Per tree and row: the row's margins before that tree (the last: after every tree).
  std::vector<float> before((num_trees + 1) * kBlockRows * width);
  std::vector<uint32_t> first_changed(kBlockRows), moved_rows(kBlockRows), reached(kBlockRows);
  std::vector<float> moved(kBlockRows * num_features_);
  std::vector<std::pair<uint32_t, uint32_t>> walked;  // (leaf slot, leaf of the unchanged row) a variant changed.
  for (size_t begin = 0; begin < num_rows; begin += kBlockRows) {
    const size_t count = std::min(kBlockRows, num_rows - begin);
    const float* block = rows + begin * num_features_;
    for (size_t t = 0; t < num_trees; ++t) {
      Walk(trees_[t], block, count, leaves.data() + t * kBlockRows, paths.data() + t * kBlockRows);
      block_paths[t] = 0;
      for (size_t k = 0; k < count; ++k) block_paths[t] |= paths[t * kBlockRows + k];
    }
    std::fill_n(before.data(), count * width, base_margin_);
    for (size_t t = 0; t < num_trees; ++t) {
      const float* from = before.data() + t * kBlockRows * width;
      float* to = before.data() + (t + 1) * kBlockRows * width;
      std::copy_n(from, count * width, to);
      for (size_t k = 0; k < count; ++k) to[k * width + trees_[t].group] += leaf_values_[leaves[t * kBlockRows + k]];
    }
    for (size_t v = 0; v < variants.size(); ++v) {
      const size_t feature = changed[v];
      const uint64_t bit = feature < num_features_ ? PathBit(feature) : 0;
      const float* variant = variants[v] + begin * num_features_;
      std::fill_n(first_changed.begin(), count, static_cast<uint32_t>(num_trees));
      walked.clear();
      for (size_t k = 0; k < count && bit != 0; ++k) {
        differs[k] = std::bit_cast<uint32_t>(variant[k * num_features_ + feature]) !=
                     std::bit_cast<uint32_t>(block[k * num_features_ + feature]);
      }
      for (size_t t = 0; t < num_trees && bit != 0; ++t) {
        if ((block_paths[t] & bit) == 0) continue;
        // The rows to walk again, copied together so that they walk as a block.
        size_t again = 0;
        for (size_t k = 0; k < count; ++k) {
          if ((paths[t * kBlockRows + k] & bit) == 0 || !differs[k]) continue;
          const float* row = variant + k * num_features_;
          std::copy_n(row, num_features_, moved.data() + again * num_features_);
          moved_rows[again++] = static_cast<uint32_t>(k);
        }
        if (again == 0) continue;
        Walk(trees_[t], moved.data(), again, reached.data(), nullptr);
        for (size_t i = 0; i < again; ++i) {
          const size_t k = moved_rows[i];
          uint32_t& leaf = leaves[t * kBlockRows + k];
          if (reached[i] == leaf) continue;
          walked.emplace_back(static_cast<uint32_t>(t * kBlockRows + k), leaf);
          leaf = reached[i];
          first_changed[k] = std::min(first_changed[k], static_cast<uint32_t>(t));
        }
      }
      // The margins before the first changed tree, then the leaves from it on, in the trees' order.
      float* block_out = out + (v * num_rows + begin) * width;
      for (size_t k = 0; k < count; ++k) {
        float* margins = block_out + k * width;
        std::copy_n(before.data() + (first_changed[k] * kBlockRows + k) * width, width, margins);
        for (size_t t = first_changed[k]; t < num_trees; ++t) {
          margins[trees_[t].group] += leaf_values_[leaves[t * kBlockRows + k]];
        }
      }
      ApplyTransform(block_out, count);
      for (const auto& [slot, leaf] : walked) leaves[slot] = leaf;
    }
  }
}

}  // namespace glassbox::daemon
