// A running glassboxd: storage opened, plugins loaded, gRPC server listening
// (with health checking and reflection), scheduler started.
#ifndef GLASSBOX_DAEMON_SERVER_DAEMON_H_
#define GLASSBOX_DAEMON_SERVER_DAEMON_H_

#include <memory>

#include <grpcpp/server.h>

#include "absl/status/statusor.h"
#include "daemon/server/daemon_config.h"

namespace glassbox::server {

class Daemon {
 public:
  static absl::StatusOr<std::unique_ptr<Daemon>> Start(const DaemonConfig& config);
  ~Daemon();

  int port() const { return port_; }
  // The HTTP port (http_gateway.h); 0 when --http_listen is empty.
  int http_port() const;
  // Blocks until Shutdown() is called from another thread.
  void Wait();
  // Stops accepting calls, ends runs in flight as INTERRUPTED, closes storage.
  void Shutdown();

 private:
  struct Parts;
  explicit Daemon(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
  int port_ = 0;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_DAEMON_H_
