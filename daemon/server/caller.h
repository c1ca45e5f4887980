// Who is calling an RPC, for authorisation and the audit log.
#ifndef GLASSBOX_DAEMON_SERVER_CALLER_H_
#define GLASSBOX_DAEMON_SERVER_CALLER_H_

#include <map>
#include <set>
#include <string>

namespace glassbox::server {

struct Caller {
  std::string principal;
  // The caller's grants as the audit log records them, comma-separated:
  // "analyst" (a role in every project) or "analyst:credit-risk".
  std::string role;
  // The client's x-request-id metadata, or one made up for the call.
  std::string request_id;
  // Roles by project; the project "*" stands for every project.
  std::map<std::string, std::set<std::string>> roles;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_CALLER_H_
