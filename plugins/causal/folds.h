// The fold assignment of cross-fitting, chosen so that other tools can
// reproduce it exactly: the rows 0..n-1 are shuffled by Fisher-Yates driven
// by SplitMix64 (for i = n-1 down to 1: swap positions i and next() % (i+1)),
// then cut into k contiguous chunks of the shuffled order as scikit-learn's
// KFold sizes them (the first n % k folds hold n / k + 1 rows, the others n / k).
#ifndef GLASSBOX_PLUGINS_CAUSAL_FOLDS_H_
#define GLASSBOX_PLUGINS_CAUSAL_FOLDS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace glassbox::plugins {

// Sebastiano Vigna's SplitMix64: state += 0x9e3779b97f4a7c15, then the
// state mixed by two xor-shift-multiply rounds and a final xor-shift.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next();

 private:
  uint64_t state_;
};

// The rows of each of the `k` folds (1 <= k <= n), each fold ascending.
std::vector<std::vector<size_t>> AssignFolds(size_t n, int k, uint64_t seed);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_CAUSAL_FOLDS_H_
