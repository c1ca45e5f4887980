// Where the running program lives, for finding what is installed beside it.
#ifndef GLASSBOX_DAEMON_COMMON_EXECUTABLE_FOLDER_H_
#define GLASSBOX_DAEMON_COMMON_EXECUTABLE_FOLDER_H_

#include <filesystem>

namespace glassbox {

// The folder of /proc/self/exe; the current folder when that cannot be read.
std::filesystem::path ExecutableFolder();

}  // namespace glassbox

#endif  // GLASSBOX_DAEMON_COMMON_EXECUTABLE_FOLDER_H_
