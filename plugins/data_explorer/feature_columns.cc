#include "feature_columns.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace glassbox::plugins {

std::vector<std::string> FeaturesOrAll(const sdk::Params& params, std::string_view parameter,
                                       const std::vector<std::string>& feature_columns) {
  std::vector<std::string> listed = params.GetStringList(parameter);
  return listed.empty() ? feature_columns : listed;
}

absl::Status CheckFeatureColumns(std::string_view parameter, const std::vector<std::string>& columns,
                                 const std::vector<std::string>& feature_columns) {
  for (const auto& column : columns) {
    if (std::find(feature_columns.begin(), feature_columns.end(), column) == feature_columns.end()) {
      return absl::InvalidArgumentError(absl::StrCat("parameter '", std::string(parameter), "': '", column,
                                                     "' is not a feature column of the dataset; choose among ",
                                                     absl::StrJoin(feature_columns, ", ")));
    }
  }
  return absl::OkStatus();
}

}  // namespace glassbox::plugins
