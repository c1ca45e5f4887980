#include "daemon/models/remote/output_tensor.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/models/remote/little_endian.h"
#include "daemon/models/remote/typed_contents.h"

namespace glassbox::daemon {
namespace {

using OutputTensor = inference::ModelInferResponse::InferOutputTensor;

std::string OutputNames(const inference::ModelInferResponse& response) {
  return absl::StrJoin(response.outputs(), ", ",
                       [](std::string* out, const OutputTensor& output) { out->append("'" + output.name() + "'"); });
}

// The index of the output to read.
absl::StatusOr<int> FindOutput(const inference::ModelInferResponse& response, const std::string& name) {
  if (name.empty()) {
    if (response.outputs_size() != 1) {
      return absl::InternalError(absl::StrCat("the answer has ", response.outputs_size(), " outputs (",
                                              OutputNames(response), "); expected one, or give output_name"));
    }
    return 0;
  }
  for (int i = 0; i < response.outputs_size(); ++i) {
    if (response.outputs(i).name() == name) return i;
  }
  return absl::InternalError(absl::StrCat("the answer has no output '", name, "'; it has ", response.outputs_size(),
                                          " outputs (", OutputNames(response), ")"));
}

// Columns per row of an output of shape [rows] or [rows, columns]; nullopt for any other shape.
std::optional<int64_t> OutputWidth(const OutputTensor& output, size_t rows) {
  const auto& shape = output.shape();
  if (shape.empty() || shape[0] != static_cast<int64_t>(rows)) return std::nullopt;
  if (shape.size() == 1) return 1;
  if (shape.size() == 2 && shape[1] >= 0) return shape[1];
  return std::nullopt;
}

// Writes element `value(i)` of a row-major rows × width tensor into `out`.
template <typename Value>
void Scatter(Value value, size_t rows, int64_t width, bool single_probability, size_t first_row, Eigen::MatrixXd& out) {
  if (single_probability) {
    for (size_t r = 0; r < rows; ++r) {
      const double p = value(r);
      out(first_row + r, 0) = 1.0 - p;
      out(first_row + r, 1) = p;
    }
    return;
  }
  size_t i = 0;
  for (size_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < width; ++c) out(first_row + r, c) = value(i++);
  }
}

template <typename T>
absl::Status ReadElements(const inference::ModelInferResponse& response, int index, size_t rows, int64_t width,
                          bool single_probability, size_t first_row, Eigen::MatrixXd& out) {
  const OutputTensor& output = response.outputs(index);
  const size_t count = rows * static_cast<size_t>(width);
  if (!response.raw_output_contents().empty()) {
    if (index >= response.raw_output_contents_size()) {
      return absl::InternalError(
          absl::StrCat("the answer's raw_output_contents has no entry for output '", output.name(), "'"));
    }
    const std::string& bytes = response.raw_output_contents(index);
    if (bytes.size() != count * sizeof(T)) {
      return absl::InternalError(absl::StrCat("output '", output.name(), "' carries ", bytes.size(),
                                              " raw bytes; its shape ", FormatShape(output.shape()), " of ",
                                              output.datatype(), " takes ", count * sizeof(T)));
    }
    Scatter([&](size_t i) { return static_cast<double>(LoadLittleEndian<T>(bytes.data() + i * sizeof(T))); }, rows,
            width, single_probability, first_row, out);
    return absl::OkStatus();
  }
  const google::protobuf::RepeatedField<T>& values = TypedContents<T>(output.contents());
  if (static_cast<size_t>(values.size()) != count) {
    return absl::InternalError(absl::StrCat("output '", output.name(), "' carries ", values.size(),
                                            " values; its shape ", FormatShape(output.shape()), " takes ", count));
  }
  Scatter([&](size_t i) { return static_cast<double>(values[static_cast<int>(i)]); }, rows, width, single_probability,
          first_row, out);
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadOutputTensor(const inference::ModelInferResponse& response, const InferenceSignature& signature,
                              size_t rows, size_t first_row, Eigen::MatrixXd& out) {
  absl::StatusOr<int> index = FindOutput(response, signature.output_name);
  if (!index.ok()) return index.status();
  const OutputTensor& output = response.outputs(*index);
  const std::optional<TensorDatatype> datatype = ParseFloatDatatype(output.datatype());
  if (!datatype.has_value()) {
    return absl::InternalError(
        absl::StrCat("output '", output.name(), "' has datatype ", output.datatype(), "; expected FP32 or FP64"));
  }
  const std::optional<int64_t> width = OutputWidth(output, rows);
  if (!width.has_value() || !signature.AcceptsOutputWidth(*width)) {
    return absl::InternalError(absl::StrCat("output '", output.name(), "' has shape ", FormatShape(output.shape()),
                                            " for a batch of ", rows, " rows; expected ",
                                            signature.ExpectedOutputShapes(absl::StrCat(rows))));
  }
  const bool single_probability = signature.task == glassbox::v1::BINARY_CLASSIFICATION && *width == 1;
  return *datatype == TensorDatatype::kFp32
             ? ReadElements<float>(response, *index, rows, *width, single_probability, first_row, out)
             : ReadElements<double>(response, *index, rows, *width, single_probability, first_row, out);
}

}  // namespace glassbox::daemon
