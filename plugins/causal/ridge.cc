#include "ridge.h"

#include <cmath>

#include <Eigen/Cholesky>

namespace glassbox::plugins {
namespace {

// Below this share of its mean square, a predictor's variance is rounding
// error of a constant column.
constexpr double kConstantVariance = 1e-12;

}  // namespace

Eigen::VectorXd FitRidge(const Eigen::MatrixXd& moments, std::span<const int> predictors, int response,
                         const std::vector<bool>& standardized, double alpha) {
  const double count = moments(0, 0);
  const Eigen::Index p = static_cast<Eigen::Index>(predictors.size());
  auto mean = [&](int entry) { return moments(0, entry) / count; };
  auto centered = [&](int a, int b) { return moments(a, b) - count * mean(a) * mean(b); };

  Eigen::VectorXd scale = Eigen::VectorXd::Ones(p);
  for (Eigen::Index i = 0; i < p; ++i) {
    const int entry = predictors[i];
    if (!standardized[entry]) continue;
    const double variance = centered(entry, entry) / count;
    if (variance > kConstantVariance * moments(entry, entry) / count) scale[i] = std::sqrt(variance);
  }

  Eigen::MatrixXd gram(p, p);
  Eigen::VectorXd cross(p);
  for (Eigen::Index i = 0; i < p; ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) {
      gram(i, j) = centered(predictors[i], predictors[j]) / (scale[i] * scale[j]);
    }
    gram(i, i) += alpha;
    cross[i] = centered(predictors[i], response) / scale[i];
  }
  const Eigen::VectorXd weights = gram.selfadjointView<Eigen::Lower>().ldlt().solve(cross);

  Eigen::VectorXd coefficients = Eigen::VectorXd::Zero(moments.rows());
  double intercept = mean(response);
  for (Eigen::Index i = 0; i < p; ++i) {
    const double coefficient = weights[i] / scale[i];
    coefficients[predictors[i]] = coefficient;
    intercept -= coefficient * mean(predictors[i]);
  }
  coefficients[0] = intercept;
  return coefficients;
}

}  // namespace glassbox::plugins
