// The coalitions SHAP's KernelExplainer (shap 0.41, KernelExplainer.explain)
// evaluates for M players, and their weights under the Shapley kernel.
//
// With nsamples 0 ("auto") it takes 2M + 2048 coalitions, at most 2^M - 2
// (every coalition but the empty and the full one). Subset sizes s and M - s
// are paired; a pair's share of the kernel weight is proportional to
// (M - 1) / (s (M - s)). Sizes are enumerated completely, smallest pair
// first, while the remaining budget covers every subset of the pair at its
// share; the rest of the budget is drawn at random (a size by its share, then
// a uniform subset of that size, with its complement for a paired size), a
// coalition drawn again adding 1 to its weight, and the drawn weights scaled
// to the kernel weight the enumerated sizes left.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_KERNEL_COALITIONS_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_KERNEL_COALITIONS_H_

#include <Eigen/Core>

#include "random.h"

namespace glassbox::plugins::explanations {

struct Coalitions {
  // coalitions × players: 1 where the player joins the coalition.
  Eigen::MatrixXd masks;
  // Per coalition; they add up to 1.
  Eigen::VectorXd weights;
};

// SHAP's nsamples for M players: 0 means 2M + 2048; capped at 2^M - 2.
long long CoalitionBudget(int players, long long nsamples);

// `players` >= 2.
Coalitions ChooseCoalitions(int players, long long nsamples, Rng& rng);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_KERNEL_COALITIONS_H_
