#include "daemon/models/remote/inference_signature.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace glassbox::daemon {
namespace {

using TensorMetadata = inference::ModelMetadataResponse::TensorMetadata;
using TensorList = google::protobuf::RepeatedPtrField<TensorMetadata>;

constexpr int64_t kUnknownWidth = -1;

std::string Names(const TensorList& tensors) {
  return absl::StrJoin(tensors, ", ",
                       [](std::string* out, const TensorMetadata& tensor) { out->append(tensor.name()); });
}

// The tensor named `name`, or the only one when `name` is empty, of a non-empty list.
absl::StatusOr<const TensorMetadata*> PickTensor(const TensorList& tensors, const std::string& name, const char* kind) {
  if (name.empty()) {
    if (tensors.size() > 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("the model has ", tensors.size(), " ", kind, "s (", Names(tensors), "); give ", kind, "_name"));
    }
    return &tensors[0];
  }
  for (const TensorMetadata& tensor : tensors) {
    if (tensor.name() == name) return &tensor;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("the model has no ", kind, " '", name, "'; its ", kind, "s are: ", Names(tensors)));
}

absl::Status CheckInputShape(const TensorMetadata& input, size_t num_features) {
  const auto& shape = input.shape();
  if (shape.empty()) return absl::OkStatus();
  const std::string expected =
      absl::StrCat("[-1, ", num_features, "] (a batch of rows of the ", num_features, " features in feature_names)");
  if (shape.size() != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("input '", input.name(), "' has shape ", FormatShape(shape), "; expected ", expected));
  }
  if (shape[0] != -1) {
    return absl::InvalidArgumentError(absl::StrCat("input '", input.name(), "' has shape ", FormatShape(shape),
                                                   ", a fixed batch of ", shape[0], " rows; expected ", expected));
  }
  if (shape[1] != -1 && shape[1] != static_cast<int64_t>(num_features)) {
    return absl::InvalidArgumentError(absl::StrCat("input '", input.name(), "' has shape ", FormatShape(shape), ", ",
                                                   shape[1], " features, but feature_names gives ", num_features));
  }
  return absl::OkStatus();
}

// Columns per row of the output's metadata: [-1] is 1, [-1, w] is w, anything unknown kUnknownWidth.
absl::StatusOr<int64_t> OutputWidth(const TensorMetadata& output) {
  const auto& shape = output.shape();
  if (shape.empty()) return kUnknownWidth;
  if (shape.size() == 1 && shape[0] == -1) return 1;
  if (shape.size() == 2 && shape[0] == -1) return shape[1];
  return absl::InvalidArgumentError(absl::StrCat("output '", output.name(), "' has shape ", FormatShape(shape),
                                                 "; expected [-1] or [-1, columns] (a batch of rows)"));
}

absl::StatusOr<std::vector<std::string>> ResolveClasses(glassbox::v1::TaskType task, std::vector<std::string> classes,
                                                        int64_t width) {
  switch (task) {
    case glassbox::v1::REGRESSION:
      if (!classes.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("a regression model has no classes; classes gives ", classes.size()));
      }
      return classes;
    case glassbox::v1::BINARY_CLASSIFICATION:
      if (classes.empty()) return std::vector<std::string>{"0", "1"};
      if (classes.size() != 2) {
        return absl::InvalidArgumentError(
            absl::StrCat("a binary classifier has 2 classes; classes gives ", classes.size()));
      }
      return classes;
    case glassbox::v1::MULTICLASS_CLASSIFICATION:
      if (classes.empty()) {
        if (width < 2) {
          return absl::InvalidArgumentError(
              "the model's output metadata does not say how many classes there are; give classes");
        }
        for (int64_t c = 0; c < width; ++c) classes.push_back(absl::StrCat(c));
      }
      if (classes.size() < 2) {
        return absl::InvalidArgumentError(
            absl::StrCat("a multiclass classifier has at least 2 classes; classes gives ", classes.size()));
      }
      return classes;
    default:
      return absl::InvalidArgumentError("task must be BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION or REGRESSION");
  }
}

}  // namespace

