#include "daemon/plugins/library_trust.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "daemon/common/checked_file.h"

namespace glassbox::plugins {
namespace {

namespace fs = std::filesystem;

// `shared_ok`: a folder above the one holding the file, which may be
// writable by others if it is sticky.
absl::Status CheckOwnerAndMode(const struct stat& info, const std::string& path, bool shared_ok) {
  if (info.st_uid != 0 && info.st_uid != geteuid()) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " belongs to uid ", info.st_uid, ", neither root nor the daemon's user (uid ", geteuid(),
        "), so its owner could change the code the daemon runs; chown it to one of them"));
  }
  const bool writable_by_others = (info.st_mode & (S_IWGRP | S_IWOTH)) != 0;
  if (writable_by_others && !(shared_ok && (info.st_mode & S_ISVTX) != 0)) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " is writable by ", (info.st_mode & S_IWOTH) != 0 ? "anyone" : "its group", " (mode ",
        OctalMode(info.st_mode), "), so others could change the code the daemon runs; chmod go-w ", path));
  }
  return absl::OkStatus();
}

// `folder` (which holds the file) and every folder above it.
absl::Status CheckFolders(fs::path folder) {
  for (bool holder = true;; holder = false) {
    struct stat info;
    if (stat(folder.c_str(), &info) != 0) {
      return absl::FailedPreconditionError(absl::StrCat("cannot check ", folder.string(), ": ", std::strerror(errno)));
    }
    if (auto status = CheckOwnerAndMode(info, folder.string(), !holder); !status.ok()) return status;
    fs::path parent = folder.parent_path();
    if (parent == folder || parent.empty()) return absl::OkStatus();
    folder = std::move(parent);
  }
}

}  // namespace

absl::StatusOr<std::string> ReadTrustedFile(const std::string& path) {
  std::error_code error;
  const fs::path named = fs::absolute(path, error);
  if (error) return absl::NotFoundError(absl::StrCat("cannot open ", path, ": ", error.message()));
  const fs::path resolved = fs::canonical(named, error);
  if (error) return absl::NotFoundError(absl::StrCat("cannot open ", path, ": ", error.message()));
  for (const fs::path& file : {named, resolved}) {
    if (auto status = CheckFolders(file.parent_path()); !status.ok()) return status;
  }
  // The resolved name's folders are trusted, so no one else can swap the file
  // under it before the open; O_NOFOLLOW refuses a link appearing there anyway.
  return ReadCheckedFile(
      resolved.string(), [&](const struct stat& info) { return CheckOwnerAndMode(info, resolved.string(), false); },
      /*follow_links=*/false);
}

}  // namespace glassbox::plugins
