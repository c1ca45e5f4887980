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

bool Cancelled(const CrossFitHooks& hooks) { return hooks.cancelled && hooks.cancelled(); }

void Report(const CrossFitHooks& hooks, double fraction, const std::string& message) {
  if (hooks.progress) hooks.progress(fraction, message);
}

}  // namespace

absl::StatusOr<CrossFitResult> CrossFit(const Design& design, const std::vector<std::vector<size_t>>& folds,
                                        const std::vector<NuisanceModel>& models, double alpha,
                                        const CrossFitHooks& hooks) {
  const Eigen::Index entries = design.num_entries();
  const double num_folds = static_cast<double>(folds.size());
  Eigen::MatrixXd block(entries, static_cast<Eigen::Index>(kBlockRows));

  std::vector<Eigen::MatrixXd> fold_moments;
  Eigen::MatrixXd total = Eigen::MatrixXd::Zero(entries, entries);
  for (size_t k = 0; k < folds.size(); ++k) {
    if (Cancelled(hooks)) return absl::CancelledError("causal analysis cancelled");
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
  CrossFitResult result;
  result.residuals.resize(static_cast<Eigen::Index>(design.num_rows()), num_models);
  // Column m maps z to model m's residual: z[response] - prediction.
  Eigen::MatrixXd residual_map(entries, num_models);
  for (size_t k = 0; k < folds.size(); ++k) {
    if (Cancelled(hooks)) return absl::CancelledError("causal analysis cancelled");
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
    const double deviations = total(response, response) - total(0, response) * total(0, response) / count;
    result.r2.push_back(1 - result.residuals.col(m).squaredNorm() / deviations);
  }
  return result;
}

}  // namespace glassbox::plugins
