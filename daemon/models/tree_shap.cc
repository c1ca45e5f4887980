#include "daemon/models/tree_shap.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace glassbox::daemon {
namespace {

// The largest number of distinct features on one path the tables take.
constexpr size_t kMaxSlots = 24;

// Tabulates, for a leaf of value `value` whose path has distinct features with
// zero fractions `zero` (the share of training cover that reaches the leaf
// through each feature's splits when the feature is unknown), the Shapley value
// of each feature for every pattern of one fractions (bit i: the row follows
// feature i's splits toward the leaf):
//   phi_i = value (o_i - z_i) sum_{S subset of B \ i} |S|! (d - |S| - 1)! / d!  prod_{j not in S, j != i} z_j,
// B the features the row follows, d their total. Appends 2^d × d values to `table`.
void TabulateLeaf(double value, const std::vector<double>& zero, std::vector<double>& table) {
  const size_t d = zero.size();
  // weight[s] = s! (d - s - 1)! / d!
  std::vector<double> weight(d);
  for (size_t s = 0; s < d; ++s) {
    double w = 1.0 / d;
    for (size_t k = 1; k <= s; ++k) w *= static_cast<double>(k) / static_cast<double>(d - k);
    weight[s] = w;
  }
  std::vector<double> elementary(d + 1);
  for (uint32_t pattern = 0; pattern < (1u << d); ++pattern) {
    for (size_t i = 0; i < d; ++i) {
      // Over the other features: the product of the zero fractions of those the
      // row does not follow, and the elementary symmetric polynomials e_t of
      // the zero fractions of those it follows.
      double outside = 1.0;
      size_t followed = 0;
      std::fill(elementary.begin(), elementary.end(), 0.0);
      elementary[0] = 1.0;
      for (size_t j = 0; j < d; ++j) {
        if (j == i) continue;
        if ((pattern >> j) & 1u) {
          ++followed;
          for (size_t t = followed; t > 0; --t) elementary[t] += elementary[t - 1] * zero[j];
        } else {
          outside *= zero[j];
        }
      }
      // sum_{S subset of followed} weight[|S|] prod_{followed \ S} z = sum_t e_t weight[followed - t].
      double sum = 0.0;
      for (size_t t = 0; t <= followed; ++t) sum += elementary[t] * weight[followed - t];
      const double one = (pattern >> i) & 1u;
      table.push_back(value * (one - zero[i]) * outside * sum);
    }
  }
}

}  // namespace

absl::StatusOr<TreeShap> TreeShap::Create(TreeEnsemble ensemble, size_t max_table_entries) {
  TreeShap shap(std::move(ensemble));
  shap.walks_.resize(shap.ensemble_.trees.size());
  for (size_t t = 0; t < shap.ensemble_.trees.size(); ++t) {
    if (absl::Status status = shap.Compile(shap.ensemble_.trees[t], max_table_entries, shap.walks_[t]); !status.ok()) {
      return status;
    }
    shap.max_nodes_ = std::max(shap.max_nodes_, shap.ensemble_.trees[t].left.size());
  }
  return shap;
}

