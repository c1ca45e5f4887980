#include "daemon/models/remote/output_tensor.h"

#include <cstring>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace glassbox::daemon {
namespace {

using ::testing::HasSubstr;

InferenceSignature Signature(glassbox::v1::TaskType task, std::vector<std::string> classes,
                             std::string output_name = "p") {
  InferenceSignature signature;
  signature.input_name = "x";
  signature.output_name = std::move(output_name);
  signature.task = task;
  signature.classes = std::move(classes);
  return signature;
}

inference::ModelInferResponse::InferOutputTensor* AddOutput(inference::ModelInferResponse& response,
                                                            const std::string& name, const std::string& datatype,
                                                            const std::vector<int64_t>& shape) {
  auto* output = response.add_outputs();
  output->set_name(name);
  output->set_datatype(datatype);
  for (int64_t dim : shape) output->add_shape(dim);
  return output;
}

template <typename T>
std::string RawBytes(const std::vector<T>& values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

TEST(OutputTensorTest, TypedProbabilitiesFillTheBatchsRows) {
  inference::ModelInferResponse response;
  auto* output = AddOutput(response, "p", "FP64", {2, 2});
  for (double p : {0.9, 0.1, 0.3, 0.7}) output->mutable_contents()->add_fp64_contents(p);
  Eigen::MatrixXd out = Eigen::MatrixXd::Constant(4, 2, -1.0);
  ASSERT_TRUE(
      ReadOutputTensor(response, Signature(glassbox::v1::BINARY_CLASSIFICATION, {"no", "yes"}), 2, 1, out).ok());
  Eigen::MatrixXd expected(4, 2);
  expected << -1, -1, 0.9, 0.1, 0.3, 0.7, -1, -1;
  EXPECT_EQ(out, expected);
}

TEST(OutputTensorTest, SingleBinaryProbabilityBecomesBothClasses) {
  inference::ModelInferResponse response;
  AddOutput(response, "p", "FP32", {3, 1});
  response.add_raw_output_contents(RawBytes(std::vector<float>{0.25f, 1.0f, 0.5f}));
  Eigen::MatrixXd out(3, 2);
  ASSERT_TRUE(
      ReadOutputTensor(response, Signature(glassbox::v1::BINARY_CLASSIFICATION, {"no", "yes"}), 3, 0, out).ok());
  Eigen::MatrixXd expected(3, 2);
  expected << 0.75, 0.25, 0.0, 1.0, 0.5, 0.5;
  EXPECT_EQ(out, expected);
}

TEST(OutputTensorTest, RegressionValuesFromAOneDimensionalTensor) {
  inference::ModelInferResponse response;
  AddOutput(response, "y", "FP64", {3});
  response.add_raw_output_contents(RawBytes(std::vector<double>{40.5, -1e300, 0.1}));
  Eigen::MatrixXd out(3, 1);
  ASSERT_TRUE(ReadOutputTensor(response, Signature(glassbox::v1::REGRESSION, {}, "y"), 3, 0, out).ok());
  EXPECT_EQ(out, Eigen::Vector3d(40.5, -1e300, 0.1));
}

TEST(OutputTensorTest, MulticlassPicksTheNamedOutput) {
  inference::ModelInferResponse response;
  AddOutput(response, "label", "FP32", {1})->mutable_contents()->add_fp32_contents(2.0f);
  auto* output = AddOutput(response, "p", "FP32", {1, 3});
  for (float p : {0.5f, 0.25f, 0.25f}) output->mutable_contents()->add_fp32_contents(p);
  Eigen::MatrixXd out(1, 3);
  ASSERT_TRUE(
      ReadOutputTensor(response, Signature(glassbox::v1::MULTICLASS_CLASSIFICATION, {"a", "b", "c"}), 1, 0, out).ok());
  EXPECT_EQ(out, Eigen::RowVector3d(0.5, 0.25, 0.25));
}

TEST(OutputTensorTest, WithoutAnOutputNameTheOnlyOutputIsRead) {
  inference::ModelInferResponse response;
  AddOutput(response, "anything", "FP64", {1, 2})->mutable_contents()->mutable_fp64_contents()->Add(0.5);
  response.mutable_outputs(0)->mutable_contents()->add_fp64_contents(0.5);
  Eigen::MatrixXd out(1, 2);
  const InferenceSignature signature = Signature(glassbox::v1::BINARY_CLASSIFICATION, {"no", "yes"}, "");
  ASSERT_TRUE(ReadOutputTensor(response, signature, 1, 0, out).ok());
  EXPECT_EQ(out, Eigen::RowVector2d(0.5, 0.5));

  AddOutput(response, "other", "FP64", {1, 2});
  EXPECT_THAT(ReadOutputTensor(response, signature, 1, 0, out).message(),
              HasSubstr("the answer has 2 outputs ('anything', 'other'); expected one, or give output_name"));
}

TEST(OutputTensorTest, RefusesAnswersThatAreNotWhatWasAsked) {
  const InferenceSignature signature = Signature(glassbox::v1::BINARY_CLASSIFICATION, {"no", "yes"});
  const struct {
    std::string datatype;
    std::vector<int64_t> shape;
    std::string raw;
    std::string message;
  } cases[] = {
      {"FP32",
       {2, 3},
       RawBytes(std::vector<float>(6)),
       "output 'p' has shape [2, 3] for a batch of 2 rows; expected [2, 2] (the probabilities of 'no' and 'yes') or "
       "[2, 1] (the probability of 'yes')"},
      {"FP32", {1, 2}, RawBytes(std::vector<float>(2)), "output 'p' has shape [1, 2] for a batch of 2 rows"},
      {"FP32", {2, 2, 1}, RawBytes(std::vector<float>(4)), "output 'p' has shape [2, 2, 1] for a batch of 2 rows"},
      {"FP32",
       {2, 2},
       RawBytes(std::vector<float>(3)),
       "output 'p' carries 12 raw bytes; its shape [2, 2] of FP32 takes 16"},
      {"INT64", {2, 2}, RawBytes(std::vector<int64_t>(4)), "output 'p' has datatype INT64; expected FP32 or FP64"},
  };
  for (const auto& c : cases) {
    inference::ModelInferResponse response;
    AddOutput(response, "p", c.datatype, c.shape);
    response.add_raw_output_contents(c.raw);
    Eigen::MatrixXd out(2, 2);
    const absl::Status status = ReadOutputTensor(response, signature, 2, 0, out);
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << c.message;
    EXPECT_THAT(status.message(), HasSubstr(c.message));
  }

  inference::ModelInferResponse typed;
  AddOutput(typed, "p", "FP64", {2, 2})->mutable_contents()->add_fp64_contents(0.5);
  Eigen::MatrixXd out(2, 2);
  EXPECT_THAT(ReadOutputTensor(typed, signature, 2, 0, out).message(),
              HasSubstr("output 'p' carries 1 values; its shape [2, 2] takes 4"));

  inference::ModelInferResponse misnamed;
  AddOutput(misnamed, "q", "FP64", {2, 2});
  EXPECT_THAT(ReadOutputTensor(misnamed, signature, 2, 0, out).message(),
              HasSubstr("the answer has no output 'p'; it has 1 outputs ('q')"));

  inference::ModelInferResponse raw_missing;
  AddOutput(raw_missing, "q", "FP64", {2, 2});
  AddOutput(raw_missing, "p", "FP64", {2, 2});
  raw_missing.add_raw_output_contents(RawBytes(std::vector<double>(4)));
  EXPECT_THAT(ReadOutputTensor(raw_missing, signature, 2, 0, out).message(),
              HasSubstr("the answer's raw_output_contents has no entry for output 'p'"));
}

}  // namespace
}  // namespace glassbox::daemon
