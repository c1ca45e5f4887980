// Thin glue over libxgboost's C API: owning handles, its error codes as
// absl::Status, and the JSON documents its calls take.
#ifndef GLASSBOX_DAEMON_MODELS_XGBOOST_C_API_H_
#define GLASSBOX_DAEMON_MODELS_XGBOOST_C_API_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace glassbox::daemon {

struct BoosterFree {
  void operator()(void* booster) const;
};
struct DMatrixFree {
  void operator()(void* dmatrix) const;
};
using BoosterPtr = std::unique_ptr<void, BoosterFree>;
using DMatrixPtr = std::unique_ptr<void, DMatrixFree>;

// OK when `rc` is 0; otherwise `code` with "<what>: <libxgboost's last error>".
absl::Status XgboostStatus(int rc, const std::string& what, absl::StatusCode code = absl::StatusCode::kInternal);

// The __array_interface__ JSON of a row-major rows × cols float32 matrix.
std::string DenseArrayInterface(const float* data, size_t rows, size_t cols);

// A DMatrix over a row-major float matrix in which NaN marks a missing value.
absl::StatusOr<DMatrixPtr> CreateDenseDMatrix(const float* data, size_t rows, size_t cols);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_XGBOOST_C_API_H_
