#include "daemon/server/project_name.h"

#include "absl/strings/str_cat.h"

namespace glassbox::server {

absl::Status CheckProjectName(absl::string_view name, absl::string_view field) {
  constexpr absl::string_view kShape = "1 to 63 of a-z, 0-9 and '-', starting with a letter or digit";
  if (name.size() > kMaxProjectNameBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is ", name.size(), " bytes long; a project name is ", kShape));
  }
  bool valid = !name.empty() && name.front() != '-';
  for (char c : name) valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (valid) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, " '", name, "' is not a project name; give ", kShape));
}

}  // namespace glassbox::server
