// Resolving the COLUMN_LIST parameters by which analyzers choose features.
#ifndef GLASSBOX_PLUGINS_DATA_EXPLORER_FEATURE_COLUMNS_H_
#define GLASSBOX_PLUGINS_DATA_EXPLORER_FEATURE_COLUMNS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "glassbox/sdk/params.h"

namespace glassbox::plugins {

// The columns listed in `parameter`, or all of `feature_columns` when the
// list is empty.
std::vector<std::string> FeaturesOrAll(const sdk::Params& params, std::string_view parameter,
                                       const std::vector<std::string>& feature_columns);

// INVALID_ARGUMENT naming `parameter` unless every name in `columns` is one
// of `feature_columns` (the dataset's columns but the target and the
// prediction and probability columns).
absl::Status CheckFeatureColumns(std::string_view parameter, const std::vector<std::string>& columns,
                                 const std::vector<std::string>& feature_columns);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_DATA_EXPLORER_FEATURE_COLUMNS_H_