std::optional<TensorDatatype> ParseFloatDatatype(const std::string& name) {
  if (name == "FP32") return TensorDatatype::kFp32;
  if (name == "FP64") return TensorDatatype::kFp64;
  return std::nullopt;
}

const char* DatatypeName(TensorDatatype datatype) { return datatype == TensorDatatype::kFp32 ? "FP32" : "FP64"; }

std::string FormatShape(const google::protobuf::RepeatedField<int64_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ", "), "]");
}

bool InferenceSignature::AcceptsOutputWidth(int64_t width) const {
  switch (task) {
    case glassbox::v1::BINARY_CLASSIFICATION:
      return width == 1 || width == 2;
    case glassbox::v1::MULTICLASS_CLASSIFICATION:
      return width == static_cast<int64_t>(classes.size());
    default:
      return width == 1;
  }
}

std::string InferenceSignature::ExpectedOutputShapes(const std::string& rows) const {
  switch (task) {
    case glassbox::v1::BINARY_CLASSIFICATION:
      return absl::StrCat("[", rows, ", 2] (the probabilities of '", classes[0], "' and '", classes[1], "') or [", rows,
                          ", 1] (the probability of '", classes[1], "')");
    case glassbox::v1::MULTICLASS_CLASSIFICATION:
      return absl::StrCat("[", rows, ", ", classes.size(), "] (the probabilities of ", classes.size(), " classes)");
    default:
      return absl::StrCat("[", rows, ", 1] or [", rows, "] (one value per row)");
  }
}

absl::StatusOr<InferenceSignature> ResolveSignature(const inference::ModelMetadataResponse& metadata,
                                                    const RemoteModelOptions& options) {
  InferenceSignature signature;
  signature.task = options.task;

  // A server whose metadata lists no tensors is trusted with the names the options give.
  signature.input_name = options.input_name;
  if (metadata.inputs().empty()) {
    if (options.input_name.empty()) {
      return absl::InvalidArgumentError("the model's metadata lists no inputs; give input_name");
    }
  } else {
    absl::StatusOr<const TensorMetadata*> input = PickTensor(metadata.inputs(), options.input_name, "input");
    if (!input.ok()) return input.status();
    signature.input_name = (*input)->name();
    const std::optional<TensorDatatype> datatype = ParseFloatDatatype((*input)->datatype());
    if (!datatype.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat("input '", signature.input_name, "' has datatype ",
                                                     (*input)->datatype(), "; the backend sends FP32 or FP64"));
    }
    signature.input_datatype = *datatype;
    if (absl::Status status = CheckInputShape(**input, options.feature_names.size()); !status.ok()) return status;
  }

  signature.output_name = options.output_name;
  const TensorMetadata* output = nullptr;
  int64_t width = kUnknownWidth;
  if (!metadata.outputs().empty()) {
    absl::StatusOr<const TensorMetadata*> picked = PickTensor(metadata.outputs(), options.output_name, "output");
    if (!picked.ok()) return picked.status();
    output = *picked;
    signature.output_name = output->name();
    if (!ParseFloatDatatype(output->datatype()).has_value()) {
      return absl::InvalidArgumentError(absl::StrCat("output '", signature.output_name, "' has datatype ",
                                                     output->datatype(), "; the backend reads FP32 or FP64"));
    }
    absl::StatusOr<int64_t> output_width = OutputWidth(*output);
    if (!output_width.ok()) return output_width.status();
    width = *output_width;
  }

  absl::StatusOr<std::vector<std::string>> classes = ResolveClasses(options.task, options.classes, width);
  if (!classes.ok()) return classes.status();
  signature.classes = *std::move(classes);
  if (width != kUnknownWidth && !signature.AcceptsOutputWidth(width)) {
    return absl::InvalidArgumentError(absl::StrCat("output '", signature.output_name, "' has shape ",
                                                   FormatShape(output->shape()), "; expected ",
                                                   signature.ExpectedOutputShapes("-1")));
  }
  return signature;
}

}  // namespace glassbox::daemon
