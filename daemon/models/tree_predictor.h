// Predictions of a TreeEnsemble equal to the bit to those of libxgboost 1.7's
// CPU predictor: each output starts at the base margin, a float, and adds the
// leaf value of every tree of its group in the trees' order, in float; a row
// goes down a tree as Tree::GoesLeft says (a missing value, NaN, follows the
// node's default direction; infinities are values). Predictions, unlike
// margins, then take the objective's transform as libxgboost's PredTransform
// does, in float: the sigmoid, exp or softmax.
//
// The trees are laid out flat, breadth first, in one array of 16-byte nodes
// whose two children sit side by side. Rows are walked in blocks of
// kBlockRows, one tree at a time and all the block's rows one level at a
// time; a leaf points to itself, so a level is one branch-free step per row.
#ifndef GLASSBOX_DAEMON_MODELS_TREE_PREDICTOR_H_
#define GLASSBOX_DAEMON_MODELS_TREE_PREDICTOR_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "daemon/models/tree_ensemble.h"

namespace glassbox::daemon {

class TreePredictor {
 public:
  enum class Output { kMargin, kPrediction };

  static constexpr size_t kBlockRows = 64;

  // Fails with FAILED_PRECONDITION when `output` is kPrediction and the
  // ensemble's objective has a transform not reproduced here (served:
  // binary:logistic, binary:logitraw, multi:softprob, count:poisson, and
  // reg:squarederror, reg:linear, reg:squaredlogerror, reg:pseudohubererror,
  // reg:absoluteerror, reg:logistic, reg:gamma, reg:tweedie), or the trees
  // are too large for the layout (2^29 nodes or category words).
  static absl::StatusOr<TreePredictor> Create(const TreeEnsemble& ensemble, Output output);

  size_t num_features() const { return num_features_; }
  size_t num_groups() const { return num_groups_; }

  // `rows`: num_rows × num_features() floats, row-major, NaN for missing.
  // `out`: num_rows × num_groups() floats, row-major. One thread; concurrent
  // calls share no mutable state.
  void Predict(const float* rows, size_t num_rows, float* out) const;

  // Predict of matrices that each differ from `rows` in one column: variant v equals `rows` except that its
  // column changed[v] (num_features() or more: none) holds columns[v] (num_rows floats). `out`: columns.size()
  // blocks of num_rows × num_groups(), each equal to the bit to Predict of its variant. Each block of rows is
  // walked down every tree once, noting the features of the splits on each row's path, the margins before each
  // tree, and, once for consecutive variants of one column, the values of that column that keep each row's path
  // (PathRange). A variant walks a row down a tree again only where its new value may leave that path, for any
  // other row reaches the same leaf, and adds to the margins before the first tree whose leaf changed the leaves
  // from it on, in the trees' order as Predict does. Holds, per block, kBlockRows × trees leaf indices, leaf
  // values, path masks, path ranges and margins per group (4, 4, 8, 24 and 4 × num_groups() bytes), and a copy
  // of the rows of a block that walk a tree again, while it runs.
  void PredictVariants(const float* rows, std::span<const float* const> columns, std::span<const size_t> changed,
                       size_t num_rows, float* out) const;

 private:
  enum class Transform { kIdentity, kSigmoid, kExp, kSoftmax };

  // A node goes right when `value >= threshold` (categorical splits and leaves: NaN, which nothing reaches), or
  // the value is missing and the default is right, or a categorical split's set holds the value; otherwise left.
  // Leaves have the default left, so they never move.
  struct Node {
    uint32_t left;  // Index of the left child in nodes_; the right child is left + 1. A leaf: its own index.
    uint32_t feature_flags;  // The split feature (a leaf: 0), with the flags below.
    float threshold;
    uint32_t categories;  // Categorical splits: the offset of their category set in category_words_.
  };
  static constexpr uint32_t kDefaultLeft = 1u << 31;
  static constexpr uint32_t kCategorical = 1u << 30;
  static constexpr uint32_t kFeatureMask = kCategorical - 1;

