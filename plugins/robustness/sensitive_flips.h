// Rows whose class one change of a sensitive feature alone flips: each
// sensitive feature of each row is set, alone, to every other permitted
// category (categorical) or to each of 16 evenly spaced values from its
// permitted low to high (numeric); the flip reported is the first category in
// code order, or the grid value nearest the row's (the lower of two equally
// near), whose class differs from the row's.
#ifndef GLASSBOX_PLUGINS_ROBUSTNESS_SENSITIVE_FLIPS_H_
#define GLASSBOX_PLUGINS_ROBUSTNESS_SENSITIVE_FLIPS_H_

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "candidate_scorer.h"
#include "feature_space.h"

namespace glassbox::plugins {

inline constexpr int kSensitiveGridPoints = 16;

struct SensitiveFlipFound {
  // Indices into the rows given, and into the feature space.
  size_t row = 0;
  size_t feature = 0;
  double changed = 0;
  int new_column = -1;
};

// `rows`: the rows' values, one after another; `columns`: the model's output
// column of each row's class. Flips in row order, then in `features` order.
absl::StatusOr<std::vector<SensitiveFlipFound>> FindSensitiveFlips(const FeatureSpace& space,
                                                                   const CandidateScorer& scorer,
                                                                   std::span<const double> rows,
                                                                   std::span<const int> columns,
                                                                   std::span<const size_t> features);

// Feature p's candidate values for a row whose value is `value`, in the order
// they are preferred.
std::vector<double> SensitiveCandidates(const FeatureDomain& feature, double value);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ROBUSTNESS_SENSITIVE_FLIPS_H_
