// Scoring large perturbed tables without building them whole: the rows are
// built and predicted slice by slice, and the run's cancellation is checked
// between slices.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_BATCH_PREDICT_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_BATCH_PREDICT_H_

#include <cstddef>
#include <functional>

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "glassbox/sdk/model.h"
#include "glassbox/sdk/table.h"
#include "progress.h"

namespace glassbox::plugins::explanations {

// The most rows one Predict call scores: a fraction of a second for a tree ensemble.
inline constexpr size_t kSliceRows = size_t{1} << 15;

using SliceBuilder = std::function<sdk::Table(size_t begin, size_t end)>;

// Predicts rows [0, num_rows) of a virtual table whose rows [begin, end) are
// `slice(begin, end)`: num_rows × Predict's columns. `progress` is updated
// (and cancellation checked) after each slice.
absl::StatusOr<Eigen::MatrixXd> PredictSlices(const sdk::Model& model, size_t num_rows, const SliceBuilder& slice,
                                              const Progress& progress);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_BATCH_PREDICT_H_