  struct TreeInfo {
    uint32_t root;
    uint32_t depth;  // Edges on the longest path from the root to a leaf.
    uint32_t group;
    bool categorical;  // Has a categorical split: its walk reads category sets.
  };

  // The values of one feature that keep a row on its path down a tree: NaN when missing_holds; otherwise those
  // in [low, high) and, when the path has categorical splits on the feature (`categorical`), codes in [0, 64)
  // whose bit in `categories` is set; with a categorical split of more than 64 codes on the path, none. `start`:
  // the path's first split on the feature (null: none), in the path's nodes.
  struct PathRange {
    float low = -std::numeric_limits<float>::infinity();
    float high = std::numeric_limits<float>::infinity();
    uint64_t categories = ~uint64_t{0};
    const uint32_t* start = nullptr;
    bool missing_holds = true;
    bool categorical = false;
    bool wide_categories = false;

    // Branch-free: which way it goes is data.
    bool Holds(float value) const {
      const bool in_codes = (value >= 0.0f) & (value < 64.0f);
      const uint32_t code = static_cast<uint32_t>(in_codes ? value : 0.0f);
      const bool in_set = (!categorical) | (in_codes & (((categories >> code) & 1u) != 0));
      const bool in_range = (value >= low) & (value < high) & !wide_categories & in_set;
      return value != value ? missing_holds : in_range;
    }
  };

  // A walk down the rest of a tree: from `node`, `levels` steps, for row `row` of a block; `slot` is the
  // (tree, row)'s, tree × kBlockRows + row.
  struct Restart {
    uint32_t node;
    uint32_t row;
    uint32_t levels;
    uint32_t slot;
  };

  struct OnPath {
    PathRange range;
    Restart restart;
  };

  // A walk's record, per row: the PathBit of the splits it passes, and its nodes from the root to the leaf,
  // path_stride_ apart.
  struct Paths {
    uint64_t* features = nullptr;
    uint32_t* nodes = nullptr;
  };

  TreePredictor() = default;

  static absl::StatusOr<Transform> TransformOf(const std::string& objective);

  // The leaf each of the `num_rows` rows reaches in `tree`, into `leaves`; with `paths` (non-null), their paths.
  void Walk(const TreeInfo& tree, const float* rows, size_t num_rows, uint32_t* leaves, Paths paths) const;
  template <bool kWithCategories, bool kWithPaths>
  void WalkTree(const TreeInfo& tree, const float* rows, size_t num_rows, uint32_t* leaves, Paths paths) const;
  // The range of `feature` along a path of `depth` splits (depth + 1 nodes).
  PathRange RangeOnPath(const uint32_t* path, uint32_t depth, size_t feature) const;
  // The leaves the restarts reach, into `reached`, the rows of block `rows` taking column[row] for `feature`.
  void WalkFrom(std::span<const Restart> restarts, const float* rows, size_t feature, const float* column,
                uint32_t* reached) const;
  // The bit of a feature in a path mask: features past 62 share the last one.
  static uint64_t PathBit(size_t feature) { return uint64_t{1} << std::min<size_t>(feature, 63); }
  // Base margin plus the leaves `leaves` (per tree, kBlockRows indices) in the trees' order, transformed.
  void SumLeaves(const uint32_t* leaves, size_t num_rows, float* out) const;
  template <bool kWithCategories>
  [[gnu::always_inline]] inline uint32_t Next(const Node& node, float value) const;
  void ApplyTransform(float* out, size_t num_rows) const;

  size_t num_features_ = 0;
  size_t num_groups_ = 1;
  float base_margin_ = 0.0f;
  Transform transform_ = Transform::kIdentity;
  std::vector<Node> nodes_;
  std::vector<float> leaf_values_;  // Per node; 0 for splits.
  std::vector<TreeInfo> trees_;
  size_t path_stride_ = 1;  // The most nodes on a path.
  bool any_categorical_ = false;
  // Category sets: the bits of the float 32 × words (the first code past the set), then `words` 32-bit words of
  // the codes sent right.
  std::vector<uint32_t> category_words_;
};

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_TREE_PREDICTOR_H_
