#include "folds.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace glassbox::plugins {

uint64_t SplitMix64::Next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::vector<std::vector<size_t>> AssignFolds(size_t n, int k, uint64_t seed) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  SplitMix64 random(seed);
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[random.Next() % i]);

  std::vector<std::vector<size_t>> folds(k);
  const size_t base = n / k;
  const size_t larger = n % k;
  size_t begin = 0;
  for (size_t fold = 0; fold < static_cast<size_t>(k); ++fold) {
    const size_t end = begin + base + (fold < larger ? 1 : 0);
    folds[fold].assign(order.begin() + begin, order.begin() + end);
    std::sort(folds[fold].begin(), folds[fold].end());
    begin = end;
  }
  return folds;
}

}  // namespace glassbox::plugins
