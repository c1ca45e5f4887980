// Reads the model's output tensor from a ModelInfer response into Predict's
// matrix, after checking its name, datatype (FP32 or FP64), shape and size
// against the signature and the batch. A binary classifier's single-column
// output p becomes the row [1 - p, p]. An answer that is not what was
// expected is an INTERNAL error saying what was expected.
#ifndef GLASSBOX_DAEMON_MODELS_REMOTE_OUTPUT_TENSOR_H_
#define GLASSBOX_DAEMON_MODELS_REMOTE_OUTPUT_TENSOR_H_

#include <Eigen/Core>
#include <cstddef>

#include "absl/status/status.h"
#include "daemon/models/remote/inference_signature.h"
#include "inference/grpc_predict_v2.pb.h"

namespace glassbox::daemon {

// Fills rows [first_row, first_row + rows) of `out` (rows × classes, or
// rows × 1 for regression) from the answer to a batch of `rows` rows.
absl::Status ReadOutputTensor(const inference::ModelInferResponse& response, const InferenceSignature& signature,
                              size_t rows, size_t first_row, Eigen::MatrixXd& out);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_REMOTE_OUTPUT_TENSOR_H_
