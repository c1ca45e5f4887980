// Exact path-dependent TreeSHAP (Lundberg et al. 2020) over a TreeEnsemble,
// the values libxgboost's pred_contribs computes, faster.
//
// For one leaf, the Shapley value of a feature on its path depends on the
// row only through which of the path's distinct features the row follows
// toward the leaf: a pattern of at most `depth` bits. Every leaf's values for
// every pattern are tabulated once; explaining a row then walks each tree once
// to find each leaf's pattern and adds the tabulated values: O(nodes + leaves
// × depth) per tree instead of O(leaves × depth²).
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
  // Fails with FAILED_PRECONDITION when the tables would hold more than
  // `max_table_entries` values (deep trees), or a tree is degenerate.
  static absl::StatusOr<TreeShap> Create(TreeEnsemble ensemble, size_t max_table_entries);

  size_t num_features() const { return ensemble_.num_features; }
  // Values per row: per output group, one per feature then the bias.
  size_t width() const { return ensemble_.num_groups * (ensemble_.num_features + 1); }

  // `rows`: num_rows × num_features() floats, row-major, NaN for missing.
  // `out`: num_rows × width() doubles, row-major.
  void Explain(const float* rows, size_t num_rows, double* out) const;

 private:
  // The walk of one tree: its nodes reachable from the root, parents first.
  struct Walk {
    std::vector<int32_t> order;
    // Per node id. Internal nodes: where their feature sits among the distinct
    // features of the path to them, and whether it is new to that path.
    std::vector<uint8_t> slot;
    std::vector<uint8_t> first;
    // Leaves: offset of their table in `tables_`, and of their slots' features in `slot_features_`.
    std::vector<uint32_t> table;
    std::vector<uint32_t> features;
    std::vector<uint8_t> num_slots;
    double bias = 0.0;  // The tree's cover-weighted mean output.
  };

  explicit TreeShap(TreeEnsemble ensemble) : ensemble_(std::move(ensemble)) {}

  absl::Status Compile(const Tree& tree, size_t max_table_entries, Walk& walk);

  TreeEnsemble ensemble_;
  std::vector<Walk> walks_;
  std::vector<double> tables_;          // Per leaf: 2^slots patterns × slots values.
  std::vector<int32_t> slot_features_;  // Per leaf: the feature of each slot.
  size_t max_nodes_ = 0;
};

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_TREE_SHAP_H_
