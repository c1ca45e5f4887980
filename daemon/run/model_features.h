// Whether a dataset can feed a registered model: a run scores rows by the
// model's feature names, so every one must be a column of the table. Columns
// the model does not read are allowed (they may be the target, predictions or
// sensitive features) and are listed in the refusal to help spot a renamed
// column.
#ifndef GLASSBOX_DAEMON_RUN_MODEL_FEATURES_H_
#define GLASSBOX_DAEMON_RUN_MODEL_FEATURES_H_

#include "absl/status/status.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/model.pb.h"
#include "glassbox/v1/run.pb.h"

namespace glassbox::run {

// OK when `table` (the dataset of `spec`) has a column for each of
// `version`'s features; otherwise INVALID_ARGUMENT naming the dataset, the
// model and its version, the missing features and the columns the model does
// not use besides the target.
absl::Status CheckTableHasModelFeatures(const glassbox::v1::ModelVersion& version, const sdk::Table& table,
                                        const glassbox::v1::RunSpec& spec);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_MODEL_FEATURES_H_
