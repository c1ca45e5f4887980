#include "cross_fit.h"

#include <algorithm>
#include <span>

#include "absl/strings/str_cat.h"
#include "ridge.h"

namespace glassbox::plugins {
namespace {

// Rows per block of z vectors: a block of ~100 entries stays in cache.
constexpr size_t kBlockRows = 512;

// Calls `visit(positions, block)` for consecutive blocks of `positions`, with
// `block` holding their z vectors as columns.
template <typename Visit>
void ForEachBlock(const Design& design, std::span<const size_t> positions, Eigen::MatrixXd& block, Visit visit) {
  for (size_t begin = 0; begin < positions.size(); begin += kBlockRows) {
    const auto chunk = positions.subspan(begin, std::min(kBlockRows, positions.size() - begin));
    auto z = block.leftCols(static_cast<Eigen::Index>(chunk.size()));
    design.Fill(chunk, z);
    visit(chunk, z);
  }
}

absl::Status CheckCancelled(const CrossFitHooks& hooks) {
  if (hooks.cancelled && hooks.cancelled()) return absl::CancelledError("causal analysis cancelled");
  return absl::OkStatus();
}

void Report(const CrossFitHooks& hooks, double fraction, const std::string& message) {
  if (hooks.progress) hooks.progress(fraction, message);
}

// The residuals, and each model's sum of squared deviations of its response from the mean.
struct Residuals {
  Eigen::MatrixXd residuals;
  Eigen::VectorXd deviations;
};

absl::StatusOr<Residuals> RidgeResiduals(const Design& design, const std::vector<std::vector<size_t>>& folds,
                                         const std::vector<NuisanceModel>& models, double alpha,
                                         const CrossFitHooks& hooks) {
  const Eigen::Index entries = design.num_entries();
  const double num_folds = static_cast<double>(folds.size());
  Eigen::MatrixXd block(entries, static_cast<Eigen::Index>(kBlockRows));

  std::vector<Eigen::MatrixXd> fold_moments;
  Eigen::MatrixXd total = Eigen::MatrixXd::Zero(entries, entries);
  for (size_t k = 0; k < folds.size(); ++k) {
    if (absl::Status status = CheckCancelled(hooks); !status.ok()) return status;
    Eigen::MatrixXd moments = Eigen::MatrixXd::Zero(entries, entries);
    ForEachBlock(design, folds[k], block, [&](std::span<const size_t>, const auto& z) {
      moments.selfadjointView<Eigen::Lower>().rankUpdate(z);
    });
    moments.triangularView<Eigen::StrictlyUpper>() = moments.transpose();
    total += moments;
    fold_moments.push_back(std::move(moments));
    Report(hooks, (k + 1) / (2 * num_folds), absl::StrCat("fold ", k + 1, " of ", folds.size(), " summed"));
  }

  const Eigen::Index num_models = static_cast<Eigen::Index>(models.size());
  Residuals result{Eigen::MatrixXd(static_cast<Eigen::Index>(design.num_rows()), num_models),
                   Eigen::VectorXd(num_models)};
  // Column m maps z to model m's residual: z[response] - prediction.
  Eigen::MatrixXd residual_map(entries, num_models);
  for (size_t k = 0; k < folds.size(); ++k) {
    if (absl::Status status = CheckCancelled(hooks); !status.ok()) return status;
    const Eigen::MatrixXd training = total - fold_moments[k];
    for (Eigen::Index m = 0; m < num_models; ++m) {
      const NuisanceModel& model = models[m];
      residual_map.col(m) = -FitRidge(training, model.predictors, model.response, design.numeric(), alpha);
      residual_map(model.response, m) += 1;
    }
    ForEachBlock(design, folds[k], block, [&](std::span<const size_t> positions, const auto& z) {
      const Eigen::MatrixXd residuals = z.transpose() * residual_map;
      for (size_t i = 0; i < positions.size(); ++i) {
        result.residuals.row(static_cast<Eigen::Index>(positions[i])) = residuals.row(static_cast<Eigen::Index>(i));
      }
    });
    Report(hooks, 0.5 + (k + 1) / (2 * num_folds), absl::StrCat("fold ", k + 1, " of ", folds.size(), " fitted"));
  }
  const double count = total(0, 0);
  for (Eigen::Index m = 0; m < num_models; ++m) {
    const int response = models[m].response;
    result.deviations[m] = total(response, response) - total(0, response) * total(0, response) / count;
  }
  return result;
}

absl::StatusOr<Residuals> BoostedTreesResiduals(const Design& design, const std::vector<std::vector<size_t>>& folds,
                                                const std::vector<NuisanceModel>& models,
                                                const BoostingOptions& options, const CrossFitHooks& hooks) {
  const Eigen::Index n = static_cast<Eigen::Index>(design.num_rows());
  Eigen::MatrixXd z(design.num_entries(), n);
  std::vector<size_t> all(static_cast<size_t>(n));
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  design.Fill(all, z);

  const Eigen::Index num_models = static_cast<Eigen::Index>(models.size());
  Residuals result{Eigen::MatrixXd(n, num_models), Eigen::VectorXd(num_models)};
  std::vector<bool> in_fold(all.size());
  for (size_t k = 0; k < folds.size(); ++k) {
    std::fill(in_fold.begin(), in_fold.end(), false);
    for (size_t position : folds[k]) in_fold[position] = true;
    std::vector<Eigen::Index> training;
    for (size_t i = 0; i < all.size(); ++i) {
      if (!in_fold[i]) training.push_back(static_cast<Eigen::Index>(i));
    }
    const std::vector<Eigen::Index> held_out(folds[k].begin(), folds[k].end());
    for (Eigen::Index m = 0; m < num_models; ++m) {
      if (absl::Status status = CheckCancelled(hooks); !status.ok()) return status;
      const NuisanceModel& model = models[m];
      const BoostedTrees trees =
          BoostedTrees::Fit(z(model.predictors, training), z(model.response, training).transpose(), options);
      const Eigen::VectorXd predictions = trees.Predict(z(model.predictors, held_out));
      for (size_t i = 0; i < held_out.size(); ++i) {
        result.residuals(held_out[i], m) = z(model.response, held_out[i]) - predictions[static_cast<Eigen::Index>(i)];
      }
      Report(hooks, (k * num_models + m + 1) / static_cast<double>(folds.size() * num_models),
             absl::StrCat("fold ", k + 1, " of ", folds.size(), ": model ", m + 1, " of ", num_models, " fitted"));
    }
  }
  for (Eigen::Index m = 0; m < num_models; ++m) {
    const auto response = z.row(models[m].response);
    result.deviations[m] = (response.array() - response.mean()).square().sum();
  }
  return result;
}

}  // namespace

absl::StatusOr<CrossFitResult> CrossFit(const Design& design, const std::vector<std::vector<size_t>>& folds,
                                        const std::vector<NuisanceModel>& models, const NuisanceOptions& options,
                                        const CrossFitHooks& hooks) {
  absl::StatusOr<Residuals> residuals = options.learner == NuisanceOptions::Learner::kRidge
                                            ? RidgeResiduals(design, folds, models, options.ridge_alpha, hooks)
                                            : BoostedTreesResiduals(design, folds, models, options.boosting, hooks);
  if (!residuals.ok()) return residuals.status();
  CrossFitResult result;
  result.residuals = std::move(residuals->residuals);
  for (Eigen::Index m = 0; m < result.residuals.cols(); ++m) {
    result.r2.push_back(1 - result.residuals.col(m).squaredNorm() / residuals->deviations[m]);
  }
  return result;
}

}  // namespace glassbox::plugins
