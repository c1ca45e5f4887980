// The Connect protocol's wire rules (connectrpc.com/docs/protocol) that the
// HTTP gateway speaks: gRPC status codes as Connect's code names and HTTP
// statuses, Connect's JSON error body, and the envelope that frames each
// message of a streaming call (one flags byte, a 4-byte big-endian length,
// the message; flag 0x02 marks the end-of-stream message, a JSON object
// holding the call's error, if any).
#ifndef GLASSBOX_DAEMON_SERVER_CONNECT_PROTOCOL_H_
#define GLASSBOX_DAEMON_SERVER_CONNECT_PROTOCOL_H_

#include <cstdint>
#include <string>

#include <grpcpp/support/status.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace glassbox::server::connect {

inline constexpr char kUnaryContentType[] = "application/json";
inline constexpr char kStreamContentType[] = "application/connect+json";
inline constexpr uint8_t kEndStreamFlag = 0x02;

// "invalid_argument", "not_found", ... as Connect names gRPC's codes.
const char* CodeName(grpc::StatusCode code);
// The HTTP status of a unary call that ends with `code` (Connect's table:
// invalid_argument 400, unauthenticated 401, permission_denied 403,
// not_found 404, resource_exhausted 429, unavailable 503, ...).
int HttpStatus(grpc::StatusCode code);
// {"code":"invalid_argument","message":"..."}; no object for OK.
std::string ErrorJson(const grpc::Status& status);

std::string Envelope(uint8_t flags, absl::string_view message);
// The end-of-stream message: {} after success, {"error":{...}} otherwise.
std::string EndOfStream(const grpc::Status& status);
// The one message of a streaming request's body, which must be exactly one
// uncompressed envelope; INVALID_ARGUMENT saying what is wrong otherwise.
absl::StatusOr<std::string> SingleMessage(absl::string_view body);

}  // namespace glassbox::server::connect

#endif  // GLASSBOX_DAEMON_SERVER_CONNECT_PROTOCOL_H_
