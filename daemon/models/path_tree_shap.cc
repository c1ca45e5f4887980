#include "daemon/models/path_tree_shap.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace glassbox::daemon {
namespace {

// One feature of the path to a node: the fraction of cover (zero) and of the
// row (one, 0 or 1) that reach the node through its splits, and the weight of
// the subsets of the path's features of each size.
struct PathElement {
  int32_t feature;
  double zero;
  double one;
  double weight;
};

// Adds a feature to the first `depth` elements of `path`.
void Extend(PathElement* path, int depth, double zero, double one, int32_t feature) {
  path[depth] = {feature, zero, one, depth == 0 ? 1.0 : 0.0};
  for (int i = depth - 1; i >= 0; --i) {
    path[i + 1].weight += one * path[i].weight * (i + 1) / (depth + 1);
    path[i].weight = zero * path[i].weight * (depth - i) / (depth + 1);
  }
}

// Undoes Extend of element `index` of a path of `depth` + 1 elements.
void Unwind(PathElement* path, int depth, int index) {
  const double one = path[index].one, zero = path[index].zero;
  double next = path[depth].weight;
  for (int i = depth - 1; i >= 0; --i) {
    if (one != 0) {
      const double weight = path[i].weight;
      path[i].weight = next * (depth + 1) / ((i + 1) * one);
      next = weight - path[i].weight * zero * (depth - i) / (depth + 1);
    } else {
      path[i].weight = path[i].weight * (depth + 1) / (zero * (depth - i));
    }
  }
  for (int i = index; i < depth; ++i) {
    path[i].feature = path[i + 1].feature;
    path[i].zero = path[i + 1].zero;
    path[i].one = path[i + 1].one;
  }
}

// The total weight of the path with element `index` unwound, leaving the path as it is.
double UnwoundSum(const PathElement* path, int depth, int index) {
  const double one = path[index].one, zero = path[index].zero;
  double next = path[depth].weight, total = 0;
  for (int i = depth - 1; i >= 0; --i) {
    if (one != 0) {
      const double weight = next * (depth + 1) / ((i + 1) * one);
      total += weight;
      next = path[i].weight - weight * zero * (depth - i) / (depth + 1);
    } else {
      total += path[i].weight / zero * (depth + 1) / (depth - i);
    }
  }
  return total;
}

void Recurse(const Tree& tree, const float* row, double* phi, int32_t node, std::vector<PathElement>& paths,
             size_t offset, int depth, double zero, double one, int32_t feature) {
  // Each level copies its parent's path, so that siblings extend the same one.
  PathElement* path = paths.data() + offset + depth + 1;
  std::copy_n(paths.data() + offset, depth + 1, path);
  Extend(path, depth, zero, one, feature);
  if (tree.is_leaf(node)) {
    for (int i = 1; i <= depth; ++i) {
      phi[path[i].feature] += UnwoundSum(path, depth, i) * (path[i].one - path[i].zero) * tree.threshold[node];
    }
    return;
  }
  const int32_t split = tree.feature[node];
  const bool left = tree.GoesLeft(node, row[split]);
  const int32_t hot = left ? tree.left[node] : tree.right[node];
  const int32_t cold = left ? tree.right[node] : tree.left[node];
  double incoming_zero = 1, incoming_one = 1;
  int path_depth = depth;
  for (int i = 1; i <= depth; ++i) {
    if (path[i].feature != split) continue;
    incoming_zero = path[i].zero;
    incoming_one = path[i].one;
    Unwind(path, depth, i);
    --path_depth;
    break;
  }
  const size_t next = offset + depth + 1;
  Recurse(tree, row, phi, hot, paths, next, path_depth + 1, incoming_zero * tree.cover[hot] / tree.cover[node],
          incoming_one, split);
  Recurse(tree, row, phi, cold, paths, next, path_depth + 1, incoming_zero * tree.cover[cold] / tree.cover[node], 0,
          split);
}

int Depth(const Tree& tree, int32_t node) {
  return tree.is_leaf(node) ? 0 : 1 + std::max(Depth(tree, tree.left[node]), Depth(tree, tree.right[node]));
}

double MeanOutput(const Tree& tree, int32_t node) {
  if (tree.is_leaf(node)) return tree.threshold[node];
  const int32_t left = tree.left[node], right = tree.right[node];
  return (MeanOutput(tree, left) * tree.cover[left] + MeanOutput(tree, right) * tree.cover[right]) / tree.cover[node];
}

}  // namespace

void AddPathTreeShap(const Tree& tree, const float* row, double* phi) {
  const size_t depth = static_cast<size_t>(Depth(tree, 0)) + 2;
  std::vector<PathElement> paths(depth * (depth + 1) / 2 + depth);
  Recurse(tree, row, phi, 0, paths, 0, 0, 1, 1, -1);
}

double TreeMeanOutput(const Tree& tree) { return MeanOutput(tree, 0); }

}  // namespace glassbox::daemon