absl::Status TreeShap::Compile(const Tree& tree, size_t max_table_entries, Walk& walk) {
  const size_t n = tree.left.size();
  walk.slot.assign(n, 0);
  walk.first.assign(n, 0);
  walk.table.assign(n, 0);
  walk.features.assign(n, 0);
  walk.num_slots.assign(n, 0);

  // Depth-first from the root, carrying the path's distinct features and their zero fractions.
  struct Visit {
    int32_t node;
    std::vector<int32_t> features;
    std::vector<double> zero;
  };
  std::vector<Visit> stack = {{0, {}, {}}};
  while (!stack.empty()) {
    Visit visit = std::move(stack.back());
    stack.pop_back();
    const int32_t node = visit.node;
    walk.order.push_back(node);
    if (tree.is_leaf(node)) {
      const size_t d = visit.features.size();
      if (tables_.size() + (size_t{d} << d) > max_table_entries) {
        return absl::FailedPreconditionError(
            absl::StrCat("TreeSHAP tables would exceed ", max_table_entries, " values"));
      }
      walk.table[node] = static_cast<uint32_t>(tables_.size());
      walk.features[node] = static_cast<uint32_t>(slot_features_.size());
      walk.num_slots[node] = static_cast<uint8_t>(d);
      slot_features_.insert(slot_features_.end(), visit.features.begin(), visit.features.end());
      const double value = tree.threshold[node];
      TabulateLeaf(value, visit.zero, tables_);
      double reach = 1.0;
      for (double z : visit.zero) reach *= z;
      walk.bias += value * reach;
      continue;
    }
    if (tree.cover[node] <= 0) return absl::FailedPreconditionError("a tree node has no cover");
    const auto found = std::find(visit.features.begin(), visit.features.end(), tree.feature[node]);
    const size_t slot = found - visit.features.begin();
    walk.first[node] = found == visit.features.end();
    if (walk.first[node]) {
      if (slot == kMaxSlots) return absl::FailedPreconditionError("a tree path splits on too many features");
      visit.features.push_back(tree.feature[node]);
      visit.zero.push_back(1.0);
    }
    walk.slot[node] = static_cast<uint8_t>(slot);
    for (const int32_t child : {tree.right[node], tree.left[node]}) {
      Visit next{child, visit.features, visit.zero};
      next.zero[slot] *= tree.cover[child] / tree.cover[node];
      stack.push_back(std::move(next));
    }
  }
  std::sort(walk.order.begin(), walk.order.end());
  return absl::OkStatus();
}

void TreeShap::Explain(const float* rows, size_t num_rows, double* out) const {
  // Rows go through the trees a block at a time, tree by tree, so that a tree's
  // tables stay in cache for the whole block.
  constexpr size_t kBlockRows = 128;
  const size_t num_features = ensemble_.num_features;
  const size_t stride = num_features + 1;
  std::vector<uint32_t> pattern(max_nodes_);
  for (size_t block = 0; block < num_rows; block += kBlockRows) {
    const size_t block_end = std::min(num_rows, block + kBlockRows);
    for (size_t r = block; r < block_end; ++r) {
      double* phi = out + r * width();
      std::fill(phi, phi + width(), 0.0);
      for (int g = 0; g < ensemble_.num_groups; ++g) phi[g * stride + num_features] = ensemble_.base_margin;
    }
    for (size_t t = 0; t < walks_.size(); ++t) {
      const Tree& tree = ensemble_.trees[t];
      const Walk& walk = walks_[t];
      for (size_t r = block; r < block_end; ++r) {
        const float* row = rows + r * num_features;
        double* phi = out + r * width() + tree.group * stride;
        phi[num_features] += walk.bias;
        pattern[0] = 0;
        for (const int32_t node : walk.order) {
          if (tree.is_leaf(node)) {
            const size_t d = walk.num_slots[node];
            const double* values = tables_.data() + walk.table[node] + pattern[node] * d;
            const int32_t* features = slot_features_.data() + walk.features[node];
            for (size_t i = 0; i < d; ++i) phi[features[i]] += values[i];
            continue;
          }
          const bool left = tree.GoesLeft(node, row[tree.feature[node]]);
          const uint32_t bit = 1u << walk.slot[node];
          const uint32_t parent = pattern[node];
          if (walk.first[node]) {
            pattern[tree.left[node]] = left ? parent | bit : parent;
            pattern[tree.right[node]] = left ? parent : parent | bit;
          } else {
            pattern[tree.left[node]] = left ? parent : parent & ~bit;
            pattern[tree.right[node]] = left ? parent & ~bit : parent;
          }
        }
      }
    }
  }
}

}  // namespace glassbox::daemon
