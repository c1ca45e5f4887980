// Exact path-dependent TreeSHAP (Lundberg et al. 2020) over a TreeEnsemble,
// the values libxgboost's pred_contribs computes, faster.
//
// For one leaf, the Shapley value of a feature on its path depends on the
// row only through which of the path's distinct features the row follows
// toward the leaf: a pattern of at most `depth` bits. Every leaf's values for
// every pattern are tabulated once (Fast TreeSHAP v2, Yang 2021); explaining a
// row then finds each leaf's pattern and adds the tabulated values: O(nodes +
// leaves × depth) per tree instead of O(leaves × depth²). Rows go through a
// tree a block at a time, one node (then one leaf slot) for the whole block,
// so that the splits are branch-free over contiguous columns and each sum
// gathers from one slot's table into one feature's block of values.
// Memory: the tables (8 bytes × 2^d × d per leaf of d distinct path features,
// at most `max_table_entries` values in all; the trees past that budget, in
// model order, are explained by Lundberg's path algorithm, path_tree_shap.h,
// which needs none) and, per Explain call, kBlockRows × (4 bytes per node of
// the largest tree + 8 bytes per value of a row + 4 bytes per feature).
#ifndef GLASSBOX_DAEMON_MODELS_TREE_SHAP_H_
#define GLASSBOX_DAEMON_MODELS_TREE_SHAP_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "daemon/models/tree_ensemble.h"

namespace glassbox::daemon {

class TreeShap {
 public:
  // Fails with FAILED_PRECONDITION when a tree is degenerate (a node without cover).
  static absl::StatusOr<TreeShap> Create(TreeEnsemble ensemble, size_t max_table_entries);

  size_t num_features() const { return ensemble_.num_features; }
  // Values per row: per output group, one per feature then the bias.
  size_t width() const { return ensemble_.num_groups * (ensemble_.num_features + 1); }

  // `rows`: num_rows × num_features() floats, row-major, NaN for missing.
  // `out`: num_rows × width() doubles, row-major.
  void Explain(const float* rows, size_t num_rows, double* out) const;

  static constexpr size_t kBlockRows = 64;

 private:
  // An internal node reachable from the root: its children, and the bit of
  // its feature among the distinct features of the path to it, and whether
  // that feature is new to the path.
  struct Split {
    int32_t node;
    int32_t left;
    int32_t right;
    int32_t feature;
    float threshold;
    uint32_t bit;
    bool first;
    bool default_left;
    bool categorical;
  };
  // A leaf reachable from the root: the offset of its table in `tables_`, and
  // of its slots' features in `slot_features_`.
  struct Leaf {
    int32_t node;
    uint32_t table;
    uint32_t features;
    uint32_t num_slots;
  };
  // One tree's splits and leaves, each in node id order (parents first);
  // neither for a tree explained by the path algorithm.
  struct Walk {
    bool tabulated = false;
    std::vector<Split> splits;
    std::vector<Leaf> leaves;
    double bias = 0.0;  // The tree's cover-weighted mean output.
  };

  explicit TreeShap(TreeEnsemble ensemble) : ensemble_(std::move(ensemble)) {}

  // Tabulates `tree` when its tables fit in `max_table_entries` values in all.
  absl::Status Compile(const Tree& tree, size_t max_table_entries, Walk& walk);
  // Each node's pattern for the block's rows, kBlockRows per node in `patterns`.
  static void FollowSplits(const Tree& tree, const Walk& walk, const float* columns, uint32_t* patterns);

  TreeEnsemble ensemble_;
  std::vector<Walk> walks_;
  std::vector<double> tables_;          // Per leaf and slot: the slot's value for each of the 2^slots patterns.
  std::vector<int32_t> slot_features_;  // Per leaf: the feature of each slot.
  size_t max_nodes_ = 0;
};

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_TREE_SHAP_H_
