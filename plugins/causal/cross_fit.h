// Cross-fitting of nuisance models, as in double machine learning: the rows
// are split into folds; for each fold the models are fitted on the other
// folds' rows and predict its rows, so that every row's residual comes from a
// model that never saw it. Ridge models (ridge.h) share two passes over the
// data: one that sums z z^T per fold, one that predicts. Boosted trees
// (boosted_trees.h) are grown on the training rows of each fold, over the
// predictors binned once for all folds (binned_features.h), the fits of
// every fold and model spread over the cores.
#ifndef GLASSBOX_PLUGINS_CAUSAL_CROSS_FIT_H_
#define GLASSBOX_PLUGINS_CAUSAL_CROSS_FIT_H_

#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "boosted_trees.h"
#include "design.h"

namespace glassbox::plugins {

// One nuisance model: design entry `response` regressed on entries `predictors`.
struct NuisanceModel {
  std::vector<int> predictors;
  int response;
};

struct NuisanceOptions {
  enum class Learner { kRidge, kBoostedTrees };
  Learner learner = Learner::kRidge;
  // Ridge penalty, > 0.
  double ridge_alpha = 1.0;
  BoostingOptions boosting;
};

struct CrossFitResult {
  // rows × models: the response minus its out-of-fold prediction.
  Eigen::MatrixXd residuals;
  // Per model, the out-of-fold R²: 1 - sum of squared residuals / sum of
  // squared deviations of the response from its mean.
  std::vector<double> r2;
};

// Hooks into the analysis: progress after each fold of each pass, and a
// cancellation check between folds (CANCELLED when it returns true).
struct CrossFitHooks {
  std::function<void(double fraction, const std::string& message)> progress;
  std::function<bool()> cancelled;
};

// `folds` partition 0..design.num_rows()-1 (see folds.h).
absl::StatusOr<CrossFitResult> CrossFit(const Design& design, const std::vector<std::vector<size_t>>& folds,
                                        const std::vector<NuisanceModel>& models, const NuisanceOptions& options,
                                        const CrossFitHooks& hooks = {});

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_CAUSAL_CROSS_FIT_H_
