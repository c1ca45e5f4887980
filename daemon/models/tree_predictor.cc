#include "daemon/models/tree_predictor.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace glassbox::daemon {
namespace {

constexpr size_t kMaxIndex = std::numeric_limits<uint32_t>::max();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr size_t kGroup = 16;

// Appends a category set of `words` words from `bits` to `sets`; returns its offset.
uint32_t AddCategorySet(const uint32_t* bits, uint32_t words, std::vector<uint32_t>& sets) {
  const uint32_t offset = static_cast<uint32_t>(sets.size());
  sets.push_back(std::bit_cast<uint32_t>(32.0f * static_cast<float>(words)));
  sets.insert(sets.end(), bits, bits + words);
  return offset;
}

// Four lanes at a time (GCC's vector extensions, plain SSE2 on x86-64).
using Floats = float __attribute__((vector_size(16)));
using Lanes = uint32_t __attribute__((vector_size(16)));

// margins[k] += values[k] where tree >= first[k], for kBlockRows rows.
void AddFromTree(uint32_t tree, const uint32_t* first, const float* values, float* margins) {
  static_assert(TreePredictor::kBlockRows % 4 == 0);
  for (size_t k = 0; k < TreePredictor::kBlockRows; k += 4) {
    Floats margin, value;
    Lanes from;
    std::memcpy(&margin, margins + k, sizeof margin);
    std::memcpy(&value, values + k, sizeof value);
    std::memcpy(&from, first + k, sizeof from);
    const Lanes take = from <= tree;  // All ones where the tree is at or past the row's first changed tree.
    const Lanes sum = reinterpret_cast<Lanes>(margin + value);
    const Lanes kept = reinterpret_cast<Lanes>(margin);
    const Floats updated = reinterpret_cast<Floats>((sum & take) | (kept & ~take));
    std::memcpy(margins + k, &updated, sizeof updated);
  }
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
    predictor.path_stride_ = std::max<size_t>(predictor.path_stride_, info.depth + 1);
    predictor.any_categorical_ |= info.categorical;
  }
  return predictor;
}

// A comparison of NaN is false, so `value >= threshold` sends NaN left, and `isnan & !default_left` right where
// the default is. Branches only on whether a node is categorical, which the rows of a block at one node share.
template <bool kWithCategories>
inline uint32_t TreePredictor::Next(const Node& node, float value) const {
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
                             Paths paths) const {
  uint32_t* const at = leaves;
  std::fill_n(at, num_rows, tree.root);
  if (kWithPaths) std::fill_n(paths.features, num_rows, 0);
  // Node `at[k]`, at `level` of row k's path: noted, and its split's feature too unless it is a leaf.
  const auto note = [&](size_t k, uint32_t level) {
    if (!kWithPaths) return;
    paths.nodes[k * path_stride_ + level] = at[k];
    if (nodes_[at[k]].left != at[k]) paths.features[k] |= PathBit(nodes_[at[k]].feature_flags & kFeatureMask);
  };
  const auto step = [&](size_t k, const float* row) {
    const Node& node = nodes_[at[k]];
    at[k] = Next<kWithCategories>(node, row[node.feature_flags & kFeatureMask]);
  };
  size_t r = 0;
  // Groups of kGroup rows walk the whole tree together, their nodes held in registers.
  for (; r + kGroup <= num_rows; r += kGroup) {
    const float* group_rows = rows + r * num_features_;
    for (uint32_t level = 0; level < tree.depth; ++level) {
#pragma GCC unroll 16
      for (size_t k = 0; k < kGroup; ++k) {
        note(r + k, level);
        step(r + k, group_rows + k * num_features_);
      }
    }
  }
  for (uint32_t level = 0; level < tree.depth; ++level) {
    for (size_t k = r; k < num_rows; ++k) {
      note(k, level);
      step(k, rows + k * num_features_);
    }
  }
  for (size_t k = 0; kWithPaths && k < num_rows; ++k) paths.nodes[k * path_stride_ + tree.depth] = at[k];
}

void TreePredictor::Walk(const TreeInfo& tree, const float* rows, size_t num_rows, uint32_t* leaves,
                         Paths paths) const {
  if (tree.categorical) {
    paths.nodes == nullptr ? WalkTree<true, false>(tree, rows, num_rows, leaves, paths)
                           : WalkTree<true, true>(tree, rows, num_rows, leaves, paths);
  } else {
    paths.nodes == nullptr ? WalkTree<false, false>(tree, rows, num_rows, leaves, paths)
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
      Walk(trees_[t], block, count, leaves.data() + t * kBlockRows, Paths{});
    }
    SumLeaves(leaves.data(), count, out + begin * num_groups_);
  }
}

