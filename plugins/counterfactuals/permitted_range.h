// The "permitted_range" parameter, shared by the analyzers that move a row's
// features within user-given bounds (counterfactuals, robustness): a JSON
// object mapping a model feature to [low, high] (numeric) or to the list of
// its categories to allow, e.g.
//   {"age": [20, 60], "workclass": ["Private", "Self-emp-inc"]}
#ifndef GLASSBOX_PLUGINS_COUNTERFACTUALS_PERMITTED_RANGE_H_
#define GLASSBOX_PLUGINS_COUNTERFACTUALS_PERMITTED_RANGE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "feature_space.h"
#include "glassbox/sdk/context.h"

namespace glassbox::plugins {

inline constexpr char kPermittedRangeExample[] = R"({"age": [20, 60], "workclass": ["Private", "Self-emp-inc"]})";

// INVALID_ARGUMENT naming `parameter` and the fix.
absl::Status RefuseParameter(const std::string& parameter, const std::string& problem);

// INVALID_ARGUMENT naming `parameter` unless `name` is one of `model_features`.
absl::Status CheckModelFeature(const std::string& parameter, const std::string& name,
                               const std::vector<std::string>& model_features);

// Reads the parameter's JSON text (empty: no ranges); INVALID_ARGUMENT naming
// 'permitted_range' for text that does not parse, a name that is not a model
// feature or a column, a numeric range that is not [low, high] with
// low <= high, or a category not among the column's.
absl::StatusOr<std::map<std::string, PermittedRange>> ReadPermittedRange(const std::string& text,
                                                                         const std::vector<std::string>& model_features,
                                                                         const std::vector<sdk::ColumnInfo>& columns);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_COUNTERFACTUALS_PERMITTED_RANGE_H_
