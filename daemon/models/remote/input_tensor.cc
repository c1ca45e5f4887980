#include "daemon/models/remote/input_tensor.h"

#include <span>
#include <string>
#include <type_traits>
#include <utility>

#include "daemon/models/remote/little_endian.h"
#include "daemon/models/remote/typed_contents.h"

namespace glassbox::daemon {

absl::StatusOr<InputTensorWriter> InputTensorWriter::Bind(const FeatureEncoder& encoder, const sdk::Table& table,
                                                          TensorDatatype datatype, bool raw) {
  absl::StatusOr<EncodedColumns> columns = encoder.Bind(table);
  if (!columns.ok()) return columns.status();
  std::vector<const sdk::Column*> numeric_columns;
  for (const FeatureSpec& feature : encoder.features()) {
    numeric_columns.push_back(feature.categorical ? nullptr : table.Find(feature.name));
  }
  return InputTensorWriter(*std::move(columns), std::move(numeric_columns), datatype, raw);
}

void InputTensorWriter::Fill(size_t begin, size_t end, float* out, InputScratch&) const {
  columns_.Encode(begin, end, out);
}

void InputTensorWriter::Fill(size_t begin, size_t end, double* out, InputScratch& scratch) const {
  const size_t stride = numeric_columns_.size();
  scratch.floats.resize((end - begin) * stride);
  columns_.Encode(begin, end, scratch.floats.data());
  for (size_t i = 0; i < scratch.floats.size(); ++i) out[i] = scratch.floats[i];
  // The encoder's floats hold the categories' codes exactly, but not every double.
  for (size_t j = 0; j < stride; ++j) {
    if (numeric_columns_[j] == nullptr) continue;
    const std::span<const double> values = numeric_columns_[j]->values();
    double* cell = out + j;
    for (size_t r = begin; r < end; ++r, cell += stride) *cell = values[r];
  }
}

template <typename T>
void InputTensorWriter::WriteAs(size_t begin, size_t end, InputScratch& scratch,
                                inference::ModelInferRequest& request) const {
  const size_t count = (end - begin) * numeric_columns_.size();
  if (raw_) {
    std::vector<T>& values = scratch.of<T>();
    values.resize(count);
    Fill(begin, end, values.data(), scratch);
    std::string* bytes =
        request.raw_input_contents().empty() ? request.add_raw_input_contents() : request.mutable_raw_input_contents(0);
    bytes->resize(count * sizeof(T));
    StoreLittleEndian(std::span<const T>(values), bytes->data());
    return;
  }
  google::protobuf::RepeatedField<T>* field = MutableTypedContents<T>(*request.mutable_inputs(0)->mutable_contents());
  field->Resize(static_cast<int>(count), T{0});
  Fill(begin, end, field->mutable_data(), scratch);
}

void InputTensorWriter::Write(size_t begin, size_t end, InputScratch& scratch,
                              inference::ModelInferRequest& request) const {
  inference::ModelInferRequest::InferInputTensor* input =
      request.inputs().empty() ? request.add_inputs() : request.mutable_inputs(0);
  input->clear_shape();
  input->add_shape(static_cast<int64_t>(end - begin));
  input->add_shape(static_cast<int64_t>(numeric_columns_.size()));
  if (datatype_ == TensorDatatype::kFp32) {
    WriteAs<float>(begin, end, scratch, request);
  } else {
    WriteAs<double>(begin, end, scratch, request);
  }
}

}  // namespace glassbox::daemon
