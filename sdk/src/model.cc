#include "glassbox/sdk/model.h"

namespace glassbox::sdk {

absl::StatusOr<Eigen::MatrixXd> Model::Contributions(const Table& rows) const {
  return absl::UnimplementedError("this model backend does not compute feature contributions");
}

}  // namespace glassbox::sdk
