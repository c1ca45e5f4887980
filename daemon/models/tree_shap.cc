#include "daemon/models/tree_shap.h"

#include <algorithm>
#include <utility>

#include "daemon/models/path_tree_shap.h"

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
// B the features the row follows, d their total. Appends d × 2^d values to
// `table`: feature 0's for each pattern, then feature 1's, and so on.
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
  const size_t begin = table.size(), num_patterns = size_t{1} << d;
  table.resize(begin + d * num_patterns);
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
      table[begin + i * num_patterns + pattern] = value * (one - zero[i]) * outside * sum;
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
  for (std::vector<int32_t> reached = {0}; !reached.empty();) {
    const int32_t node = reached.back();
    reached.pop_back();
    if (tree.is_leaf(node)) continue;
    if (tree.cover[node] <= 0) return absl::FailedPreconditionError("a tree node has no cover");
    reached.push_back(tree.left[node]);
    reached.push_back(tree.right[node]);
  }
  const size_t tables_before = tables_.size(), slot_features_before = slot_features_.size();
  const auto untabulated = [&] {
    tables_.resize(tables_before);
    slot_features_.resize(slot_features_before);
    walk = Walk{};
    walk.bias = TreeMeanOutput(tree);
    return absl::OkStatus();
  };
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
    if (tree.is_leaf(node)) {
      const size_t d = visit.features.size();
      if (tables_.size() + (size_t{d} << d) > max_table_entries) return untabulated();
      walk.leaves.push_back({node, static_cast<uint32_t>(tables_.size()), static_cast<uint32_t>(slot_features_.size()),
                             static_cast<uint32_t>(d)});
      slot_features_.insert(slot_features_.end(), visit.features.begin(), visit.features.end());
      const double value = tree.threshold[node];
      TabulateLeaf(value, visit.zero, tables_);
      double reach = 1.0;
      for (double z : visit.zero) reach *= z;
      walk.bias += value * reach;
      continue;
    }
    const auto found = std::find(visit.features.begin(), visit.features.end(), tree.feature[node]);
    const size_t slot = found - visit.features.begin();
    const bool first = found == visit.features.end();
    if (first) {
      if (slot == kMaxSlots) return untabulated();
      visit.features.push_back(tree.feature[node]);
      visit.zero.push_back(1.0);
    }
    walk.splits.push_back({node, tree.left[node], tree.right[node], tree.feature[node], tree.threshold[node],
                           1u << slot, first, tree.default_left[node] != 0, tree.categorical[node] != 0});
    for (const int32_t child : {tree.right[node], tree.left[node]}) {
      Visit next{child, visit.features, visit.zero};
      next.zero[slot] *= tree.cover[child] / tree.cover[node];
      stack.push_back(std::move(next));
    }
  }
  walk.tabulated = true;
  std::sort(walk.splits.begin(), walk.splits.end(), [](const Split& a, const Split& b) { return a.node < b.node; });
  std::sort(walk.leaves.begin(), walk.leaves.end(), [](const Leaf& a, const Leaf& b) { return a.node < b.node; });
  return absl::OkStatus();
}

void TreeShap::FollowSplits(const Tree& tree, const Walk& walk, const float* columns, uint32_t* patterns) {
  std::fill_n(patterns, kBlockRows, 0u);  // The root's.
  uint32_t toward_left[kBlockRows];  // All ones for the rows that go left.
  for (const Split& split : walk.splits) {
    const float* __restrict x = columns + split.feature * kBlockRows;
    if (split.categorical) {
      for (size_t r = 0; r < kBlockRows; ++r) toward_left[r] = 0u - static_cast<uint32_t>(tree.GoesLeft(split.node, x[r]));
    } else {
      const uint32_t missing_left = split.default_left ? ~0u : 0u;
      for (size_t r = 0; r < kBlockRows; ++r) {
        toward_left[r] = (0u - static_cast<uint32_t>(x[r] < split.threshold)) |
                         ((0u - static_cast<uint32_t>(x[r] != x[r])) & missing_left);
      }
    }
    // The child the row goes to keeps the path's bit of this feature (sets it
    // when the feature is new to the path); the other child clears it.
    const uint32_t* __restrict parent = patterns + split.node * kBlockRows;
    uint32_t* __restrict left = patterns + split.left * kBlockRows;
    uint32_t* __restrict right = patterns + split.right * kBlockRows;
    const uint32_t set = split.first ? split.bit : 0u, clear = ~split.bit;
    for (size_t r = 0; r < kBlockRows; ++r) {
      const uint32_t base = parent[r] | set;
      left[r] = base & (toward_left[r] | clear);
      right[r] = base & (~toward_left[r] | clear);
    }
  }
}

void TreeShap::Explain(const float* rows, size_t num_rows, double* out) const {
  const size_t num_features = ensemble_.num_features;
  const size_t stride = num_features + 1;
  const size_t values_per_row = width();
  // The block's rows by column, its patterns by node, and its values by value
  // (each kBlockRows long; rows past the block's end are zeros, explained and dropped).
  std::vector<float> columns(num_features * kBlockRows);
  std::vector<uint32_t> patterns(max_nodes_ * kBlockRows);
  std::vector<double> values(values_per_row * kBlockRows);
  std::vector<double> path_phi(num_features);
  for (size_t block = 0; block < num_rows; block += kBlockRows) {
    const size_t count = std::min(kBlockRows, num_rows - block);
    std::fill(columns.begin(), columns.end(), 0.0f);
    for (size_t r = 0; r < count; ++r) {
      const float* row = rows + (block + r) * num_features;
      for (size_t j = 0; j < num_features; ++j) columns[j * kBlockRows + r] = row[j];
    }
    std::fill(values.begin(), values.end(), 0.0);
    for (int g = 0; g < ensemble_.num_groups; ++g) {
      std::fill_n(values.data() + (g * stride + num_features) * kBlockRows, kBlockRows, ensemble_.base_margin);
    }
    for (size_t t = 0; t < walks_.size(); ++t) {
      const Tree& tree = ensemble_.trees[t];
      const Walk& walk = walks_[t];
      double* group = values.data() + tree.group * stride * kBlockRows;
      double* bias = group + num_features * kBlockRows;
      for (size_t r = 0; r < kBlockRows; ++r) bias[r] += walk.bias;
      if (!walk.tabulated) {
        for (size_t r = 0; r < count; ++r) {
          std::fill(path_phi.begin(), path_phi.end(), 0.0);
          AddPathTreeShap(tree, rows + (block + r) * num_features, path_phi.data());
          for (size_t j = 0; j < num_features; ++j) group[j * kBlockRows + r] += path_phi[j];
        }
        continue;
      }
      FollowSplits(tree, walk, columns.data(), patterns.data());
      for (const Leaf& leaf : walk.leaves) {
        const uint32_t* pattern = patterns.data() + leaf.node * kBlockRows;
        const double* table = tables_.data() + leaf.table;
        const int32_t* features = slot_features_.data() + leaf.features;
        for (size_t i = 0; i < leaf.num_slots; ++i) {
          const double* __restrict slot = table + (i << leaf.num_slots);
          double* __restrict sum = group + features[i] * kBlockRows;
          for (size_t r = 0; r < kBlockRows; ++r) sum[r] += slot[pattern[r]];
        }
      }
    }
    for (size_t r = 0; r < count; ++r) {
      double* phi = out + (block + r) * values_per_row;
      for (size_t j = 0; j < values_per_row; ++j) phi[j] = values[j * kBlockRows + r];
    }
  }
}

}  // namespace glassbox::daemon
