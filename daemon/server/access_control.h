// Who may call what, in which project. Without a tokens file (the loopback
// default) every caller is the local administrator of every project. With
// one, each call must carry `authorization: Bearer <token>`; the file maps
// SHA-256 hashes of tokens (never the tokens) to a principal and its grants:
//
//   # sha256-of-token                                                 principal  grants
//   9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  alice      analyst:credit-risk,auditor:*
//   60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752  bob        analyst
//
// A grant is ROLE:PROJECT, ROLE:* (every project) or ROLE alone, which means
// ROLE:* as tokens files written before projects existed do. Roles: analyst
// (upload, register, create runs and scorecards, read), auditor (read, the
// audit log; no writes), admin (everything). Most actions need their role in
// the project they touch (checked by ProjectAccess once the handler knows it);
// ListAnalyzers touches none and needs any role; ReloadPlugins needs admin:*
// and VerifyAuditLog auditor:* or admin:* (the chain covers every project).
#ifndef GLASSBOX_DAEMON_SERVER_ACCESS_CONTROL_H_
#define GLASSBOX_DAEMON_SERVER_ACCESS_CONTROL_H_

#include <map>
#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "daemon/server/caller.h"
#include "storage/list_query.h"

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
  // Before a call starts: PERMISSION_DENIED naming the role needed when
  // `caller` may call `action` in no project (ReloadPlugins, VerifyAuditLog:
  // not in every project), or when the action is unknown.
  static absl::Status Authorize(const Caller& caller, const std::string& action);

  // Whether `caller` may call `action` in `project`.
  static bool Allows(const Caller& caller, const std::string& action, const std::string& project);
  // Whether `caller` holds any role in `project` (every role reads).
  static bool Sees(const Caller& caller, const std::string& project);
  // The projects where `caller` may call `action`.
  static storage::ProjectSet ProjectsAllowing(const Caller& caller, const std::string& action);
  // Why `caller` may not call `action` in `project` ("": in any project),
  // naming the roles it needs.
  static std::string Refusal(const Caller& caller, const std::string& action, const std::string& project);

 private:
  struct Grant {
    std::string principal;
    std::string text;
    std::map<std::string, std::set<std::string>> roles;
  };

  bool enabled_ = false;
  std::map<std::string, Grant> grants_;  // by token hash
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_ACCESS_CONTROL_H_
