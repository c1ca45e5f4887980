// The smallest change of one row that makes the model predict another class,
// found with only the predicted labels: HopSkipJumpAttack (Chen, Jordan and
// Wainwright, "HopSkipJumpAttack: A Query-Efficient Decision-Based Attack",
// IEEE S&P 2020), untargeted, L2, in the scaled coordinates of
// PerturbationGeometry, kept inside the permitted box, with categorical moves.
//
//  1. Categorical moves: every movable categorical feature changed alone to
//     each permitted category (size 1 each).
//  2. A start: uniform draws in the permitted box of the movable numeric
//     features (half of them with random permitted categories too); the
//     adversarial draw of least size, its categorical changes reverted one by
//     one while it stays adversarial.
//  3. Binary search on the segment from the row to it (numeric features
//     only) to the boundary, then per iteration t = 1..max_iterations:
//     gradient-direction estimate from B_t = gradient_samples * sqrt(t) probes
//     on a sphere of radius delta = d_{t-1} / k (k numeric coordinates, the
//     paper's sqrt(k) * theta * d with theta = k^(-3/2)), labels +1/-1 minus
//     their mean as baseline; geometric step xi = d_{t-1} / sqrt(t) halved
//     until adversarial; binary search back to the boundary.
//  4. Sparsify: numeric changes reverted one by one, smallest first, while
//     the row stays flipped (what the flip does not need is estimation noise);
//     binary search again.
// The result is the smaller of 1 and 4. Every probe is clipped to the box and
// leaves immutable features and missing values alone.
#ifndef GLASSBOX_PLUGINS_ROBUSTNESS_HOP_SKIP_JUMP_H_
#define GLASSBOX_PLUGINS_ROBUSTNESS_HOP_SKIP_JUMP_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "candidate_scorer.h"
#include "perturbation_geometry.h"

namespace glassbox::plugins {

struct AttackOptions {
  int max_iterations = 20;
  int gradient_samples = 100;
  // Model rows scored at most.
  int64_t max_model_queries = 20000;
};

struct AttackResult {
  bool flipped = false;
  // When flipped: the perturbed row and the model's output column of its class.
  std::vector<double> adversarial;
  int adversarial_column = -1;
  int64_t model_queries = 0;
};

// `original_column`: the model's output column of the class predicted for `row`.
absl::StatusOr<AttackResult> AttackRow(const PerturbationGeometry& geometry, const CandidateScorer& scorer,
                                       std::span<const double> row, int original_column, uint64_t seed,
                                       const AttackOptions& options);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ROBUSTNESS_HOP_SKIP_JUMP_H_