TreePredictor::PathRange TreePredictor::RangeOnPath(const uint32_t* path, uint32_t depth, size_t feature) const {
  PathRange range;
  for (uint32_t level = 0; level < depth; ++level) {
    const Node& node = nodes_[path[level]];
    if ((node.feature_flags & kFeatureMask) != feature || node.left == path[level]) continue;
    if (range.start == nullptr) range.start = path + level;
    const bool right = path[level + 1] != node.left;
    range.missing_holds &= right == ((node.feature_flags & kDefaultLeft) == 0);
    if ((node.feature_flags & kCategorical) == 0) {
      if (right) {
        range.low = std::max(range.low, node.threshold);
      } else {
        range.high = std::min(range.high, node.threshold);
      }
      continue;
    }
    const uint32_t* set = category_words_.data() + node.categories;
    const uint32_t words = static_cast<uint32_t>(std::bit_cast<float>(set[0]) / 32.0f);
    if (words > 2) {
      range.wide_categories = true;
    } else {
      const uint64_t members = (words > 0 ? set[1] : 0u) | (words > 1 ? uint64_t{set[2]} << 32 : 0u);
      range.categories &= right ? members : ~members;
      range.categorical = true;
    }
  }
  return range;
}

void TreePredictor::WalkFrom(std::span<const Restart> restarts, const float* rows, size_t feature,
                             const float* column, uint32_t* reached) const {
  const auto step = [&](uint32_t& at, const Restart& restart) {
    const Node& node = nodes_[at];
    const size_t split = node.feature_flags & kFeatureMask;
    const float value = split == feature ? column[restart.row] : rows[restart.row * num_features_ + split];
    at = any_categorical_ ? Next<true>(node, value) : Next<false>(node, value);
  };
  size_t r = 0;
  for (; r + kGroup <= restarts.size(); r += kGroup) {
    uint32_t levels = 0;
    for (size_t k = 0; k < kGroup; ++k) {
      reached[r + k] = restarts[r + k].node;
      levels = std::max(levels, restarts[r + k].levels);
    }
    for (uint32_t level = 0; level < levels; ++level) {
#pragma GCC unroll 16
      for (size_t k = 0; k < kGroup; ++k) step(reached[r + k], restarts[r + k]);
    }
  }
  for (; r < restarts.size(); ++r) {
    reached[r] = restarts[r].node;
    for (uint32_t level = 0; level < restarts[r].levels; ++level) step(reached[r], restarts[r]);
  }
}

