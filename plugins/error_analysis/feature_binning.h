// Features discretised into histogram bins for the surrogate error tree.
// A numeric feature gets one bin per distinct value, or, past `max_bins`
// distinct values, bins of about equal row counts (built, like LightGBM's,
// from a deterministic sample of at most 200,000 rows); bins are ordered by
// value and each knows the smallest and largest value of its rows. A
// categorical feature gets one bin per category. Missing values, when there
// are any, get a last bin of their own.
#ifndef GLASSBOX_PLUGINS_ERROR_ANALYSIS_FEATURE_BINNING_H_
#define GLASSBOX_PLUGINS_ERROR_ANALYSIS_FEATURE_BINNING_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/sdk/table.h"

namespace glassbox::plugins {

struct BinnedFeature {
  std::string name;
  bool categorical = false;
  // Per analysed row (in the order of `rows`).
  std::vector<uint16_t> bins;
  // Bins in all, the missing bin included.
  int num_bins = 0;
  // The missing values' bin (num_bins - 1), or -1 when no value is missing.
  int missing_bin = -1;
  // Numeric: the smallest and largest value in each value bin.
  std::vector<double> lower_values;
  std::vector<double> upper_values;
  // Categorical: the category of each value bin.
  std::vector<std::string> categories;
};

// The threshold between two values below < above, placed as scikit-learn
// places it: their midpoint, or `below` when the midpoint rounds to `above`,
// so that "x <= threshold" always separates them.
double Midpoint(double below, double above);

// Fails when a categorical column has more categories than bins can index.
absl::StatusOr<BinnedFeature> BinFeature(const sdk::Column& column, std::span<const size_t> rows, int max_bins);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ERROR_ANALYSIS_FEATURE_BINNING_H_
