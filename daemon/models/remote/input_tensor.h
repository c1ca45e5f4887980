// Writes a table's rows into the input tensor of ModelInfer requests: one
// tensor of shape [rows, features] in the model's feature order, FP32 or FP64,
// as raw little-endian bytes (raw_input_contents) or typed contents. Values
// are encoded as FeatureEncoder documents (categories as the model's codes,
// missing values as NaN); FP64 tensors carry numeric columns at full double
// precision.
#ifndef GLASSBOX_DAEMON_MODELS_REMOTE_INPUT_TENSOR_H_
#define GLASSBOX_DAEMON_MODELS_REMOTE_INPUT_TENSOR_H_

#include <cstddef>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "daemon/models/feature_encoder.h"
#include "daemon/models/remote/inference_signature.h"
#include "glassbox/sdk/table.h"
#include "inference/grpc_predict_v2.pb.h"

namespace glassbox::daemon {

// Buffers one writer reuses from batch to batch.
struct InputScratch {
  std::vector<float> floats;
  std::vector<double> doubles;

  template <typename T>
  std::vector<T>& of() {
    if constexpr (std::is_same_v<T, float>) {
      return floats;
    } else {
      return doubles;
    }
  }
};

class InputTensorWriter {
 public:
  // Fails as FeatureEncoder::Bind does. The result refers to `encoder` and `table`.
  static absl::StatusOr<InputTensorWriter> Bind(const FeatureEncoder& encoder, const sdk::Table& table,
                                                TensorDatatype datatype, bool raw);

  // Sets the shape and contents of `request`'s first input (added if absent;
  // its name and datatype are the caller's) to rows [begin, end).
  void Write(size_t begin, size_t end, InputScratch& scratch, inference::ModelInferRequest& request) const;

 private:
  InputTensorWriter(EncodedColumns columns, std::vector<const sdk::Column*> numeric_columns, TensorDatatype datatype,
                    bool raw)
      : columns_(std::move(columns)), numeric_columns_(std::move(numeric_columns)), datatype_(datatype), raw_(raw) {}

  // Rows [begin, end) row-major into `out`.
  void Fill(size_t begin, size_t end, float* out, InputScratch& scratch) const;
  void Fill(size_t begin, size_t end, double* out, InputScratch& scratch) const;

  template <typename T>
  void WriteAs(size_t begin, size_t end, InputScratch& scratch, inference::ModelInferRequest& request) const;

  EncodedColumns columns_;
  // Per feature, its column when numeric, else nullptr.
  std::vector<const sdk::Column*> numeric_columns_;
  TensorDatatype datatype_;
  bool raw_;
};

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_REMOTE_INPUT_TENSOR_H_
