// glassboxd's HTTP port: the dashboard's files at / and the API in the
// Connect protocol's JSON form (connect_protocol.h) at
// POST /glassbox.v1.Glassbox/<Method>: unary calls as application/json,
// server-streaming ones (WatchRun, GetScorecard) as application/connect+json
// envelopes. Every call goes through JsonBridge to the gRPC server in the same
// process, carrying the caller's `Authorization` and `X-Request-Id` headers
// and address as its metadata, so HTTP adds no rules of its own beyond:
//  - a body over `max_body_bytes` (the gRPC message limit) is
//    RESOURCE_EXHAUSTED, before it is read whole;
//  - a call with another Content-Type is refused (415), which also keeps other
//    web sites' forms from posting to it;
//  - on a loopback listener, a Host header that does not name a loopback
//    address is refused (403), so a web page whose name resolves to 127.0.0.1
//    (DNS rebinding) cannot reach the token-less local API.
// With a TLS certificate it serves HTTPS only (and with a client CA, requires
// client certificates), as the gRPC port does.
#ifndef GLASSBOX_DAEMON_SERVER_HTTP_GATEWAY_H_
#define GLASSBOX_DAEMON_SERVER_HTTP_GATEWAY_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "daemon/server/json_bridge.h"

namespace httplib {
class Server;
}

namespace glassbox::server {

struct HttpGatewayOptions {
  // host:port (port 0 picks a free one); [::1]:port for IPv6.
  std::string listen;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  // The dashboard's built files; when the folder is missing, / says so.
  std::string web_dir;
  size_t max_body_bytes = size_t{64} << 20;
  // HTTP calls served at once (a WatchRun holds one while it streams); more wait.
  int threads = 16;
};

class HttpGateway {
 public:
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(const HttpGatewayOptions& options, JsonBridge bridge);
  ~HttpGateway();

  int port() const { return port_; }
  // Stops listening and waits for the calls being served.
  void Stop();

 private:
  HttpGateway(std::unique_ptr<httplib::Server> server, JsonBridge bridge);
  void Route(const HttpGatewayOptions& options, bool loopback);

  std::unique_ptr<httplib::Server> server_;
  JsonBridge bridge_;
  std::thread listener_;
  int port_ = 0;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_HTTP_GATEWAY_H_
