#include "daemon/run/model_task_fit.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/run/outcomes.h"

namespace glassbox::run {
namespace {

constexpr size_t kLabelsShown = 10;

std::string ModelName(const std::string& name) {
  return name.empty() ? std::string("the model") : absl::StrCat("model '", name, "'");
}

std::string ObjectiveAndClasses(const sdk::ModelInfo& model) {
  return absl::StrCat("objective ", glassbox::v1::TaskType_Name(model.task), ", ",
                      model.classes.empty() ? std::string("no classes")
                                            : absl::StrCat(model.classes.size(), " classes: ",
                                                           absl::StrJoin(model.classes, ", ")));
}

std::string Shown(const std::set<std::string>& labels) {
  std::vector<std::string> shown;
  for (const auto& label : labels) {
    if (shown.size() == kLabelsShown) {
      shown.push_back("…");
      break;
    }
    shown.push_back(label);
  }
  return absl::StrJoin(shown, ", ");
}

}  // namespace

absl::Status CheckModelFitsTask(const sdk::ModelInfo& model, const std::string& model_name,
                                glassbox::v1::TaskType task, const sdk::Table& table,
                                const std::string& target_column) {
  if (task == glassbox::v1::TASK_TYPE_UNSPECIFIED || !glassbox::v1::TaskType_IsValid(task)) return absl::OkStatus();
  const std::string& run_task = glassbox::v1::TaskType_Name(task);
  if (model.task != task) {
    return absl::FailedPreconditionError(absl::StrCat(
        "task: ", run_task, ", but ", ModelName(model_name), " (", ObjectiveAndClasses(model),
        ") serves only ", glassbox::v1::TaskType_Name(model.task), " runs; set task to ",
        glassbox::v1::TaskType_Name(model.task), ", or reference a model trained for ", run_task));
  }
  const sdk::Column* target = table.Find(target_column);
  if (model.classes.empty() || target == nullptr) return absl::OkStatus();
  std::set<std::string> labels = DistinctLabels(*target);
  if (labels.size() == model.classes.size()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "target_column: '", target_column, "' holds ", labels.size(), " distinct values (", Shown(labels), "), but ",
      ModelName(model_name), " (", ObjectiveAndClasses(model), ") predicts ", model.classes.size(),
      ", and the run's task is ", run_task, "; score data that holds each of the model's classes, or reference a "
      "model trained on this target"));
}

}  // namespace glassbox::run
