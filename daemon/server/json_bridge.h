// Calls a method of glassbox.v1.Glassbox with a request in protobuf's JSON
// mapping, over a channel to the daemon's own gRPC server (in process), and
// hands back each response in the same mapping. The HTTP gateway uses it so
// that a call from the browser reaches exactly the handlers, interceptors,
// checks, access control, projects and audit of a gRPC call: the JSON is
// parsed into the method's request message (unknown fields and ill-typed
// values refused, naming them; a body that is not UTF-8 refused, naming the
// byte), serialized, and sent as any client's would.
#ifndef GLASSBOX_DAEMON_SERVER_JSON_BRIDGE_H_
#define GLASSBOX_DAEMON_SERVER_JSON_BRIDGE_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include "absl/time/time.h"

namespace glassbox::server {

struct JsonCall {
  // The method's name in the service, e.g. "ListRuns".
  std::string method;
  std::string request_json;
  // Sent as the call's metadata (lowercase keys: authorization, x-request-id).
  std::vector<std::pair<std::string, std::string>> metadata;
  // Zero: no deadline.
  absl::Duration timeout = absl::ZeroDuration();
};

class JsonBridge {
 public:
  enum class Kind { kUnary, kServerStreaming, kClientStreaming, kMissing };

  explicit JsonBridge(std::shared_ptr<grpc::Channel> in_process) : channel_(std::move(in_process)) {}

  static Kind KindOf(const std::string& method);

  // Runs `call`, passing each response, as JSON, to `on_response`; when it
  // returns false (the HTTP client went away) the call is cancelled. A
  // client-streaming or missing method is UNIMPLEMENTED.
  grpc::Status Call(const JsonCall& call, const std::function<bool(const std::string&)>& on_response) const;

 private:
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_JSON_BRIDGE_H_
