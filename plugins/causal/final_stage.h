// The final stage of LinearDML: least squares of the outcome residuals on the
// treatment residuals (times the CATE features), without intercept, with
// HC0 heteroskedasticity-robust covariance, as EconML's
// StatsModelsLinearRegression(fit_intercept=False) with its default
// cov_type="HC0"; inference by the normal approximation, as EconML's
// NormalInferenceResults.
#ifndef GLASSBOX_PLUGINS_CAUSAL_FINAL_STAGE_H_
#define GLASSBOX_PLUGINS_CAUSAL_FINAL_STAGE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <Eigen/Core>

namespace glassbox::plugins {

struct LinearFit {
  Eigen::VectorXd coefficients;
  // HC0 (White): (R'R)^+ R' diag(e_i^2) R (R'R)^+, e the residuals, ^+ the
  // pseudo-inverse as EconML takes it.
  Eigen::MatrixXd covariance;
};

// Fits `response` ≈ `regressors` · b (no intercept).
LinearFit FitHc0(const Eigen::MatrixXd& regressors, const Eigen::VectorXd& response);

struct Inference {
  double point = 0;
  double standard_error = 0;
  double z = 0;
  // Two-sided, 2 (1 - Phi(|z|)).
  double p_value = 0;
  // point -/+ Phi^-1(1 - alpha / 2) standard_error.
  double ci_lower = 0;
  double ci_upper = 0;
};

Inference NormalInference(double point, double standard_error, double alpha);

// The constant marginal effect: LinearDML with X = None, i.e. FitHc0 of the
// outcome residuals on the treatment residuals alone.
Inference AverageEffect(const Eigen::VectorXd& outcome_residuals, const Eigen::VectorXd& treatment_residuals,
                        double alpha);

// One effect per group: LinearDML with X = the one-hot of `group_of_row` (in
// [0, num_groups)) and no CATE intercept, i.e. FitHc0 on the regressors
// 1[group = g] · treatment residual. Groups with fewer than `min_rows` rows
// are left out of the fit and get no estimate.
std::vector<std::optional<Inference>> GroupEffects(const Eigen::VectorXd& outcome_residuals,
                                                   const Eigen::VectorXd& treatment_residuals,
                                                   std::span<const int32_t> group_of_row, int num_groups,
                                                   int64_t min_rows, double alpha);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_CAUSAL_FINAL_STAGE_H_
