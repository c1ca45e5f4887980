// Connect's wire rules as the protocol's specification states them
// (connectrpc.com/docs/protocol: "Error Codes" for the HTTP statuses,
// "Streaming-Response" for the envelope).
#include "daemon/server/connect_protocol.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace glassbox::server::connect {
namespace {

using ::testing::HasSubstr;

TEST(ConnectProtocolTest, CodesMapToTheSpecificationsHttpStatuses) {
  struct Case {
    grpc::StatusCode code;
    const char* name;
    int http;
  };
  // The specification's table, row by row.
  for (const Case& c : std::vector<Case>{{grpc::StatusCode::CANCELLED, "canceled", 499},
                                         {grpc::StatusCode::UNKNOWN, "unknown", 500},
                                         {grpc::StatusCode::INVALID_ARGUMENT, "invalid_argument", 400},
                                         {grpc::StatusCode::DEADLINE_EXCEEDED, "deadline_exceeded", 504},
                                         {grpc::StatusCode::NOT_FOUND, "not_found", 404},
                                         {grpc::StatusCode::ALREADY_EXISTS, "already_exists", 409},
                                         {grpc::StatusCode::PERMISSION_DENIED, "permission_denied", 403},
                                         {grpc::StatusCode::RESOURCE_EXHAUSTED, "resource_exhausted", 429},
                                         {grpc::StatusCode::FAILED_PRECONDITION, "failed_precondition", 400},
                                         {grpc::StatusCode::ABORTED, "aborted", 409},
                                         {grpc::StatusCode::OUT_OF_RANGE, "out_of_range", 400},
                                         {grpc::StatusCode::UNIMPLEMENTED, "unimplemented", 501},
                                         {grpc::StatusCode::INTERNAL, "internal", 500},
                                         {grpc::StatusCode::UNAVAILABLE, "unavailable", 503},
                                         {grpc::StatusCode::DATA_LOSS, "data_loss", 500},
                                         {grpc::StatusCode::UNAUTHENTICATED, "unauthenticated", 401}}) {
    EXPECT_STREQ(CodeName(c.code), c.name);
    EXPECT_EQ(HttpStatus(c.code), c.http) << c.name;
  }
}

TEST(ConnectProtocolTest, AnErrorIsJsonWithItsMessageEscaped) {
  EXPECT_EQ(ErrorJson(grpc::Status(grpc::StatusCode::NOT_FOUND, "run \"r\"\\\n\x01")),
            R"({"code":"not_found","message":"run \"r\"\\\u000a\u0001"})");
}

TEST(ConnectProtocolTest, EnvelopesFrameWithABigEndianLength) {
  EXPECT_EQ(Envelope(0, "{}"), std::string("\0\0\0\0\2{}", 7));
  EXPECT_EQ(EndOfStream(grpc::Status::OK), std::string("\2\0\0\0\2{}", 7));
  std::string end = EndOfStream(grpc::Status(grpc::StatusCode::NOT_FOUND, "gone"));
  EXPECT_EQ(end.substr(5), R"({"error":{"code":"not_found","message":"gone"}})");
  EXPECT_EQ(static_cast<unsigned char>(end[4]), end.size() - 5);
  std::string long_message(300, 'x');
  std::string framed = Envelope(0, long_message);
  EXPECT_EQ(framed.substr(0, 5), std::string("\0\0\0\x01\x2c", 5));  // 300 = 0x012c
}

TEST(ConnectProtocolTest, ARequestBodyIsExactlyOneUncompressedEnvelope) {
  EXPECT_EQ(*SingleMessage(Envelope(0, R"({"id":"x"})")), R"({"id":"x"})");
  EXPECT_THAT(SingleMessage("{}").status().message(), HasSubstr("one enveloped message"));
  EXPECT_THAT(SingleMessage(Envelope(1, "{}")).status().message(), HasSubstr("flags are 1"));
  EXPECT_THAT(SingleMessage(Envelope(0, "{}") + "{}").status().message(), HasSubstr("send exactly one message"));
  EXPECT_THAT(SingleMessage(Envelope(0, "{}").substr(0, 6)).status().message(), HasSubstr("2 bytes of message but 1"));
}

}  // namespace
}  // namespace glassbox::server::connect
