#include "daemon/models/remote/inference_signature.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace glassbox::daemon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Tensor {
  std::string name;
  std::string datatype;
  std::vector<int64_t> shape;
};

inference::ModelMetadataResponse Metadata(const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs) {
  inference::ModelMetadataResponse metadata;
  metadata.set_name("m");
  for (const Tensor& input : inputs) {
    auto* tensor = metadata.add_inputs();
    tensor->set_name(input.name);
    tensor->set_datatype(input.datatype);
    for (int64_t dim : input.shape) tensor->add_shape(dim);
  }
  for (const Tensor& output : outputs) {
    auto* tensor = metadata.add_outputs();
    tensor->set_name(output.name);
    tensor->set_datatype(output.datatype);
    for (int64_t dim : output.shape) tensor->add_shape(dim);
  }
  return metadata;
}

RemoteModelOptions Options(glassbox::v1::TaskType task, std::vector<std::string> classes = {}) {
  RemoteModelOptions options;
  options.task = task;
  options.feature_names = {"a", "b", "c"};
  options.classes = std::move(classes);
  return options;
}

const Tensor kInput{"x", "FP32", {-1, 3}};
const Tensor kProbabilities{"p", "FP64", {-1, 2}};

TEST(InferenceSignatureTest, TakesTheOnlyInputAndOutput) {
  absl::StatusOr<InferenceSignature> signature = ResolveSignature(
      Metadata({kInput}, {kProbabilities}), Options(glassbox::v1::BINARY_CLASSIFICATION, {"no", "yes"}));
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_EQ(signature->input_name, "x");
  EXPECT_EQ(signature->input_datatype, TensorDatatype::kFp32);
  EXPECT_EQ(signature->output_name, "p");
  EXPECT_THAT(signature->classes, ElementsAre("no", "yes"));
}

TEST(InferenceSignatureTest, Fp64InputAndVariableFeatureDimension) {
  absl::StatusOr<InferenceSignature> signature = ResolveSignature(Metadata({{"x", "FP64", {-1, -1}}}, {kProbabilities}),
                                                                  Options(glassbox::v1::BINARY_CLASSIFICATION));
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_EQ(signature->input_datatype, TensorDatatype::kFp64);
  EXPECT_THAT(signature->classes, ElementsAre("0", "1"));
}

