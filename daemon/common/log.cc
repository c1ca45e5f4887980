#include "daemon/common/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace glassbox {

void Log(LogLevel level, std::string_view message) {
  static std::mutex mutex;
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc;
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &utc);
  const char* name = level == LogLevel::kInfo ? "INFO" : level == LogLevel::kWarning ? "WARN" : "ERROR";
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "%s %s %.*s\n", stamp, name, static_cast<int>(message.size()), message.data());
}

}  // namespace glassbox
