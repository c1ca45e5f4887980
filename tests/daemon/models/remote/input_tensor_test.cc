#include "daemon/models/remote/input_tensor.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace glassbox::daemon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsNan;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Numeric "a" and categorical "color" (the table's categories sorted: blue, green, red).
sdk::Table ColorTable() {
  sdk::Table table;
  EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric("a", {1.5, -2.0, kNaN, 0.1})).ok());
  EXPECT_TRUE(table.AddColumn(sdk::Column::Categorical("color", {"blue", "green", "red"}, {2, 0, -1, 1})).ok());
  return table;
}

// The model reads color first, coded red = 0, green = 1, blue = 2, then a.
FeatureEncoder ColorEncoder() {
  absl::StatusOr<FeatureEncoder> encoder =
      FeatureEncoder::Create({{"color", true, {"red", "green", "blue"}}, {"a", false, {}}});
  EXPECT_TRUE(encoder.ok()) << encoder.status();
  return *std::move(encoder);
}

InputTensorWriter Writer(const FeatureEncoder& encoder, const sdk::Table& table, TensorDatatype datatype, bool raw) {
  absl::StatusOr<InputTensorWriter> writer = InputTensorWriter::Bind(encoder, table, datatype, raw);
  EXPECT_TRUE(writer.ok()) << writer.status();
  return *std::move(writer);
}

std::vector<int64_t> Shape(const inference::ModelInferRequest& request) {
  return {request.inputs(0).shape().begin(), request.inputs(0).shape().end()};
}

TEST(InputTensorTest, RawFp32IsLittleEndianRowMajorInTheModelsOrderAndCodes) {
  const sdk::Table table = ColorTable();
  const FeatureEncoder encoder = ColorEncoder();
  const InputTensorWriter writer = Writer(encoder, table, TensorDatatype::kFp32, /*raw=*/true);
  inference::ModelInferRequest request;
  InputScratch scratch;
  writer.Write(0, 2, scratch, request);
  EXPECT_THAT(Shape(request), ElementsAre(2, 2));
  ASSERT_EQ(request.raw_input_contents_size(), 1);
  EXPECT_FALSE(request.inputs(0).has_contents());
  // IEEE 754 single precision, least significant byte first: red = 0.0f, 1.5f = 0x3FC00000,
  // blue = 2.0f = 0x40000000, -2.0f = 0xC0000000.
  const std::string expected(
      "\x00\x00\x00\x00"
      "\x00\x00\xC0\x3F"
      "\x00\x00\x00\x40"
      "\x00\x00\x00\xC0",
      16);
  EXPECT_EQ(request.raw_input_contents(0), expected);

  // The next batch replaces the contents; a missing category and a missing number are NaN.
  writer.Write(2, 4, scratch, request);
  EXPECT_THAT(Shape(request), ElementsAre(2, 2));
  ASSERT_EQ(request.raw_input_contents_size(), 1);
  const std::string& bytes = request.raw_input_contents(0);
  ASSERT_EQ(bytes.size(), 16u);
  float cells[4];
  std::memcpy(cells, bytes.data(), sizeof(cells));
  EXPECT_THAT(cells, ElementsAre(IsNan(), IsNan(), 1.0f, 0.1f));
}

TEST(InputTensorTest, TypedFp32) {
  const sdk::Table table = ColorTable();
  const FeatureEncoder encoder = ColorEncoder();
  inference::ModelInferRequest request;
  InputScratch scratch;
  Writer(encoder, table, TensorDatatype::kFp32, /*raw=*/false).Write(0, 4, scratch, request);
  EXPECT_THAT(Shape(request), ElementsAre(4, 2));
  EXPECT_EQ(request.raw_input_contents_size(), 0);
  EXPECT_THAT(request.inputs(0).contents().fp32_contents(),
              ElementsAre(0.0f, 1.5f, 2.0f, -2.0f, IsNan(), IsNan(), 1.0f, 0.1f));
}

TEST(InputTensorTest, Fp64CarriesNumbersAtDoublePrecision) {
  const sdk::Table table = ColorTable();
  const FeatureEncoder encoder = ColorEncoder();
  inference::ModelInferRequest request;
  InputScratch scratch;
  Writer(encoder, table, TensorDatatype::kFp64, /*raw=*/false).Write(1, 4, scratch, request);
  EXPECT_THAT(Shape(request), ElementsAre(3, 2));
  // 0.1 itself, not the float nearest to it (0.100000001490116...).
  EXPECT_THAT(request.inputs(0).contents().fp64_contents(), ElementsAre(2.0, -2.0, IsNan(), IsNan(), 1.0, 0.1));

  inference::ModelInferRequest raw_request;
  Writer(encoder, table, TensorDatatype::kFp64, /*raw=*/true).Write(3, 4, scratch, raw_request);
  // 1.0 = 0x3FF0000000000000 and 0.1 = 0x3FB999999999999A, least significant byte first.
  const std::string expected(
      "\x00\x00\x00\x00\x00\x00\xF0\x3F"
      "\x9A\x99\x99\x99\x99\x99\xB9\x3F",
      16);
  ASSERT_EQ(raw_request.raw_input_contents_size(), 1);
  EXPECT_EQ(raw_request.raw_input_contents(0), expected);
}

TEST(InputTensorTest, RefusesATableWithoutTheModelsFeatures) {
  sdk::Table table;
  ASSERT_TRUE(table.AddColumn(sdk::Column::Numeric("a", {1.0})).ok());
  const FeatureEncoder encoder = ColorEncoder();
  const absl::Status status = InputTensorWriter::Bind(encoder, table, TensorDatatype::kFp32, true).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("color"));
}

}  // namespace
}  // namespace glassbox::daemon
