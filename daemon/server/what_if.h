// Scores one row with a model: a dataset's row, feature values given by the
// caller, or a dataset row with some values changed.
#ifndef GLASSBOX_DAEMON_SERVER_WHAT_IF_H_
#define GLASSBOX_DAEMON_SERVER_WHAT_IF_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "daemon/server/model_registry.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/model.pb.h"

namespace glassbox::server {

// The one-row table of the model's features. `base` (may be nullptr) gives
// the row `row_index`; `values` override it or, without a base, give every
// feature. Categorical values must be among the model's categories.
absl::StatusOr<sdk::Table> WhatIfRow(const glassbox::v1::ModelVersion& model, const sdk::Table* base, int64_t row_index,
                                     const std::map<std::string, std::string>& values);

absl::StatusOr<glassbox::v1::WhatIfResponse> ScoreRow(const LoadedModel& model, const sdk::Table& row);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_WHAT_IF_H_
