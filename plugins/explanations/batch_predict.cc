#include "batch_predict.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace glassbox::plugins::explanations {

absl::StatusOr<Eigen::MatrixXd> PredictSlices(const sdk::Model& model, size_t num_rows, const SliceBuilder& slice,
                                              const Progress& progress) {
  Eigen::MatrixXd out;
  for (size_t begin = 0; begin < num_rows; begin += kSliceRows) {
    const size_t end = std::min(num_rows, begin + kSliceRows);
    absl::StatusOr<Eigen::MatrixXd> scores = model.Predict(slice(begin, end));
    if (!scores.ok()) return absl::Status(scores.status().code(), absl::StrCat("model: ", scores.status().message()));
    if (scores->rows() != static_cast<Eigen::Index>(end - begin) || (begin > 0 && scores->cols() != out.cols())) {
      return absl::InternalError(absl::StrCat("model: returned ", scores->rows(), " x ", scores->cols(), " scores for ",
                                              end - begin, " rows"));
    }
    if (begin == 0) out.resize(static_cast<Eigen::Index>(num_rows), scores->cols());
    out.middleRows(static_cast<Eigen::Index>(begin), scores->rows()) = *scores;
    if (absl::Status status = progress.Update(static_cast<double>(end) / static_cast<double>(num_rows)); !status.ok()) {
      return status;
    }
  }
  return out;
}

}  // namespace glassbox::plugins::explanations
