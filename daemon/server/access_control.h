// Who may call what. Without a tokens file (the loopback default) every
// caller is the local administrator. With one, each call must carry
// `authorization: Bearer <token>`; the file maps SHA-256 hashes of tokens
// (never the tokens) to a principal and roles:
//
//   # sha256-of-token                                                 principal  roles
//   9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  alice      analyst
//
// Roles: analyst (upload, register, create runs and scorecards, read),
// auditor (read everything, the audit log; no writes), admin (everything,
// including plugin reloads).
#ifndef GLASSBOX_DAEMON_SERVER_ACCESS_CONTROL_H_
#define GLASSBOX_DAEMON_SERVER_ACCESS_CONTROL_H_

#include <map>
#include <optional>
#include <set>
#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "daemon/server/caller.h"

namespace glassbox::server {

class AccessControl {
 public:
  // Everyone is the local administrator.
  AccessControl() = default;
  // INVALID_ARGUMENT naming the line of a malformed file; FAILED_PRECONDITION
  // for a file its group or others may read or write (private_file.h).
  static absl::StatusOr<AccessControl> FromTokensFile(const std::string& path);

  bool enabled() const { return enabled_; }

  // The caller of an RPC, or UNAUTHENTICATED for a missing or unknown token.
  absl::StatusOr<Caller> Identify(const grpc::ServerContext& context) const;
  // PERMISSION_DENIED naming the role needed when `caller` may not call `action`.
  absl::Status Authorize(const Caller& caller, const std::string& action) const;

 private:
  struct Grant {
    std::string principal;
    std::set<std::string> roles;
  };

  bool enabled_ = false;
  std::map<std::string, Grant> grants_;  // by token hash
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_ACCESS_CONTROL_H_
