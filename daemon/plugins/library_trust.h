// Whether a file may be trusted to hold code the daemon runs, decided as
// sshd's StrictModes decides for its files: the file, the folder holding it
// and every folder above it up to / must belong to root or to the daemon's
// user, and none may be writable by its group or others. A folder above the
// holding one may be shared if it has the sticky bit (as /tmp does): others
// can add names there but not replace ours. The folders are checked both as
// the path names them and after symbolic links are resolved, so a link
// planted in, or pointing into, a folder others control is refused too.
#ifndef GLASSBOX_DAEMON_PLUGINS_LIBRARY_TRUST_H_
#define GLASSBOX_DAEMON_PLUGINS_LIBRARY_TRUST_H_

#include <string>

#include "absl/status/statusor.h"

namespace glassbox::plugins {

// The file's bytes, read from the descriptor whose owner and mode were
// checked, and only if every check passed; nothing of the file runs or is
// parsed before. FAILED_PRECONDITION naming the first file or folder that
// fails and the chmod or chown that fixes it; NOT_FOUND when it cannot be
// opened.
absl::StatusOr<std::string> ReadTrustedFile(const std::string& path);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_DAEMON_PLUGINS_LIBRARY_TRUST_H_
