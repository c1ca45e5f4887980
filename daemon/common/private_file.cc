#include "daemon/common/private_file.h"

#include "absl/strings/str_cat.h"
#include "daemon/common/checked_file.h"

namespace glassbox {

absl::StatusOr<std::string> ReadPrivateFile(const std::string& path, const std::string& flag) {
  bool too_open = false;
  auto bytes = ReadCheckedFile(path, [&](const struct stat& info) {
    too_open = (info.st_mode & (S_IRWXG | S_IRWXO)) != 0;
    if (!too_open) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(flag, " ", path, " holds a secret, yet its mode ",
                                                      OctalMode(info.st_mode),
                                                      " lets its group or others read or write it; chmod 600 ", path));
  });
  if (bytes.ok() || too_open) return bytes;
  return absl::InvalidArgumentError(absl::StrCat(flag, " ", path, " cannot be read: ", bytes.status().message()));
}

}  // namespace glassbox
