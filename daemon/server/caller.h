// Who is calling an RPC, for authorisation and the audit log.
#ifndef GLASSBOX_DAEMON_SERVER_CALLER_H_
#define GLASSBOX_DAEMON_SERVER_CALLER_H_

#include <string>

#include "storage/audit_log.h"

namespace glassbox::server {

struct Caller {
  std::string principal;
  // Comma-separated roles.
  std::string role;
  // The client's x-request-id metadata, or one made up for the call.
  std::string request_id;

  storage::AuditRecord Audit(std::string action, std::string resource) const {
    return {principal, role, std::move(action), std::move(resource), "OK", request_id, ""};
  }
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_CALLER_H_