TEST(InferenceSignatureTest, NamedTensorsAmongSeveral) {
  const auto metadata =
      Metadata({{"a", "FP32", {-1, 3}}, {"b", "FP64", {-1, 3}}}, {{"label", "FP32", {-1}}, {"proba", "FP32", {-1, 2}}});
  RemoteModelOptions options = Options(glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_THAT(ResolveSignature(metadata, options).status().message(),
              HasSubstr("the model has 2 inputs (a, b); give input_name"));
  options.input_name = "b";
  EXPECT_THAT(ResolveSignature(metadata, options).status().message(),
              HasSubstr("the model has 2 outputs (label, proba); give output_name"));
  options.output_name = "proba";
  absl::StatusOr<InferenceSignature> signature = ResolveSignature(metadata, options);
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_EQ(signature->input_name, "b");
  EXPECT_EQ(signature->input_datatype, TensorDatatype::kFp64);
  EXPECT_EQ(signature->output_name, "proba");
  options.input_name = "c";
  EXPECT_THAT(ResolveSignature(metadata, options).status().message(),
              HasSubstr("the model has no input 'c'; its inputs are: a, b"));
}

TEST(InferenceSignatureTest, RefusesInputsItCannotSend) {
  const RemoteModelOptions options = Options(glassbox::v1::BINARY_CLASSIFICATION);
  const struct {
    Tensor input;
    std::string message;
  } cases[] = {
      {{"x", "INT64", {-1, 3}}, "input 'x' has datatype INT64; the backend sends FP32 or FP64"},
      {{"x", "FP32", {-1, 4}}, "input 'x' has shape [-1, 4], 4 features, but feature_names gives 3"},
      {{"x", "FP32", {8, 3}}, "input 'x' has shape [8, 3], a fixed batch of 8 rows; expected [-1, 3]"},
      {{"x", "FP32", {-1}}, "input 'x' has shape [-1]; expected [-1, 3]"},
      {{"x", "FP32", {-1, 3, 1}}, "input 'x' has shape [-1, 3, 1]; expected [-1, 3]"},
  };
  for (const auto& c : cases) {
    const absl::Status status = ResolveSignature(Metadata({c.input}, {kProbabilities}), options).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(status.message(), HasSubstr(c.message));
  }
}

TEST(InferenceSignatureTest, BinaryOutputOfOneOrTwoColumns) {
  const RemoteModelOptions options = Options(glassbox::v1::BINARY_CLASSIFICATION, {"no", "yes"});
  EXPECT_TRUE(ResolveSignature(Metadata({kInput}, {{"p", "FP32", {-1, 1}}}), options).ok());
  EXPECT_TRUE(ResolveSignature(Metadata({kInput}, {{"p", "FP32", {-1}}}), options).ok());
  EXPECT_TRUE(ResolveSignature(Metadata({kInput}, {{"p", "FP32", {-1, -1}}}), options).ok());
  EXPECT_THAT(ResolveSignature(Metadata({kInput}, {{"p", "FP32", {-1, 3}}}), options).status().message(),
              HasSubstr("output 'p' has shape [-1, 3]; expected [-1, 2] (the probabilities of 'no' and 'yes') or "
                        "[-1, 1] (the probability of 'yes')"));
  EXPECT_THAT(ResolveSignature(Metadata({kInput}, {{"p", "BYTES", {-1, 2}}}), options).status().message(),
              HasSubstr("output 'p' has datatype BYTES"));
  EXPECT_THAT(ResolveSignature(Metadata({kInput}, {{"p", "FP32", {5, 2}}}), options).status().message(),
              HasSubstr("output 'p' has shape [5, 2]; expected [-1] or [-1, columns]"));
  EXPECT_THAT(
      ResolveSignature(Metadata({kInput}, {kProbabilities}), Options(glassbox::v1::BINARY_CLASSIFICATION, {"x"}))
          .status()
          .message(),
      HasSubstr("a binary classifier has 2 classes; classes gives 1"));
}

TEST(InferenceSignatureTest, MulticlassClassesFromOptionsOrOutputWidth) {
  absl::StatusOr<InferenceSignature> signature =
      ResolveSignature(Metadata({kInput}, {{"p", "FP32", {-1, 4}}}), Options(glassbox::v1::MULTICLASS_CLASSIFICATION));
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_THAT(signature->classes, ElementsAre("0", "1", "2", "3"));

  EXPECT_THAT(
      ResolveSignature(Metadata({kInput}, {{"p", "FP32", {-1, -1}}}), Options(glassbox::v1::MULTICLASS_CLASSIFICATION))
          .status()
          .message(),
      HasSubstr("does not say how many classes there are; give classes"));
  EXPECT_THAT(ResolveSignature(Metadata({kInput}, {{"p", "FP32", {-1, 4}}}),
                               Options(glassbox::v1::MULTICLASS_CLASSIFICATION, {"a", "b", "c"}))
                  .status()
                  .message(),
              HasSubstr("output 'p' has shape [-1, 4]; expected [-1, 3] (the probabilities of 3 classes)"));
  EXPECT_TRUE(ResolveSignature(Metadata({kInput}, {{"p", "FP32", {-1, -1}}}),
                               Options(glassbox::v1::MULTICLASS_CLASSIFICATION, {"a", "b", "c"}))
                  .ok());
}

TEST(InferenceSignatureTest, RegressionOutputOfOneValuePerRow) {
  const RemoteModelOptions options = Options(glassbox::v1::REGRESSION);
  for (const std::vector<int64_t>& shape : {std::vector<int64_t>{-1}, {-1, 1}}) {
    absl::StatusOr<InferenceSignature> signature =
        ResolveSignature(Metadata({kInput}, {{"y", "FP64", shape}}), options);
    ASSERT_TRUE(signature.ok()) << signature.status();
    EXPECT_TRUE(signature->classes.empty());
  }
  EXPECT_THAT(ResolveSignature(Metadata({kInput}, {{"y", "FP64", {-1, 2}}}), options).status().message(),
              HasSubstr("output 'y' has shape [-1, 2]; expected [-1, 1] or [-1] (one value per row)"));
  EXPECT_THAT(ResolveSignature(Metadata({kInput}, {{"y", "FP64", {-1}}}), Options(glassbox::v1::REGRESSION, {"a"}))
                  .status()
                  .message(),
              HasSubstr("a regression model has no classes; classes gives 1"));
}

TEST(InferenceSignatureTest, MetadataWithoutTensorsTrustsTheOptions) {
  RemoteModelOptions options = Options(glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_THAT(ResolveSignature(Metadata({}, {}), options).status().message(),
              HasSubstr("the model's metadata lists no inputs; give input_name"));
  options.input_name = "input-0";
  absl::StatusOr<InferenceSignature> signature = ResolveSignature(Metadata({}, {}), options);
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_EQ(signature->input_name, "input-0");
  EXPECT_EQ(signature->input_datatype, TensorDatatype::kFp32);
  EXPECT_EQ(signature->output_name, "");
}

TEST(InferenceSignatureTest, RefusesAnUnspecifiedTask) {
  EXPECT_THAT(ResolveSignature(Metadata({kInput}, {kProbabilities}), Options(glassbox::v1::TASK_TYPE_UNSPECIFIED))
                  .status()
                  .message(),
              HasSubstr("task must be BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION or REGRESSION"));
}

}  // namespace
}  // namespace glassbox::daemon
