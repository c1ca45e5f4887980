#include "random.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace glassbox::plugins::explanations {

uint64_t Rng::Below(uint64_t n) {
  // Rejects the top partial range so that every residue is equally likely.
  const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
  uint64_t draw = engine_();
  while (draw >= limit) draw = engine_();
  return draw % n;
}

double Rng::Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

std::vector<size_t> Rng::Sample(std::span<const size_t> from, size_t count) {
  if (count >= from.size()) return {from.begin(), from.end()};
  // A partial Fisher-Yates over positions picks `count` of them uniformly.
  std::vector<size_t> positions(from.size());
  std::iota(positions.begin(), positions.end(), size_t{0});
  for (size_t i = 0; i < count; ++i) std::swap(positions[i], positions[i + Below(from.size() - i)]);
  positions.resize(count);
  std::sort(positions.begin(), positions.end());
  std::vector<size_t> sample;
  sample.reserve(count);
  for (size_t position : positions) sample.push_back(from[position]);
  return sample;
}

}  // namespace glassbox::plugins::explanations
