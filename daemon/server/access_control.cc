#include "daemon/server/access_control.h"

#include <unistd.h>

#include <atomic>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "daemon/common/private_file.h"
#include "daemon/server/project_name.h"
#include "storage/sha256.h"

namespace glassbox::server {
namespace {

constexpr char kEveryProject[] = "*";

enum class Permission { kRead, kWrite, kAudit, kAdminister };

// Where a permission must be held: in the project the call touches (and so,
// checked before the call starts, in some project), or in every project (a
// ROLE:* grant).
enum class Scope { kProject, kEveryProject };

struct Rule {
  Permission permission;
  Scope scope = Scope::kProject;
};

// Every RPC and what it needs; an RPC missing here is refused.
const std::map<std::string, Rule>& Rules() {
  static const auto* rules = new std::map<std::string, Rule>{
      {"UploadDataset", {Permission::kWrite}},
      {"GetDataset", {Permission::kRead}},
      {"ListDatasets", {Permission::kRead}},
      {"GetPrivacyLedger", {Permission::kRead}},
      {"SetPrivacyBudget", {Permission::kAdminister}},
      {"RegisterModel", {Permission::kWrite}},
      {"GetModel", {Permission::kRead}},
      {"ListModels", {Permission::kRead}},
      {"ListModelVersions", {Permission::kRead}},
      {"WhatIf", {Permission::kRead}},
      {"ListAnalyzers", {Permission::kRead}},
      {"ReloadPlugins", {Permission::kAdminister, Scope::kEveryProject}},
      {"CreateRun", {Permission::kWrite}},
      {"GetRun", {Permission::kRead}},
      {"ListRuns", {Permission::kRead}},
      {"WatchRun", {Permission::kRead}},
      {"CancelRun", {Permission::kWrite}},
      {"GetInsight", {Permission::kRead}},
      {"ListInsights", {Permission::kRead}},
      {"CompareRuns", {Permission::kRead}},
      {"CreateScorecard", {Permission::kWrite}},
      {"GetScorecard", {Permission::kRead}},
      {"ListScorecards", {Permission::kRead}},
      {"ListAuditEvents", {Permission::kAudit}},
      {"VerifyAuditLog", {Permission::kAudit, Scope::kEveryProject}},
      {"GetLineage", {Permission::kRead}},
  };
  return *rules;
}

bool RoleGrants(const std::string& role, Permission permission) {
  if (role == "admin") return true;
  if (role == "analyst") return permission == Permission::kRead || permission == Permission::kWrite;
  if (role == "auditor") return permission == Permission::kRead || permission == Permission::kAudit;
  return false;
}

const char* RolesFor(Permission permission) {
  switch (permission) {
    case Permission::kRead: return "analyst, auditor or admin";
    case Permission::kWrite: return "analyst or admin";
    case Permission::kAudit: return "auditor or admin";
    default: return "admin";
  }
}

bool Holds(const Caller& caller, Permission permission, const std::string& project) {
  auto roles = caller.roles.find(project);
  if (roles == caller.roles.end()) return false;
  for (const auto& role : roles->second) {
    if (RoleGrants(role, permission)) return true;
  }
  return false;
}

bool HoldsIn(const Caller& caller, Permission permission, const std::string& project) {
  return Holds(caller, permission, kEveryProject) || Holds(caller, permission, project);
}

std::string NewRequestId(const grpc::ServerContext& context) {
  static std::atomic<uint64_t> counter{0};
  const auto& metadata = context.client_metadata();
  if (auto it = metadata.find("x-request-id"); it != metadata.end()) return std::string(it->second.data(), it->second.size());
  return absl::StrCat("req-", getpid(), "-", counter++);
}

}  // namespace

absl::StatusOr<AccessControl> AccessControl::FromTokensFile(const std::string& path) {
  auto text = ReadPrivateFile(path, "--tokens_file");
  if (!text.ok()) return text.status();
  std::istringstream in(*text);
  AccessControl control;
  control.enabled_ = true;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::vector<std::string> fields = absl::StrSplit(line.substr(0, line.find('#')), ' ', absl::SkipWhitespace());
    if (fields.empty()) continue;
    std::string where = absl::StrCat("--tokens_file ", path, " line ", number);
    if (fields.size() != 3 || fields[0].size() != 64 ||
        fields[0].find_first_not_of("0123456789abcdef") != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": expected '<sha256 of the token, 64 lowercase hex> <principal> <role>[:<project>|:*][,...]'"));
    }
    Grant grant{fields[1], {}, {}};
    std::set<std::string> texts;
    for (absl::string_view entry : absl::StrSplit(fields[2], ',')) {
      std::pair<std::string, std::string> parts = absl::StrSplit(entry, absl::MaxSplits(':', 1));
      auto& [role, project] = parts;
      if (role != "analyst" && role != "auditor" && role != "admin") {
        return absl::InvalidArgumentError(absl::StrCat(where, ": role '", role, "' is not analyst, auditor or admin"));
      }
      if (entry.find(':') == absl::string_view::npos) project = kEveryProject;
      if (project != kEveryProject) {
        if (auto status = CheckProjectName(project, absl::StrCat("grant '", entry, "': project")); !status.ok()) {
          return absl::InvalidArgumentError(absl::StrCat(where, ": ", status.message(), ", or '*' for every project"));
        }
      }
      grant.roles[project].insert(role);
      texts.insert(std::string(entry));
    }
    grant.text = absl::StrJoin(texts, ",");
    control.grants_[fields[0]] = std::move(grant);
  }
  if (control.grants_.empty()) return absl::InvalidArgumentError(absl::StrCat("--tokens_file ", path, " grants no token"));
  return control;
}

