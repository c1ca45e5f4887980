#include "daemon/models/model_bytes_check.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::daemon {
namespace {

using ::glassbox::testing::ReadFileBytes;
using ::testing::HasSubstr;

std::string IrisUbjson() {
  return ReadFileBytes(std::string(GLASSBOX_SOURCE_DIR) + "/tests/daemon/models/testdata/iris_softprob.ubj");
}

TEST(CheckModelBytesTest, AcceptsXgboostJsonAndUbjson) {
  EXPECT_TRUE(CheckModelBytes(ReadFileBytes(glassbox::testing::DatasetPath("adult_xgb.json"))).ok());
  EXPECT_TRUE(CheckModelBytes(IrisUbjson()).ok());
}

TEST(CheckModelBytesTest, RefusesEveryTruncationOfAUbjsonModel) {
  const std::string ubj = IrisUbjson();
  for (size_t length = 1; length < ubj.size(); ++length) {
    const absl::Status status = CheckModelBytes(std::string_view(ubj).substr(0, length));
    ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << length;
  }
}

TEST(CheckModelBytesTest, RefusesLengthsPastTheEnd) {
  // The first key, "learner": '{', 'L', its int64 length (big-endian), the bytes.
  std::string ubj = IrisUbjson();
  ASSERT_EQ(ubj.substr(0, 2), "{L");
  ASSERT_EQ(ubj.substr(10, 7), "learner");
  ubj[4] = '\x7f';  // length now about 2^40
  EXPECT_THAT(CheckModelBytes(ubj).message(), HasSubstr("UBJSON ends early"));
  ubj[2] = '\xff';  // negative
  EXPECT_THAT(CheckModelBytes(ubj).message(), HasSubstr("negative length"));
}

TEST(CheckModelBytesTest, RefusesTrailingBytesAndUnknownMarkers) {
  EXPECT_THAT(CheckModelBytes(IrisUbjson() + "x").message(), HasSubstr("1 trailing bytes"));
  EXPECT_THAT(CheckModelBytes(std::string("{L\0\0\0\0\0\0\0\1aQ}", 13)).message(),
              HasSubstr("unknown marker at byte 11"));
}

TEST(CheckModelBytesTest, RefusesDeepNesting) {
  const std::string deep_json = "{\"a\": " + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_THAT(CheckModelBytes(deep_json).message(), HasSubstr("JSON nests too deep"));
  const std::string brackets_in_strings = "{\"a\": \"" + std::string(100, '[') + "\"}";
  EXPECT_TRUE(CheckModelBytes(brackets_in_strings).ok());
  std::string deep_ubjson =
      std::string("{L\0\0\0\0\0\0\0\1a", 11) + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_THAT(CheckModelBytes(deep_ubjson).message(), HasSubstr("UBJSON nests too deep"));
}

TEST(CheckModelBytesTest, RefusesOtherFormats) {
  EXPECT_EQ(CheckModelBytes("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(CheckModelBytes("binf\x01\x02").message(), HasSubstr("legacy binary format is not read"));
  EXPECT_THAT(CheckModelBytes(" {\"learner\": {}}").message(), HasSubstr("not XGBoost JSON or UBJSON"));
}

}  // namespace
}  // namespace glassbox::daemon
