#include "daemon/server/access_control.h"

#include <unistd.h>

#include <atomic>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "daemon/common/private_file.h"
#include "storage/sha256.h"

namespace glassbox::server {
namespace {

enum class Permission { kRead, kWrite, kAudit, kAdminister };

// Every RPC and what it needs; an RPC missing here is refused.
const std::map<std::string, Permission>& Permissions() {
  static const auto* permissions = new std::map<std::string, Permission>{
      {"UploadDataset", Permission::kWrite},     {"GetDataset", Permission::kRead},
      {"ListDatasets", Permission::kRead},       {"RegisterModel", Permission::kWrite},
      {"GetModel", Permission::kRead},           {"ListModels", Permission::kRead},
      {"ListModelVersions", Permission::kRead},  {"WhatIf", Permission::kRead},
      {"ListAnalyzers", Permission::kRead},      {"ReloadPlugins", Permission::kAdminister},
      {"CreateRun", Permission::kWrite},         {"GetRun", Permission::kRead},
      {"ListRuns", Permission::kRead},           {"WatchRun", Permission::kRead},
      {"CancelRun", Permission::kWrite},         {"GetInsight", Permission::kRead},
      {"ListInsights", Permission::kRead},       {"CreateScorecard", Permission::kWrite},
      {"GetScorecard", Permission::kRead},       {"ListScorecards", Permission::kRead},
      {"ListAuditEvents", Permission::kAudit},   {"VerifyAuditLog", Permission::kAudit},
      {"GetLineage", Permission::kRead},
  };
  return *permissions;
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
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": expected '<sha256 of the token, 64 lowercase hex> <principal> <role>[,<role>...]'"));
    }
    Grant grant{fields[1], {}};
    for (auto role : absl::StrSplit(fields[2], ',')) {
      if (role != "analyst" && role != "auditor" && role != "admin") {
        return absl::InvalidArgumentError(absl::StrCat(where, ": role '", std::string(role), "' is not analyst, auditor or admin"));
      }
      grant.roles.insert(std::string(role));
    }
    control.grants_[fields[0]] = std::move(grant);
  }
  if (control.grants_.empty()) return absl::InvalidArgumentError(absl::StrCat("--tokens_file ", path, " grants no token"));
  return control;
}

absl::StatusOr<Caller> AccessControl::Identify(const grpc::ServerContext& context) const {
  Caller caller{"local", "admin", NewRequestId(context)};
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
  caller.role = absl::StrJoin(grant->second.roles, ",");
  return caller;
}

absl::Status AccessControl::Authorize(const Caller& caller, const std::string& action) const {
  auto permission = Permissions().find(action);
  if (permission == Permissions().end()) return absl::PermissionDeniedError(absl::StrCat(action, " is not permitted"));
  for (auto role : absl::StrSplit(caller.role, ',')) {
    if (RoleGrants(std::string(role), permission->second)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(caller.principal, " (", caller.role, ") may not call ", action,
                                                  "; it needs the role ", RolesFor(permission->second)));
}

}  // namespace glassbox::server
