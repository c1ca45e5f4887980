// Features as small integer codes, for histogram-based tree growing (the way
// of LightGBM and scikit-learn's HistGradientBoosting): each feature's values
// become at most 255 bins, so a tree node's split search sums its rows into
// one histogram per feature instead of sorting them.
//
// A numeric feature's float32 values (as scikit-learn's trees read them) are
// grouped into runs of values each within 1e-7 of the next (scikit-learn's
// FEATURE_THRESHOLD: values so close are one value). With at most 255 runs
// each is a bin, so the candidate splits are exactly those of an exact sorted
// search; with more, consecutive runs are merged into bins each of at most
// about 1/255 of the rows (quantiles) and of the values' range, so that the
// sparse tails, where a few rows span much of the range, keep finer bins. Each bin keeps its smallest and largest value, from
// which a tree takes the threshold between two bins (boosted_trees.h).
//
// A categorical feature keeps one bin per category, each a one-against-the-
// rest candidate: the split of its one-hot indicator. A feature with more
// than 255 categories is several features of at most 254 categories each,
// plus a bin for the categories of the others.
#ifndef GLASSBOX_PLUGINS_CAUSAL_BINNED_FEATURES_H_
#define GLASSBOX_PLUGINS_CAUSAL_BINNED_FEATURES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace glassbox::plugins {

struct BinnedFeature {
  // Numeric: the smallest and largest value of each bin, ascending.
  // Categorical: the bins 0..num_candidates-1 are categories, one more (if any) the other categories.
  bool categorical = false;
  std::vector<float> low;
  std::vector<float> high;
  uint32_t num_bins = 0;
  uint32_t num_candidates = 0;
};

class BinnedFeatures {
 public:
  static constexpr uint32_t kMaxBins = 255;

  explicit BinnedFeatures(size_t num_rows) : num_rows_(num_rows) {}

  // Appends a numeric feature from one value per row.
  void AddNumeric(std::span<const float> values);
  // Appends the features of a categorical one, `codes` (one per row) in [0, num_categories).
  void AddCategorical(std::span<const int32_t> codes, uint32_t num_categories);

  size_t num_rows() const { return num_rows_; }
  size_t num_features() const { return features_.size(); }
  const BinnedFeature& feature(size_t f) const { return features_[f]; }
  // Feature f's bin of each row.
  std::span<const uint8_t> codes(size_t f) const { return {codes_[f].data(), num_rows_}; }
 private:
  size_t num_rows_;
  std::vector<BinnedFeature> features_;
  std::vector<std::vector<uint8_t>> codes_;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_CAUSAL_BINNED_FEATURES_H_
