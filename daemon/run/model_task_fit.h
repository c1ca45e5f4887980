// Whether a model can serve a run: a model answers only for the task it was
// trained for (a regression model regression runs, a binary classifier binary
// runs, a multiclass classifier multiclass runs), and a classifier's K classes
// are the K distinct labels of the run's target. Anything else would be
// measured silently wrong: a binary model's P(first class) read as a
// regression value, a class the data never holds averaged in as a zero.
#ifndef GLASSBOX_DAEMON_RUN_MODEL_TASK_FIT_H_
#define GLASSBOX_DAEMON_RUN_MODEL_TASK_FIT_H_

#include <string>

#include "absl/status/status.h"
#include "glassbox/sdk/model.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/task.pb.h"

namespace glassbox::run {

// OK when `model` fits a run of `task` on `table`'s `target_column`;
// otherwise FAILED_PRECONDITION naming `model_name` (empty: "the model"), the
// model's objective and classes, the run's task and, for a class count that
// differs, the target's distinct labels. A task that is not a TaskType and a
// target that is not a column pass: ResolveOutcomes refuses them naming the
// field.
absl::Status CheckModelFitsTask(const sdk::ModelInfo& model, const std::string& model_name,
                                glassbox::v1::TaskType task, const sdk::Table& table,
                                const std::string& target_column);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_MODEL_TASK_FIT_H_
