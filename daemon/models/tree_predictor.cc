#include "daemon/models/tree_predictor.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>

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

template <bool kWithCategories>
void TreePredictor::AddTree(const TreeInfo& tree, const float* rows, size_t num_rows, float* out) const {
  uint32_t at[kBlockRows];
  std::fill_n(at, num_rows, tree.root);
  size_t r = 0;
  // Groups of kGroup rows walk the whole tree together, their nodes held in registers.
  for (; r + kGroup <= num_rows; r += kGroup) {
    const float* group_rows = rows + r * num_features_;
    uint32_t* group_at = at + r;
    for (uint32_t level = 0; level < tree.depth; ++level) {
#pragma GCC unroll 8
      for (size_t k = 0; k < kGroup; ++k) {
        group_at[k] = Next<kWithCategories>(nodes_[group_at[k]], group_rows + k * num_features_);
      }
    }
  }
  for (uint32_t level = 0; level < tree.depth; ++level) {
    for (size_t k = r; k < num_rows; ++k) at[k] = Next<kWithCategories>(nodes_[at[k]], rows + k * num_features_);
  }
  for (size_t k = 0; k < num_rows; ++k) out[k * num_groups_ + tree.group] += leaf_values_[at[k]];
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
  for (size_t begin = 0; begin < num_rows; begin += kBlockRows) {
    const size_t count = std::min(kBlockRows, num_rows - begin);
    const float* block = rows + begin * num_features_;
    float* block_out = out + begin * num_groups_;
    std::fill_n(block_out, count * num_groups_, base_margin_);
    for (const TreeInfo& tree : trees_) {
      if (tree.categorical) {
        AddTree<true>(tree, block, count, block_out);
      } else {
        AddTree<false>(tree, block, count, block_out);
      }
    }
    ApplyTransform(block_out, count);
  }
}

}  // namespace glassbox::daemon
