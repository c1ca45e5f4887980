#include "cross_fit.h"

#include <algorithm>
#include <atomic>
#include <span>
#include <thread>

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

// The design's features that some model reads, binned: `binned_of[feature]`
// lists the binned features of each design feature (none when unread).
BinnedFeatures BinPredictors(const Design& design, const std::vector<NuisanceModel>& models,
                             std::vector<std::vector<size_t>>& binned_of) {
  BinnedFeatures binned(design.num_rows());
  const std::vector<Design::Feature>& features = design.features();
  binned_of.assign(features.size(), {});
  for (size_t f = 0; f < features.size(); ++f) {
    const Design::Feature& feature = features[f];
    const bool read = std::any_of(models.begin(), models.end(), [&](const NuisanceModel& model) {
      return std::find(model.predictors.begin(), model.predictors.end(), feature.first) != model.predictors.end();
    });
    if (!read) continue;
    const size_t before = binned.num_features();
    if (feature.column->is_numeric()) {
      const Eigen::VectorXf values = design.EntryValues(feature.first).cast<float>();
      binned.AddNumeric({values.data(), static_cast<size_t>(values.size())});
    } else {
      std::vector<int32_t> codes(design.num_rows());
      for (size_t i = 0; i < codes.size(); ++i) codes[i] = feature.column->codes()[design.row(i)];
      binned.AddCategorical(codes, static_cast<uint32_t>(feature.width));
    }
    for (size_t b = before; b < binned.num_features(); ++b) binned_of[f].push_back(b);
  }
  return binned;
}

absl::StatusOr<Residuals> BoostedTreesResiduals(const Design& design, const std::vector<std::vector<size_t>>& folds,
                                                const std::vector<NuisanceModel>& models,
                                                const BoostingOptions& options, const CrossFitHooks& hooks) {
  const size_t n = design.num_rows();
  std::vector<std::vector<size_t>> binned_of;
  const BinnedFeatures binned = BinPredictors(design, models, binned_of);
  // Per model: its binned features in the order of its predictors, and its response.
  std::vector<std::vector<size_t>> uses;
  std::vector<Eigen::VectorXd> responses;
  for (const NuisanceModel& model : models) {
    std::vector<size_t>& use = uses.emplace_back();
    for (int entry : model.predictors) {
      for (size_t f = 0; f < design.features().size(); ++f) {
        if (design.features()[f].first == entry) use.insert(use.end(), binned_of[f].begin(), binned_of[f].end());
      }
    }
    responses.push_back(design.EntryValues(model.response));
  }

  const Eigen::Index num_models = static_cast<Eigen::Index>(models.size());
  Residuals result{Eigen::MatrixXd(static_cast<Eigen::Index>(n), num_models), Eigen::VectorXd(num_models)};
  // Each fit (fold k, model m) writes only its held-out rows' residuals of model m.
  const auto fit = [&](size_t task) {
    const size_t k = task / static_cast<size_t>(num_models);
    const Eigen::Index m = static_cast<Eigen::Index>(task % static_cast<size_t>(num_models));
    std::vector<bool> in_fold(n);
    for (size_t position : folds[k]) in_fold[position] = true;
    std::vector<uint32_t> training;
    for (size_t i = 0; i < n; ++i) {
      if (!in_fold[i]) training.push_back(static_cast<uint32_t>(i));
    }
    const std::vector<uint32_t> held_out(folds[k].begin(), folds[k].end());
    const Eigen::VectorXd& response = responses[m];
    Eigen::VectorXd y(static_cast<Eigen::Index>(training.size()));
    for (size_t i = 0; i < training.size(); ++i) y[static_cast<Eigen::Index>(i)] = response[training[i]];
    const BoostedTrees trees = BoostedTrees::Fit(binned, uses[m], training, y, options);
    const Eigen::VectorXd predictions = trees.Predict(binned, held_out);
    for (size_t i = 0; i < held_out.size(); ++i) {
      result.residuals(held_out[i], m) = response[held_out[i]] - predictions[static_cast<Eigen::Index>(i)];
    }
  };
  // The fits share the cores; this thread reports progress and checks for
  // cancellation between its fits, and the others stop when it sees one.
  const size_t num_tasks = folds.size() * static_cast<size_t>(num_models);
  std::atomic<size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  const auto work = [&] {
    for (size_t task; !stop.load() && (task = next.fetch_add(1)) < num_tasks;) {
      fit(task);
      done.fetch_add(1);
    }
  };
  const size_t num_threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, num_tasks);
  std::vector<std::thread> threads;
  for (size_t t = 1; t < num_threads; ++t) threads.emplace_back(work);
  const auto report = [&](size_t fitted) {
    Report(hooks, static_cast<double>(fitted) / static_cast<double>(num_tasks),
           absl::StrCat(fitted, " of ", num_tasks, " nuisance models fitted"));
  };
  absl::Status status = absl::OkStatus();
  size_t reported = 0;
  for (size_t task; (status = CheckCancelled(hooks)).ok() && (task = next.fetch_add(1)) < num_tasks;) {
    fit(task);
    report(reported = done.fetch_add(1) + 1);
  }
  stop.store(true);
  for (std::thread& thread : threads) thread.join();
  if (!status.ok()) return status;
  if (reported < num_tasks) report(num_tasks);
  for (Eigen::Index m = 0; m < num_models; ++m) {
    result.deviations[m] = (responses[m].array() - responses[m].mean()).square().sum();
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
