// Reads a file only after a check of its owner and mode passes. The check
// sees the fstat of the descriptor that is then read, so the bytes returned
// are those of the very file checked, even if the name is replaced meanwhile.
#ifndef GLASSBOX_DAEMON_COMMON_CHECKED_FILE_H_
#define GLASSBOX_DAEMON_COMMON_CHECKED_FILE_H_

#include <sys/stat.h>

#include <functional>
#include <string>

#include "absl/status/statusor.h"

namespace glassbox {

// NOT_FOUND when `path` cannot be opened, FAILED_PRECONDITION when it is not
// a regular file, else the check's error if it fails. A symbolic link as the
// last component is refused (ELOOP) when `follow_links` is false.
absl::StatusOr<std::string> ReadCheckedFile(const std::string& path,
                                            const std::function<absl::Status(const struct stat&)>& check,
                                            bool follow_links = true);

// "0644": a mode's permission bits as chmod takes them.
std::string OctalMode(mode_t mode);

}  // namespace glassbox

#endif  // GLASSBOX_DAEMON_COMMON_CHECKED_FILE_H_
