// What the remote backend sends a model and reads back, resolved once at
// connection from the model's metadata and the options: the input tensor
// (one FP32 or FP64 tensor of shape [rows, features]), the output tensor and
// the classes its columns are. Metadata that disagrees with the options is
// refused with INVALID_ARGUMENT saying what each side gives.
#ifndef GLASSBOX_DAEMON_MODELS_REMOTE_INFERENCE_SIGNATURE_H_
#define GLASSBOX_DAEMON_MODELS_REMOTE_INFERENCE_SIGNATURE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "daemon/models/remote/remote_model_options.h"
#include "glassbox/v1/task.pb.h"
#include "inference/grpc_predict_v2.pb.h"

namespace glassbox::daemon {

enum class TensorDatatype { kFp32, kFp64 };

// "FP32" or "FP64"; nullopt for any other datatype.
std::optional<TensorDatatype> ParseFloatDatatype(const std::string& name);
const char* DatatypeName(TensorDatatype datatype);

struct InferenceSignature {
  std::string input_name;
  TensorDatatype input_datatype = TensorDatatype::kFp32;
  // Empty when the metadata lists no outputs and the options name none: then
  // the answer's only output is read.
  std::string output_name;
  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;
  std::vector<std::string> classes;

  // Output columns per row the model may answer with: regression 1;
  // binary 2, or 1 (the probability of classes[1]); multiclass one per class.
  bool AcceptsOutputWidth(int64_t width) const;
  // The accepted output shapes for a batch of `rows`, for error messages.
  std::string ExpectedOutputShapes(const std::string& rows) const;
};

absl::StatusOr<InferenceSignature> ResolveSignature(const inference::ModelMetadataResponse& metadata,
                                                    const RemoteModelOptions& options);

// "[-1, 9]".
std::string FormatShape(const google::protobuf::RepeatedField<int64_t>& shape);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_REMOTE_INFERENCE_SIGNATURE_H_
