#include "daemon/run/model_features.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace glassbox::run {

absl::Status CheckTableHasModelFeatures(const glassbox::v1::ModelVersion& version, const sdk::Table& table,
                                        const glassbox::v1::RunSpec& spec) {
  const auto& features = version.feature_names();
  std::vector<std::string> missing;
  for (const auto& feature : features) {
    if (table.Find(feature) == nullptr) missing.push_back(feature);
  }
  if (missing.empty()) return absl::OkStatus();
  std::vector<std::string> unused;
  for (const auto& column : table.ColumnNames()) {
    if (column != spec.target_column() && std::find(features.begin(), features.end(), column) == features.end()) {
      unused.push_back(column);
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "model: dataset '", spec.dataset_id(), "' lacks features model '", version.name(), "' version ",
      version.version(), " needs: ", absl::StrJoin(missing, ", "),
      "; columns the model does not use: ", unused.empty() ? "none" : absl::StrJoin(unused, ", ")));
}

}  // namespace glassbox::run
