#include "daemon/server/call_peer.h"

namespace glassbox::server {

std::string CallPeer(const grpc::ServerContext& context) {
  std::string peer = context.peer();
  if (peer != "inproc") return peer;
  const auto& metadata = context.client_metadata();
  auto forwarded = metadata.find(kForwardedPeerKey);
  if (forwarded == metadata.end()) return peer;
  return "http:" + std::string(forwarded->second.data(), forwarded->second.size());
}

}  // namespace glassbox::server
