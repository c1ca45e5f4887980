// The trees of an XGBoost gbtree model, read from the JSON XGBoost saves, in
// a form to walk them outside libxgboost. A node sends a value left when it is
// below the threshold (numeric split) or not among the node's categories
// (categorical split; codes past the node's category bitset count as not
// among them); a missing value follows the node's default direction.
#ifndef GLASSBOX_DAEMON_MODELS_TREE_ENSEMBLE_H_
#define GLASSBOX_DAEMON_MODELS_TREE_ENSEMBLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace glassbox::daemon {

struct Tree {
  // Per node, indexed by XGBoost's node id; the root is node 0. Leaves have left == right == -1.
  std::vector<int32_t> left;
  std::vector<int32_t> right;
  std::vector<int32_t> feature;
  std::vector<float> threshold;  // Numeric splits; leaves: the leaf value.
  std::vector<uint8_t> default_left;
  std::vector<uint8_t> categorical;
  std::vector<double> cover;  // The hessian sum of the training rows through the node.
  // Categorical splits: the node's categories (those sent right) as a bitset of
  // 32-bit words, words [category_begin, category_begin + category_words) of `category_bits`.
  std::vector<uint32_t> category_begin;
  std::vector<uint32_t> category_words;
  std::vector<uint32_t> category_bits;
  int group = 0;  // The output (class) the tree adds to.

  bool is_leaf(int32_t node) const { return left[node] < 0; }
  bool GoesLeft(int32_t node, float value) const;
};

struct TreeEnsemble {
  std::string objective;  // XGBoost's name of the objective, e.g. "binary:logistic".
  size_t num_features = 0;
  int num_groups = 1;
  // What libxgboost adds to every output's margin before the trees: base_score in margin space.
  double base_margin = 0.0;
  std::vector<Tree> trees;
  // Per feature, the largest category code a split uses, or -1.
  std::vector<int32_t> max_category;
};

// Reads a gbtree model saved by XGBoost 1.x as JSON. Fails with
// INVALID_ARGUMENT when the document is not one, or FAILED_PRECONDITION for
// another booster or an objective whose base margin is not known here.
absl::StatusOr<TreeEnsemble> ParseXgboostJson(std::string_view json);

inline bool Tree::GoesLeft(int32_t node, float value) const {
  if (value != value) return default_left[node];
  if (!categorical[node]) return value < threshold[node];
  if (value < 0 || value >= 32.0f * category_words[node]) return true;
  const uint32_t code = static_cast<uint32_t>(value);
  return ((category_bits[category_begin[node] + code / 32] >> (code % 32)) & 1u) == 0;
}

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_TREE_ENSEMBLE_H_
