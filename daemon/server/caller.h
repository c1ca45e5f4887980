// Who is calling an RPC, for authorisation and the audit log.
#ifndef GLASSBOX_DAEMON_SERVER_CALLER_H_
#define GLASSBOX_DAEMON_SERVER_CALLER_H_

#include <string>

#include <grpcpp/server_context.h>

#include "storage/audit_log.h"

namespace glassbox::server {

struct Caller {
  std::string principal;
  std::string role;
  // The client's x-request-id metadata, or one made up for the call.
  std::string request_id;

  storage::AuditRecord Audit(std::string action, std::string resource) const {
    return {principal, role, std::move(action), std::move(resource), "OK", request_id, ""};
  }
};

// On the loopback interface, with no authentication configured, every caller
// is the local administrator.
Caller IdentifyCaller(const grpc::ServerContext& context);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_CALLER_H_
