#include "binned_features.h"

#include <algorithm>

namespace glassbox::plugins {
namespace {

// scikit-learn's FEATURE_THRESHOLD.
constexpr double kSameValue = 1e-7;

}  // namespace

void BinnedFeatures::AddNumeric(std::span<const float> values) {
  std::vector<float> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  // Where each run of values (each within kSameValue of the next) starts in `sorted`.
  std::vector<size_t> run_starts;
  for (size_t k = 0; k < sorted.size(); ++k) {
    if (k == 0 || sorted[k] > sorted[k - 1] + kSameValue) run_starts.push_back(k);
  }
  BinnedFeature feature;
  // A bin closes before run r once it holds 1/steps of the rows or spans
  // 1/steps of the values' range, with the most steps that give at most
  // kMaxBins bins (count-closed bins alone would be too wide in the tails).
  const double n = static_cast<double>(sorted.size());
  const double range = sorted.empty() ? 0.0 : static_cast<double>(sorted.back()) - sorted.front();
  const auto bin = [&](double steps) {
    feature.low.clear();
    feature.high.clear();
    size_t bin_start = 0;
    for (size_t r = 0; r < run_starts.size(); ++r) {
      const size_t start = run_starts[r];
      const bool full = static_cast<double>(start - bin_start) * steps >= n ||
                        (static_cast<double>(sorted[start]) - sorted[bin_start]) * steps >= range;
      if (r == 0 || run_starts.size() <= kMaxBins || full) {
        if (r > 0) feature.high.push_back(sorted[start - 1]);
        feature.low.push_back(sorted[start]);
        bin_start = start;
      }
    }
    if (!sorted.empty()) feature.high.push_back(sorted.back());
  };
  for (double steps = kMaxBins; bin(steps), feature.low.size() > kMaxBins;) steps *= 0.97;
  feature.num_bins = static_cast<uint32_t>(feature.low.size());
  feature.num_candidates = feature.num_bins == 0 ? 0 : feature.num_bins - 1;
  std::vector<uint8_t>& codes = codes_.emplace_back(num_rows_);
  for (size_t i = 0; i < num_rows_; ++i) {
    codes[i] = static_cast<uint8_t>(std::lower_bound(feature.high.begin(), feature.high.end(), values[i]) -
                                    feature.high.begin());
  }
  features_.push_back(std::move(feature));
}

void BinnedFeatures::AddCategorical(std::span<const int32_t> codes, uint32_t num_categories) {
  // With more than kMaxBins categories, chunks of kMaxBins - 1 and a bin for the rest.
  const uint32_t chunk = num_categories <= kMaxBins ? kMaxBins : kMaxBins - 1;
  for (uint32_t first = 0; first < num_categories; first += chunk) {
    BinnedFeature feature;
    feature.categorical = true;
    feature.num_candidates = std::min(chunk, num_categories - first);
    const bool has_rest = feature.num_candidates < num_categories;
    feature.num_bins = feature.num_candidates + (has_rest ? 1 : 0);
    std::vector<uint8_t>& bins = codes_.emplace_back(num_rows_);
    for (size_t i = 0; i < num_rows_; ++i) {
      const uint32_t code = static_cast<uint32_t>(codes[i]);
      bins[i] = static_cast<uint8_t>(code >= first && code - first < feature.num_candidates ? code - first
                                                                                              : feature.num_candidates);
    }
    features_.push_back(std::move(feature));
  }
}

}  // namespace glassbox::plugins
