#include "daemon/server/connect_protocol.h"

#include "absl/strings/str_cat.h"

namespace glassbox::server::connect {
namespace {

// JSON string contents: quotes, backslashes and control characters escaped;
// the message is UTF-8 already (gRPC statuses are).
std::string JsonQuoted(absl::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "ok";
    case grpc::StatusCode::CANCELLED: return "canceled";
    case grpc::StatusCode::INVALID_ARGUMENT: return "invalid_argument";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "deadline_exceeded";
    case grpc::StatusCode::NOT_FOUND: return "not_found";
    case grpc::StatusCode::ALREADY_EXISTS: return "already_exists";
    case grpc::StatusCode::PERMISSION_DENIED: return "permission_denied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "resource_exhausted";
    case grpc::StatusCode::FAILED_PRECONDITION: return "failed_precondition";
    case grpc::StatusCode::ABORTED: return "aborted";
    case grpc::StatusCode::OUT_OF_RANGE: return "out_of_range";
    case grpc::StatusCode::UNIMPLEMENTED: return "unimplemented";
    case grpc::StatusCode::INTERNAL: return "internal";
    case grpc::StatusCode::UNAVAILABLE: return "unavailable";
    case grpc::StatusCode::DATA_LOSS: return "data_loss";
    case grpc::StatusCode::UNAUTHENTICATED: return "unauthenticated";
    default: return "unknown";
  }
}

int HttpStatus(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return 200;
    case grpc::StatusCode::CANCELLED: return 499;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE: return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED: return 504;
    case grpc::StatusCode::NOT_FOUND: return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED: return 409;
    case grpc::StatusCode::PERMISSION_DENIED: return 403;
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return 429;
    case grpc::StatusCode::UNIMPLEMENTED: return 501;
    case grpc::StatusCode::UNAVAILABLE: return 503;
    case grpc::StatusCode::UNAUTHENTICATED: return 401;
    default: return 500;
  }
}

std::string ErrorJson(const grpc::Status& status) {
  return absl::StrCat("{\"code\":\"", CodeName(status.error_code()), "\",\"message\":", JsonQuoted(status.error_message()),
                      "}");
}

std::string Envelope(uint8_t flags, absl::string_view message) {
  std::string out(5, '\0');
  out[0] = static_cast<char>(flags);
  const uint32_t size = static_cast<uint32_t>(message.size());
  for (int i = 0; i < 4; ++i) out[1 + i] = static_cast<char>((size >> (8 * (3 - i))) & 0xff);
  out.append(message.data(), message.size());
  return out;
}

std::string EndOfStream(const grpc::Status& status) {
  return Envelope(kEndStreamFlag, status.ok() ? "{}" : absl::StrCat("{\"error\":", ErrorJson(status), "}"));
}

absl::StatusOr<std::string> SingleMessage(absl::string_view body) {
  if (body.size() < 5) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a streaming call's body is one enveloped message (1 flags byte, 4-byte big-endian length, the JSON); got ",
        body.size(), " bytes"));
  }
  const auto flags = static_cast<uint8_t>(body[0]);
  if (flags != 0) {
    return absl::InvalidArgumentError(absl::StrCat("the request envelope's flags are ", flags,
                                                   "; send 0 (uncompressed, not end-of-stream)"));
  }
  uint32_t size = 0;
  for (int i = 1; i < 5; ++i) size = (size << 8) | static_cast<uint8_t>(body[i]);
  if (size != body.size() - 5) {
    return absl::InvalidArgumentError(absl::StrCat("the request envelope says ", size, " bytes of message but ",
                                                   body.size() - 5, " follow; send exactly one message"));
  }
  return std::string(body.substr(5));
}

}  // namespace glassbox::server::connect
