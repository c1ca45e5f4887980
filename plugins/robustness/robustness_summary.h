// The run-level figures of a robustness payload, from its rows: the attack
// success rate within the budget epsilon, the share flipped at all, the
// median perturbation size and the per-feature medians over the flipped rows
// (numpy's median), and the noise stability per scale.
#ifndef GLASSBOX_PLUGINS_ROBUSTNESS_ROBUSTNESS_SUMMARY_H_
#define GLASSBOX_PLUGINS_ROBUSTNESS_ROBUSTNESS_SUMMARY_H_

#include <span>

#include "glassbox/v1/analyses/robustness.pb.h"

namespace glassbox::plugins {

// Fills success_rate, flip_rate, median_perturbation, per_feature and noise
// (with `scales`) of `result` from result.rows() and result.features().
void SummarizeRobustness(std::span<const double> scales, int noise_samples, glassbox::v1::analyses::Robustness& result);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ROBUSTNESS_ROBUSTNESS_SUMMARY_H_
