#include "final_stage.h"

#include <cmath>

#include <Eigen/QR>
#include <boost/math/distributions/normal.hpp>

namespace glassbox::plugins {

LinearFit FitHc0(const Eigen::MatrixXd& regressors, const Eigen::VectorXd& response) {
  const Eigen::MatrixXd inverse =
      Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(regressors.transpose() * regressors).pseudoInverse();
  LinearFit fit;
  fit.coefficients = inverse * (regressors.transpose() * response);
  const Eigen::VectorXd squared_errors = (response - regressors * fit.coefficients).array().square();
  const Eigen::MatrixXd meat = regressors.transpose() * squared_errors.asDiagonal() * regressors;
  fit.covariance = inverse * meat * inverse;
  return fit;
}

Inference NormalInference(double point, double standard_error, double alpha) {
  const double critical = boost::math::quantile(boost::math::normal(), 1 - alpha / 2);
  Inference result;
  result.point = point;
  result.standard_error = standard_error;
  result.z = point / standard_error;
  result.p_value = std::erfc(std::abs(result.z) / std::sqrt(2.0));
  result.ci_lower = point - critical * standard_error;
  result.ci_upper = point + critical * standard_error;
  return result;
}

Inference AverageEffect(const Eigen::VectorXd& outcome_residuals, const Eigen::VectorXd& treatment_residuals,
                        double alpha) {
  const LinearFit fit = FitHc0(treatment_residuals, outcome_residuals);
  return NormalInference(fit.coefficients[0], std::sqrt(fit.covariance(0, 0)), alpha);
}

std::vector<std::optional<Inference>> GroupEffects(const Eigen::VectorXd& outcome_residuals,
                                                   const Eigen::VectorXd& treatment_residuals,
                                                   std::span<const int32_t> group_of_row, int num_groups,
                                                   int64_t min_rows, double alpha) {
  std::vector<int64_t> rows_of_group(num_groups, 0);
  for (int32_t group : group_of_row) ++rows_of_group[group];
  std::vector<int> regressor_of_group(num_groups, -1);
  int num_regressors = 0;
  for (int g = 0; g < num_groups; ++g) {
    if (rows_of_group[g] >= min_rows) regressor_of_group[g] = num_regressors++;
  }

  Eigen::MatrixXd regressors = Eigen::MatrixXd::Zero(treatment_residuals.size(), num_regressors);
  for (Eigen::Index i = 0; i < treatment_residuals.size(); ++i) {
    const int regressor = regressor_of_group[group_of_row[i]];
    if (regressor >= 0) regressors(i, regressor) = treatment_residuals[i];
  }
  const LinearFit fit = FitHc0(regressors, outcome_residuals);

  std::vector<std::optional<Inference>> effects(num_groups);
  for (int g = 0; g < num_groups; ++g) {
    const int r = regressor_of_group[g];
    if (r >= 0) effects[g] = NormalInference(fit.coefficients[r], std::sqrt(fit.covariance(r, r)), alpha);
  }
  return effects;
}

}  // namespace glassbox::plugins
