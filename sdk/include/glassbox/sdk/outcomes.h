// The labels and predictions of a run, resolved once by the host so that
// every analyzer reads them the same way.
#ifndef GLASSBOX_SDK_OUTCOMES_H_
#define GLASSBOX_SDK_OUTCOMES_H_

#include <string>
#include <vector>

#include <Eigen/Core>

#include "glassbox/v1/task.pb.h"

namespace glassbox::sdk::inline v4 {

struct Outcomes {
  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;

  // Classification: the class labels, sorted bytewise (numerically when all
  // labels are numbers). y_true and y_pred hold indices into `classes`.
  // Regression: `classes` is empty and y_true / y_pred hold the values.
  std::vector<std::string> classes;
  // Binary classification: index of the positive class in `classes`.
  int positive_class = -1;

  Eigen::VectorXd y_true;
  Eigen::VectorXd y_pred;
  // Classification, when the run gave probabilities or a model: rows × classes.
  // Empty (0 columns) otherwise.
  Eigen::MatrixXd probabilities;

  bool is_classification() const { return task != glassbox::v1::REGRESSION; }
  bool has_probabilities() const { return probabilities.cols() > 0; }
  size_t num_rows() const { return static_cast<size_t>(y_true.size()); }
  // Binary: the probability of the positive class for each row.
  Eigen::VectorXd PositiveScores() const { return probabilities.col(positive_class); }
};

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_OUTCOMES_H_
