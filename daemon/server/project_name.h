// Project names: 1 to 63 of a-z, 0-9 and '-', starting with a letter or digit
// (a DNS label's shape, so a name fits a URL, a file name and a log line as
// is). "default" holds what is created without naming a project.
#ifndef GLASSBOX_DAEMON_SERVER_PROJECT_NAME_H_
#define GLASSBOX_DAEMON_SERVER_PROJECT_NAME_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace glassbox::server {

inline constexpr char kDefaultProject[] = "default";
inline constexpr size_t kMaxProjectNameBytes = 63;

// INVALID_ARGUMENT naming `field` when `name` is not a project name.
absl::Status CheckProjectName(absl::string_view name, absl::string_view field);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_PROJECT_NAME_H_
