// Where a call came from, for grouping refusals (refusal_audit.h): gRPC's
// peer (ipv4:1.2.3.4:5678), or, for a call the HTTP gateway forwards over the
// in-process channel, the HTTP client's address, which the gateway sends as
// the metadata kForwardedPeerKey. That metadata is believed only on an
// in-process call, which nothing outside the daemon can make.
#ifndef GLASSBOX_DAEMON_SERVER_CALL_PEER_H_
#define GLASSBOX_DAEMON_SERVER_CALL_PEER_H_

#include <string>

#include <grpcpp/server_context.h>

namespace glassbox::server {

inline constexpr char kForwardedPeerKey[] = "x-glassbox-http-peer";

std::string CallPeer(const grpc::ServerContext& context);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_CALL_PEER_H_
