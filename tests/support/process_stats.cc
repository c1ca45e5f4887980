#include "tests/support/process_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace glassbox::testing {

absl::StatusOr<int64_t> ReadProcessStatusKib(pid_t pid, const std::string& field) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  const std::string prefix = field + ":";
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
  }
  return absl::NotFoundError(absl::StrCat("process ", pid, " has no ", field, " (has it exited?)"));
}

absl::Status ResetPeakResident(pid_t pid) {
  std::ofstream clear_refs(absl::StrCat("/proc/", pid, "/clear_refs"));
  clear_refs << "5";
  clear_refs.close();
  if (!clear_refs) return absl::FailedPreconditionError(absl::StrCat("cannot reset the peak RSS of process ", pid));
  return absl::OkStatus();
}

absl::StatusOr<double> ReadProcessCpuSeconds(pid_t pid) {
  std::ifstream file(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat;
  std::getline(file, stat);
  // Fields after the command name, which is in parentheses and may hold spaces:
  // state is field 3, utime 14, stime 15, cutime 16, cstime 17.
  const size_t name_end = stat.rfind(')');
  if (name_end == std::string::npos) return absl::NotFoundError(absl::StrCat("process ", pid, " is gone"));
  std::istringstream fields(stat.substr(name_end + 2));
  std::string field;
  for (int i = 3; i < 14; ++i) fields >> field;
  double ticks[4] = {};
  for (double& value : ticks) {
    if (!(fields >> value)) return absl::DataLossError("malformed /proc stat line");
  }
  return (ticks[0] + ticks[1] + ticks[2] + ticks[3]) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace glassbox::testing
