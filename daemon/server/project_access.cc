#include "daemon/server/project_access.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/server/access_control.h"
#include "daemon/server/project_name.h"

namespace glassbox::server {

absl::StatusOr<std::string> ProjectAccess::Enter(const std::string& requested, absl::string_view field) {
  std::string project = requested.empty() ? kDefaultProject : requested;
  if (auto status = CheckProjectName(project, field); !status.ok()) return status;
  project_ = project;
  if (!AccessControl::Allows(caller_, action_, project)) {
    return Refuse(absl::PermissionDeniedError(AccessControl::Refusal(caller_, action_, project)));
  }
  return project;
}

absl::Status ProjectAccess::Admit(const std::string& project, const absl::Status& absent) {
  project_ = project;
  if (!AccessControl::Sees(caller_, project)) return Refuse(absent);
  if (!AccessControl::Allows(caller_, action_, project)) {
    return Refuse(absl::PermissionDeniedError(AccessControl::Refusal(caller_, action_, project)));
  }
  return absl::OkStatus();
}

absl::Status ProjectAccess::Use(const std::string& project, const absl::Status& absent) {
  return project == project_ ? absl::OkStatus() : Refuse(absent);
}

absl::StatusOr<storage::ProjectSet> ProjectAccess::Listed(const std::string& requested) {
  if (!requested.empty()) {
    auto project = Enter(requested);
    if (!project.ok()) return project.status();
    return storage::ProjectSet::Only(*std::move(project));
  }
  storage::ProjectSet projects = AccessControl::ProjectsAllowing(caller_, action_);
  if (!projects.every && projects.names.empty()) {
    return Refuse(absl::PermissionDeniedError(AccessControl::Refusal(caller_, action_, "")));
  }
  if (projects.names.size() == 1) project_ = projects.names.front();
  return projects;
}

storage::AuditRecord ProjectAccess::Audit(std::string resource) const {
  return {caller_.principal, caller_.role, action_, std::move(resource), "OK", caller_.request_id, "", project_};
}

absl::Status ProjectAccess::Refuse(absl::Status status) {
  refused_ = true;
  return status;
}

}  // namespace glassbox::server
