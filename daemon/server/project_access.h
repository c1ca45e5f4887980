// The project checks of one RPC, made as its handler learns which project the
// call touches: the one a request names, or the one a stored resource is in.
// The project last entered is the call's; its audit records carry it, and
// GlassboxService::Guarded audits every refusal made here with it.
//
// A resource in a project where the caller holds no role answers exactly as a
// missing one (the store's NOT_FOUND), so ids of other projects' datasets
// (content addresses), runs and scorecards cannot be probed; a caller who sees
// the project but lacks the role for the action gets PERMISSION_DENIED.
#ifndef GLASSBOX_DAEMON_SERVER_PROJECT_ACCESS_H_
#define GLASSBOX_DAEMON_SERVER_PROJECT_ACCESS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "daemon/server/caller.h"
#include "storage/audit_log.h"
#include "storage/list_query.h"

namespace glassbox::server {

class ProjectAccess {
 public:
  ProjectAccess(const Caller& caller, std::string action) : caller_(caller), action_(std::move(action)) {}

  const Caller& caller() const { return caller_; }
  // Empty until a project is entered or admitted.
  const std::string& project() const { return project_; }
  // Whether a check here refused the call.
  bool refused() const { return refused_; }

  // The project a request's `field` names ("" is "default"), now the call's.
  // INVALID_ARGUMENT for a malformed name; PERMISSION_DENIED when the caller
  // may not call the action there.
  absl::StatusOr<std::string> Enter(const std::string& requested, absl::string_view field = "project");
  // The project of the stored resource the call acts on, now the call's:
  // `absent` (the resource's NOT_FOUND) when the caller holds no role there,
  // PERMISSION_DENIED when it lacks the role for the action.
  absl::Status Admit(const std::string& project, const absl::Status& absent);
  // `resource` (an error as it is) once its project is admitted.
  template <typename T>
  absl::StatusOr<T> Admitted(absl::StatusOr<T> resource, const absl::Status& absent) {
    if (!resource.ok()) return resource;
    if (auto status = Admit(resource->project(), absent); !status.ok()) return status;
    return resource;
  }
  // A resource the call uses (a run's dataset) must be of the call's project:
  // seen from there, another project's resource is `absent`, whatever the
  // caller may see elsewhere.
  absl::Status Use(const std::string& project, const absl::Status& absent);
  // The projects a list covers: the one requested (checked as Enter does), or
  // every project where the caller may call the action (PERMISSION_DENIED
  // when there is none).
  absl::StatusOr<storage::ProjectSet> Listed(const std::string& requested);

  // The audit record of the call's success on `resource`, in its project.
  storage::AuditRecord Audit(std::string resource) const;

 private:
  absl::Status Refuse(absl::Status status);

  const Caller& caller_;
  const std::string action_;
  std::string project_;
  bool refused_ = false;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_PROJECT_ACCESS_H_
