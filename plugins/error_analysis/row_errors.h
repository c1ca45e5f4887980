// The per-row error the surrogate tree and the heat map explain.
#ifndef GLASSBOX_PLUGINS_ERROR_ANALYSIS_ROW_ERRORS_H_
#define GLASSBOX_PLUGINS_ERROR_ANALYSIS_ROW_ERRORS_H_

#include <span>
#include <string>
#include <vector>

#include "glassbox/sdk/outcomes.h"

namespace glassbox::plugins {

// For each of `rows`: 1 when a classification is wrong (y_pred != y_true),
// else 0; for regression |y_pred - y_true|.
std::vector<double> ComputeRowErrors(const sdk::Outcomes& outcomes, std::span<const size_t> rows);

inline constexpr char kErrorRate[] = "error rate";
inline constexpr char kMeanAbsoluteError[] = "mean absolute error";

// What the mean of those errors is called: kErrorRate or kMeanAbsoluteError.
std::string ErrorMetricName(const sdk::Outcomes& outcomes);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ERROR_ANALYSIS_ROW_ERRORS_H_
