// A model a plugin can query. Backends (prediction columns, XGBoost files,
// remote Open Inference Protocol servers, model-adapter plugins) all implement
// this; plugins never know which one serves them. Implementations are
// thread-safe: Predict may be called concurrently.
#ifndef GLASSBOX_SDK_MODEL_H_
#define GLASSBOX_SDK_MODEL_H_

#include <memory>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/task.pb.h"

namespace glassbox::sdk::inline v4 {

struct ModelInfo {
  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;
  // The columns the model reads, in its order.
  std::vector<std::string> feature_names;
  // Classification: class labels in the order of Predict's columns.
  std::vector<std::string> classes;
};

class Model {
 public:
  virtual ~Model() = default;

  virtual const ModelInfo& info() const = 0;

  // Scores every row of `rows`, whose columns are matched to the model's
  // features by name. Classification: rows × classes probabilities;
  // regression: rows × 1 predictions.
  virtual absl::StatusOr<Eigen::MatrixXd> Predict(const Table& rows) const = 0;

  // Exact per-feature contributions in the model's margin space:
  // rows × (features + 1), the last column the bias, each row summing to the
  // raw margin. For multiclass, one such block per class side by side.
  // Backends without them return UNIMPLEMENTED.
  virtual absl::StatusOr<Eigen::MatrixXd> Contributions(const Table& rows) const;

  // Predict of `rows` changed in one column, once per replacement: table v is
  // `rows` with its column named as replacements[v] replaced by it (same
  // length). replacements.size() blocks of rows × Predict's columns, stacked
  // top to bottom, each equal to Predict of its table. For backends that score
  // only what a changed column touches; the others return UNIMPLEMENTED and
  // callers use Predict.
  virtual absl::StatusOr<Eigen::MatrixXd> PredictReplacing(
      const Table& rows, std::span<const std::shared_ptr<const Column>> replacements) const;
};

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_MODEL_H_