absl::StatusOr<Caller> AccessControl::Identify(const grpc::ServerContext& context) const {
  Caller caller{"local", "admin", NewRequestId(context), {{kEveryProject, {"admin"}}}};
  if (!enabled_) return caller;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  std::string header = it == metadata.end() ? "" : std::string(it->second.data(), it->second.size());
  if (!header.starts_with("Bearer ")) {
    return absl::UnauthenticatedError("no bearer token: send the metadata 'authorization: Bearer <token>' "
                                      "(glassbox --token, or GLASSBOX_TOKEN / GLASSBOX_TOKEN_FILE)");
  }
  auto grant = grants_.find(storage::Sha256Hex(header.substr(7)));
  if (grant == grants_.end()) return absl::UnauthenticatedError("the bearer token is not one this daemon accepts");
  caller.principal = grant->second.principal;
  caller.role = grant->second.text;
  caller.roles = grant->second.roles;
  return caller;
}

absl::Status AccessControl::Authorize(const Caller& caller, const std::string& action) {
  auto rule = Rules().find(action);
  if (rule == Rules().end()) return absl::PermissionDeniedError(absl::StrCat(action, " is not permitted"));
  const Permission permission = rule->second.permission;
  const bool every = rule->second.scope == Scope::kEveryProject;
  for (const auto& [project, roles] : caller.roles) {
    if ((!every || project == kEveryProject) && Holds(caller, permission, project)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(caller.principal, " (", caller.role, ") may not call ", action,
                                                  "; it needs the role ", RolesFor(permission),
                                                  every ? " in every project (ROLE:*)" : " in some project"));
}

bool AccessControl::Allows(const Caller& caller, const std::string& action, const std::string& project) {
  auto rule = Rules().find(action);
  return rule != Rules().end() && HoldsIn(caller, rule->second.permission, project);
}

bool AccessControl::Sees(const Caller& caller, const std::string& project) {
  return HoldsIn(caller, Permission::kRead, project);
}

storage::ProjectSet AccessControl::ProjectsAllowing(const Caller& caller, const std::string& action) {
  auto rule = Rules().find(action);
  if (rule == Rules().end()) return {};
  if (Holds(caller, rule->second.permission, kEveryProject)) return storage::ProjectSet::All();
  storage::ProjectSet projects;
  for (const auto& [project, roles] : caller.roles) {
    if (Holds(caller, rule->second.permission, project)) projects.names.push_back(project);
  }
  return projects;
}

std::string AccessControl::Refusal(const Caller& caller, const std::string& action, const std::string& project) {
  auto rule = Rules().find(action);
  const char* roles = rule == Rules().end() ? "admin" : RolesFor(rule->second.permission);
  std::string where = project.empty() ? "any project" : absl::StrCat("project '", project, "'");
  return absl::StrCat(caller.principal, " (", caller.role, ") may not call ", action, " in ", where,
                      "; it needs the role ", roles, " there");
}

}  // namespace glassbox::server
