#include "row_errors.h"

#include <cmath>

namespace glassbox::plugins {

std::vector<double> ComputeRowErrors(const sdk::Outcomes& outcomes, std::span<const size_t> rows) {
  std::vector<double> errors(rows.size());
  const bool classification = outcomes.is_classification();
  for (size_t i = 0; i < rows.size(); ++i) {
    double y_true = outcomes.y_true[rows[i]];
    double y_pred = outcomes.y_pred[rows[i]];
    errors[i] = classification ? static_cast<double>(y_pred != y_true) : std::fabs(y_pred - y_true);
  }
  return errors;
}

std::string ErrorMetricName(const sdk::Outcomes& outcomes) {
  return outcomes.is_classification() ? kErrorRate : kMeanAbsoluteError;
}

}  // namespace glassbox::plugins
