#include "glassbox/sdk/model.h"

namespace glassbox::sdk::inline v4 {

absl::StatusOr<Eigen::MatrixXd> Model::Contributions(const Table& rows) const {
  return absl::UnimplementedError("this model backend does not compute feature contributions");
}

absl::StatusOr<Eigen::MatrixXd> Model::PredictReplacing(
    const Table& rows, std::span<const std::shared_ptr<const Column>> replacements) const {
  return absl::UnimplementedError("this model backend does not score changed columns apart from Predict");
}

}  // namespace glassbox::sdk::inline v4
