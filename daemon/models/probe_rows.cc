#include "daemon/models/probe_rows.h"

#include <cmath>
#include <limits>
#include <random>

namespace glassbox::daemon {

std::vector<float> ProbeRows(const TreeEnsemble& ensemble, size_t num_rows) {
  constexpr uint32_t kMissingOneIn = 8;
  const size_t num_features = ensemble.num_features;
  std::vector<std::vector<float>> candidates(num_features);
  for (const Tree& tree : ensemble.trees) {
    for (size_t node = 0; node < tree.left.size(); ++node) {
      if (tree.is_leaf(node) || tree.categorical[node]) continue;
      const float threshold = tree.threshold[node];
      candidates[tree.feature[node]].insert(candidates[tree.feature[node]].end(),
                                            {threshold, std::nextafter(threshold, -INFINITY)});
    }
  }
  for (size_t f = 0; f < num_features; ++f) {
    if (ensemble.max_category[f] < 0) continue;
    for (int32_t code = -1; code <= ensemble.max_category[f] + 1; ++code) candidates[f].push_back(code);
  }
  std::mt19937 random(20261202);
  std::vector<float> rows(num_rows * num_features, std::numeric_limits<float>::quiet_NaN());
  for (size_t r = 0; r < num_rows; ++r) {
    for (size_t f = 0; f < num_features; ++f) {
      if (random() % kMissingOneIn == 0 || candidates[f].empty()) continue;
      rows[r * num_features + f] = candidates[f][random() % candidates[f].size()];
    }
  }
  return rows;
}

}  // namespace glassbox::daemon
