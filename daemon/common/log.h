// One-line log records on standard error: time, level, message.
#ifndef GLASSBOX_DAEMON_COMMON_LOG_H_
#define GLASSBOX_DAEMON_COMMON_LOG_H_

#include <string_view>

namespace glassbox {

enum class LogLevel { kInfo, kWarning, kError };

void Log(LogLevel level, std::string_view message);

}  // namespace glassbox

#endif  // GLASSBOX_DAEMON_COMMON_LOG_H_
