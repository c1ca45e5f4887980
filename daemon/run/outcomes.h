// Resolves a run's labels and predictions from the columns of its table.
// Refuses, naming the field: a missing column, missing labels, a
// classification target with one class, a binary task with more than two
// classes, an unknown positive class, probabilities outside [0, 1],
// probability columns that do not fit the task (one column is the positive
// class of a binary task; otherwise one per class). A binary task's single
// probability column that contradicts the predicted labels on most rows is
// FAILED_PRECONDITION: it holds the other class's probability.
#ifndef GLASSBOX_DAEMON_RUN_OUTCOMES_H_
#define GLASSBOX_DAEMON_RUN_OUTCOMES_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/sdk/outcomes.h"
#include "glassbox/sdk/table.h"

namespace glassbox::run {

struct OutcomeColumns {
  std::string target;
  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;
  std::string prediction;
  std::vector<std::string> probabilities;
  std::string positive_class;
  // Labels a model may predict beyond those in the data (its classes).
  std::vector<std::string> extra_classes;
};

// The distinct labels `column` holds, missing cells left out.
std::set<std::string> DistinctLabels(const sdk::Column& column);

// The class labels of a classification target, sorted numerically when all
// are numbers, else bytewise.
absl::StatusOr<std::vector<std::string>> ClassLabels(const sdk::Table& table, const OutcomeColumns& columns);

absl::StatusOr<sdk::Outcomes> ResolveOutcomes(const sdk::Table& table, const OutcomeColumns& columns);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_OUTCOMES_H_
