#include "daemon/server/http_gateway.h"

#include <filesystem>

#include <httplib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "daemon/server/call_peer.h"
#include "daemon/server/connect_protocol.h"
#include "daemon/server/listen_address.h"

namespace glassbox::server {
namespace {

constexpr char kMethodPattern[] = R"(/glassbox\.v1\.Glassbox/([A-Za-z]+))";

void AnswerError(httplib::Response& response, const grpc::Status& status) {
  response.status = connect::HttpStatus(status.error_code());
  response.set_content(connect::ErrorJson(status), connect::kUnaryContentType);
}

// The Content-Type without parameters ("application/json; charset=utf-8").
std::string MediaType(const httplib::Request& request) {
  std::string type = request.get_header_value("Content-Type");
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(type.substr(0, type.find(';'))));
}

// The call as the gRPC server will see it: the request's credentials, request
// id, deadline and the HTTP client's address.
absl::StatusOr<JsonCall> CallOf(const httplib::Request& request, std::string method, std::string json) {
  JsonCall call{std::move(method), std::move(json), {}, absl::ZeroDuration()};
  if (request.has_header("Authorization")) call.metadata.emplace_back("authorization", request.get_header_value("Authorization"));
  if (request.has_header("X-Request-Id")) call.metadata.emplace_back("x-request-id", request.get_header_value("X-Request-Id"));
  call.metadata.emplace_back(kForwardedPeerKey, absl::StrCat(request.remote_addr.find(':') == std::string::npos ? "ipv4:" : "ipv6:",
                                                            request.remote_addr, ":", request.remote_port));
  if (request.has_header("Connect-Timeout-Ms")) {
    int64_t milliseconds = 0;
    std::string value = request.get_header_value("Connect-Timeout-Ms");
    if (!absl::SimpleAtoi(value, &milliseconds) || milliseconds <= 0 || value.size() > 10) {
      return absl::InvalidArgumentError(absl::StrCat("the Connect-Timeout-Ms header '", value.substr(0, 16),
                                                     "' is not a positive number of milliseconds (at most 10 digits)"));
    }
    call.timeout = absl::Milliseconds(milliseconds);
  }
  return call;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

}  // namespace

HttpGateway::HttpGateway(std::unique_ptr<httplib::Server> server, JsonBridge bridge)
    : server_(std::move(server)), bridge_(std::move(bridge)) {}

HttpGateway::~HttpGateway() { Stop(); }

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(const HttpGatewayOptions& options, JsonBridge bridge) {
  std::unique_ptr<httplib::Server> server;
  if (options.tls_cert.empty()) {
    server = std::make_unique<httplib::Server>();
  } else {
    auto secure = std::make_unique<httplib::SSLServer>(
        options.tls_cert.c_str(), options.tls_key.c_str(),
        options.tls_client_ca.empty() ? nullptr : options.tls_client_ca.c_str());
    if (!secure->is_valid()) {
      return absl::InvalidArgumentError(absl::StrCat("--http_listen: cannot serve HTTPS with --tls_cert ", options.tls_cert,
                                                     " and --tls_key (unreadable or not a matching PEM pair?)"));
    }
    server = std::move(secure);
  }
  const int threads = options.threads;
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server->set_payload_max_length(options.max_body_bytes);
  auto gateway = std::unique_ptr<HttpGateway>(new HttpGateway(std::move(server), std::move(bridge)));
  std::string host = HostOf(options.listen);
  gateway->Route(options, IsLoopbackHost(host));

  int port = 0;
  if (!absl::SimpleAtoi(options.listen.substr(options.listen.rfind(':') + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("--http_listen '", options.listen, "' has no port number"));
  }
  if (host.starts_with("[")) host = host.substr(1, host.size() - 2);
  if (port == 0) {
    port = gateway->server_->bind_to_any_port(host);
  } else if (!gateway->server_->bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) return absl::UnavailableError(absl::StrCat("cannot listen on --http_listen ", options.listen, " (in use?)"));
  gateway->port_ = port;
  gateway->listener_ = std::thread([server = gateway->server_.get()] { server->listen_after_bind(); });
  return gateway;
}

void HttpGateway::Route(const HttpGatewayOptions& options, bool loopback) {
  server_->set_pre_routing_handler([loopback](const httplib::Request& request, httplib::Response& response) {
    if (loopback && !IsLoopbackHost(HostOf(request.get_header_value("Host")))) {
      AnswerError(response, grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                         "this port serves loopback clients: the Host header must name 127.0.0.1, "
                                         "localhost or [::1]"));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_->set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    if (response.status == 413) {
      AnswerError(response, grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                         "the request body is larger than the daemon's message limit (--max_message_mb)"));
      response.status = 413;
    } else if (response.status == 404) {
      response.set_content("not found\n", "text/plain");
    }
  });
  server_->set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});

  server_->Post(kMethodPattern, [this](const httplib::Request& request, httplib::Response& response) {
    std::string method = request.matches[1];
    const JsonBridge::Kind kind = JsonBridge::KindOf(method);
    const bool streaming = kind == JsonBridge::Kind::kServerStreaming;
    const std::string expected = streaming ? connect::kStreamContentType : connect::kUnaryContentType;
    if (kind != JsonBridge::Kind::kMissing && kind != JsonBridge::Kind::kClientStreaming && MediaType(request) != expected) {
      AnswerError(response, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         absl::StrCat(method, " takes Content-Type ", expected, ", not '",
                                                      request.get_header_value("Content-Type"), "'")));
      response.status = 415;
      return;
    }
    std::string json = request.body;
    if (streaming) {
      auto message = connect::SingleMessage(request.body);
      if (!message.ok()) {
        response.set_content(connect::EndOfStream(ToGrpcStatus(message.status())), connect::kStreamContentType);
        return;
      }
      json = *std::move(message);
    }
    auto call = CallOf(request, method, std::move(json));
    if (!call.ok()) {
      AnswerError(response, ToGrpcStatus(call.status()));
      return;
    }
    if (!streaming) {
      std::string answer;
      grpc::Status status = bridge_.Call(*call, [&](const std::string& json) {
        answer = json;
        return true;
      });
      if (!status.ok()) return AnswerError(response, status);
      response.set_content(answer, connect::kUnaryContentType);
      return;
    }
    // A stream's errors travel in its end-of-stream message; its HTTP status is 200.
    response.set_chunked_content_provider(
        connect::kStreamContentType, [this, call = *std::move(call)](size_t, httplib::DataSink& sink) {
          grpc::Status status = bridge_.Call(call, [&](const std::string& json) {
            std::string envelope = connect::Envelope(0, json);
            return sink.is_writable() && sink.write(envelope.data(), envelope.size());
          });
          std::string end = connect::EndOfStream(status);
          if (sink.is_writable()) sink.write(end.data(), end.size());
          sink.done();
          return true;
        });
  });
  if (std::filesystem::is_directory(options.web_dir)) {
    server_->set_mount_point("/", options.web_dir);
  } else {
    server_->Get("/", [dir = options.web_dir](const httplib::Request&, httplib::Response& response) {
      response.set_content(absl::StrCat("The dashboard's files are not installed (", dir,
                                        "); build clients/web (scripts/setup.sh) or pass --web_dir.\n"),
                           "text/plain");
    });
  }
}

void HttpGateway::Stop() {
  if (!listener_.joinable()) return;
  server_->stop();
  listener_.join();
}

}  // namespace glassbox::server
