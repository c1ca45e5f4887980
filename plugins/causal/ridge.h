// Ridge regression from sufficient statistics, as scikit-learn's
// make_pipeline(ColumnTransformer([StandardScaler() on the numeric columns,
// OneHotEncoder(handle_unknown="ignore", sparse_output=False) on the
// categorical ones]), Ridge(alpha)) fits it: with an unpenalized intercept,
// numeric predictors standardized by their mean and population standard
// deviation over the training rows (a constant one left unscaled, as
// StandardScaler does), one-hot predictors as they are; solved exactly (the
// dense pipeline's Cholesky solver; on a sparse one-hot matrix Ridge would
// iterate with sparse_cg to tol 1e-4 instead).
#ifndef GLASSBOX_PLUGINS_CAUSAL_RIDGE_H_
#define GLASSBOX_PLUGINS_CAUSAL_RIDGE_H_

#include <span>
#include <vector>

#include <Eigen/Core>

namespace glassbox::plugins {

// `moments` = sum over the training rows of z z^T, for vectors z whose entry
// 0 is the constant 1 (see design.h). Fits entry `response` on the entries
// `predictors` (`standardized` tells which ones to scale) with penalty
// `alpha` > 0 and returns the coefficients over all entries, entry 0 the
// intercept and 0 for the entries not used: the prediction for z is c · z.
Eigen::VectorXd FitRidge(const Eigen::MatrixXd& moments, std::span<const int> predictors, int response,
                         const std::vector<bool>& standardized, double alpha);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_CAUSAL_RIDGE_H_
