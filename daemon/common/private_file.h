// Files that hold secrets (the TLS private key, the bearer tokens) are read
// only when no one but their owner may read or write them, as ssh treats a
// private key: a mode with any group or other bit is refused, naming the file
// and the chmod that fixes it.
#ifndef GLASSBOX_DAEMON_COMMON_PRIVATE_FILE_H_
#define GLASSBOX_DAEMON_COMMON_PRIVATE_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace glassbox {

// The file's bytes. `flag` names the setting in messages ("--tls_key").
// INVALID_ARGUMENT when it cannot be read; FAILED_PRECONDITION when its mode
// lets its group or others read or write it.
absl::StatusOr<std::string> ReadPrivateFile(const std::string& path, const std::string& flag);

}  // namespace glassbox

#endif  // GLASSBOX_DAEMON_COMMON_PRIVATE_FILE_H_
