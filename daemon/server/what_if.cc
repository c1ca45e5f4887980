#include "daemon/server/what_if.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace glassbox::server {
namespace {

absl::StatusOr<std::shared_ptr<const sdk::Column>> ValueColumn(const glassbox::v1::ModelVersion& model,
                                                               const std::string& feature, const std::string& value) {
  auto categories = model.categories().find(feature);
  if (categories != model.categories().end()) {
    const auto& allowed = categories->second.values();
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      return absl::InvalidArgumentError(absl::StrCat("values['", feature, "']: '", value, "' is not a category the model knows (",
                                                     absl::StrJoin(allowed, ", "), ")"));
    }
    return sdk::Column::Categorical(feature, {value}, {0});
  }
  double number = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
    return absl::InvalidArgumentError(absl::StrCat("values['", feature, "']: '", value, "' is not a number"));
  }
  return sdk::Column::Numeric(feature, {number});
}

}  // namespace

absl::StatusOr<sdk::Table> WhatIfRow(const glassbox::v1::ModelVersion& model, const sdk::Table* base, int64_t row_index,
                                     const std::map<std::string, std::string>& values) {
  const auto& features = model.feature_names();
  for (const auto& [feature, value] : values) {
    if (std::find(features.begin(), features.end(), feature) == features.end()) {
      return absl::InvalidArgumentError(absl::StrCat("values: '", feature, "' is not a feature of model '", model.name(),
                                                     "' (features: ", absl::StrJoin(features, ", "), ")"));
    }
  }
  sdk::Table row;
  std::vector<std::string> missing;
  for (const auto& feature : features) {
    std::shared_ptr<const sdk::Column> column;
    if (auto given = values.find(feature); given != values.end()) {
      auto made = ValueColumn(model, feature, given->second);
      if (!made.ok()) return made.status();
      column = *std::move(made);
    } else if (base != nullptr && base->Find(feature) != nullptr) {
      size_t index = static_cast<size_t>(row_index);
      column = base->SelectRows(std::span<const size_t>(&index, 1)).shared_column(base->IndexOf(feature));
    } else {
      missing.push_back(feature);
      continue;
    }
    if (auto status = row.AddColumn(std::move(column)); !status.ok()) return status;
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("values: give every feature of the model, or a dataset row; missing: ",
                                                   absl::StrJoin(missing, ", ")));
  }
  return row;
}

absl::StatusOr<glassbox::v1::WhatIfResponse> ScoreRow(const LoadedModel& model, const sdk::Table& row) {
  auto scores = model.model->Predict(row);
  if (!scores.ok()) return scores.status();
  glassbox::v1::WhatIfResponse response;
  *response.mutable_model() = model.version;
  for (size_t j = 0; j < row.num_columns(); ++j) (*response.mutable_row())[row.column(j).name()] = row.column(j).ValueAsString(0);
  const auto& info = model.model->info();
  if (info.task == glassbox::v1::REGRESSION) {
    response.set_predicted_value((*scores)(0, 0));
  } else {
    Eigen::Index best = 0;
    scores->row(0).maxCoeff(&best);
    response.set_predicted_class(info.classes[best]);
    for (size_t k = 0; k < info.classes.size(); ++k) {
      response.add_classes(info.classes[k]);
      response.add_probabilities((*scores)(0, static_cast<Eigen::Index>(k)));
    }
  }
  auto contributions = model.model->Contributions(row);
  if (contributions.ok() && contributions->cols() == static_cast<Eigen::Index>(info.feature_names.size() + 1)) {
    for (size_t j = 0; j < info.feature_names.size(); ++j) {
      auto* contribution = response.add_contributions();
      contribution->set_feature(info.feature_names[j]);
      contribution->set_value(response.row().at(info.feature_names[j]));
      contribution->set_contribution((*contributions)(0, static_cast<Eigen::Index>(j)));
    }
    response.set_bias((*contributions)(0, static_cast<Eigen::Index>(info.feature_names.size())));
  } else if (!contributions.ok() && contributions.status().code() != absl::StatusCode::kUnimplemented) {
    return contributions.status();
  }
  return response;
}

}  // namespace glassbox::server