void TreePredictor::PredictVariants(const float* rows, std::span<const float* const> columns,
                                    std::span<const size_t> changed, size_t num_rows, float* out) const {
  const size_t num_trees = trees_.size(), width = num_groups_;
  std::vector<uint32_t> leaves(num_trees * kBlockRows);
  std::vector<float> values(num_trees * kBlockRows);  // The leaves' values.
  std::vector<uint64_t> path_features(num_trees * kBlockRows), block_features(num_trees);  // The latter: any row's.
  std::vector<uint32_t> path_nodes(num_trees * kBlockRows * path_stride_);
  // Per tree and row: the row's margins before that tree (the last: after every tree).
  std::vector<float> before((num_trees + 1) * kBlockRows * width);
  std::vector<uint32_t> first_changed(kBlockRows);
  std::vector<float> margins(kBlockRows * width);
  // For the feature ranged: the (tree, row) whose path splits on it, the values that keep them on it, and their
  // walk from its first split on it.
  std::vector<OnPath> on_path;
  std::vector<Restart> restarts;
  std::vector<uint32_t> reached;
  std::vector<std::pair<uint32_t, uint32_t>> walked;  // (leaf slot, leaf of the unchanged row) a variant changed.
  for (size_t begin = 0; begin < num_rows; begin += kBlockRows) {
    const size_t count = std::min(kBlockRows, num_rows - begin);
    const float* block = rows + begin * num_features_;
    for (size_t t = 0; t < num_trees; ++t) {
      const size_t slot = t * kBlockRows;
      Walk(trees_[t], block, count, leaves.data() + slot,
           Paths{path_features.data() + slot, path_nodes.data() + slot * path_stride_});
      block_features[t] = 0;
      for (size_t k = 0; k < count; ++k) {
        block_features[t] |= path_features[slot + k];
        values[slot + k] = leaf_values_[leaves[slot + k]];
      }
    }
    std::fill_n(before.data(), count * width, base_margin_);
    for (size_t t = 0; t < num_trees; ++t) {
      const float* from = before.data() + t * kBlockRows * width;
      float* to = before.data() + (t + 1) * kBlockRows * width;
      std::copy_n(from, count * width, to);
      for (size_t k = 0; k < count; ++k) to[k * width + trees_[t].group] += values[t * kBlockRows + k];
    }
    size_t ranged = SIZE_MAX;
    for (size_t v = 0; v < columns.size(); ++v) {
      const size_t feature = changed[v];
      const uint64_t bit = feature < num_features_ ? PathBit(feature) : 0;
      const float* column = columns[v] + begin;
      if (bit != 0 && feature != ranged) {
        ranged = feature;
        on_path.clear();
        for (size_t t = 0; t < num_trees; ++t) {
          if ((block_features[t] & bit) == 0) continue;
          for (size_t k = 0; k < count; ++k) {
            const uint32_t slot = static_cast<uint32_t>(t * kBlockRows + k);
            if ((path_features[slot] & bit) == 0) continue;
            const uint32_t* path = path_nodes.data() + slot * path_stride_;
            const PathRange range = RangeOnPath(path, trees_[t].depth, feature);
            if (range.start == nullptr) continue;
            const uint32_t level = static_cast<uint32_t>(range.start - path);
            on_path.push_back(OnPath{range, Restart{*range.start, static_cast<uint32_t>(k), trees_[t].depth - level,
                                                    slot}});
          }
        }
      }
      // The (tree, row) whose new value leaves its path: walked again from the first split on the feature.
      restarts.resize(on_path.size());
      size_t num_restarts = 0;
      for (size_t i = 0; bit != 0 && i < on_path.size(); ++i) {
        const OnPath& entry = on_path[i];
        restarts[num_restarts] = entry.restart;
        num_restarts += !entry.range.Holds(column[entry.restart.row]);
      }
      restarts.resize(num_restarts);
      reached.resize(num_restarts);
      WalkFrom(restarts, block, feature, column, reached.data());
      std::fill_n(first_changed.begin(), kBlockRows, static_cast<uint32_t>(num_trees));
      walked.clear();
      uint32_t first = static_cast<uint32_t>(num_trees);
      for (size_t i = 0; i < restarts.size(); ++i) {
        const uint32_t slot = restarts[i].slot;
        if (reached[i] == leaves[slot]) continue;
        walked.emplace_back(slot, leaves[slot]);
        leaves[slot] = reached[i];
        values[slot] = leaf_values_[reached[i]];
        const uint32_t tree = slot / kBlockRows;
        first_changed[slot % kBlockRows] = std::min(first_changed[slot % kBlockRows], tree);
        first = std::min(first, tree);
      }
      // Each row: the margins before its first changed tree, then the leaves from it on, in the trees' order;
      // the rows side by side, tree by tree.
      for (size_t k = 0; k < count; ++k) {
        std::copy_n(before.data() + (first_changed[k] * kBlockRows + k) * width, width, margins.data() + k * width);
      }
      for (size_t t = first; t < num_trees; ++t) {
        const float* tree_values = values.data() + t * kBlockRows;
        const uint32_t tree = static_cast<uint32_t>(t);
        if (width == 1) {
          AddFromTree(tree, first_changed.data(), tree_values, margins.data());
          continue;
        }
        float* group_margins = margins.data() + trees_[t].group;
        for (size_t k = 0; k < kBlockRows; ++k) {
          const float margin = group_margins[k * width];
          group_margins[k * width] = tree >= first_changed[k] ? margin + tree_values[k] : margin;
        }
      }
      float* block_out = out + (v * num_rows + begin) * width;
      std::copy_n(margins.data(), count * width, block_out);
      ApplyTransform(block_out, count);
      for (const auto& [slot, leaf] : walked) {
        leaves[slot] = leaf;
        values[slot] = leaf_values_[leaf];
      }
    }
  }
}

}  // namespace glassbox::daemon
