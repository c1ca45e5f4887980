// Prediction stability under random noise: for each scale sigma, `samples`
// copies of each row with N(0, sigma^2) noise (in perturbation units, so
// sigma * scale_p in feature p's own unit) added to every movable numeric
// feature the row has a value of, clipped to the permitted range; a row's
// stability is the share of its copies the model gives the row's class.
#ifndef GLASSBOX_PLUGINS_ROBUSTNESS_NOISE_STABILITY_H_
#define GLASSBOX_PLUGINS_ROBUSTNESS_NOISE_STABILITY_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "candidate_scorer.h"
#include "perturbation_geometry.h"

namespace glassbox::plugins {

// `rows`: the rows' values, one after another; `columns`: the model's output
// column of each row's class; `seeds`: each row's seed. Returns stability
// [row][scale].
absl::StatusOr<std::vector<std::vector<double>>> MeasureNoiseStability(
    const PerturbationGeometry& geometry, const CandidateScorer& scorer, std::span<const double> rows,
    std::span<const int> columns, std::span<const uint64_t> seeds, std::span<const double> scales, int samples);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ROBUSTNESS_NOISE_STABILITY_H_
