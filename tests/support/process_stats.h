// Memory and CPU figures of a running process, read from /proc/<pid>.
#ifndef GLASSBOX_TESTS_SUPPORT_PROCESS_STATS_H_
#define GLASSBOX_TESTS_SUPPORT_PROCESS_STATS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace glassbox::testing {

// A "kB" field of the status file, e.g. "VmRSS" (resident now) or "VmHWM"
// (peak resident). NOT_FOUND once the process has exited (a zombie has no
// memory fields).
absl::StatusOr<int64_t> ReadProcessStatusKib(pid_t pid, const std::string& field);

// Resets the process's peak resident memory (VmHWM) to its current resident
// memory, so that VmHWM read later is the peak since this call.
absl::Status ResetPeakResident(pid_t pid);

// CPU time (user + system, all threads) the process has used so far, with
// that of its children which have exited and been waited for (e.g. worker
// processes).
absl::StatusOr<double> ReadProcessCpuSeconds(pid_t pid);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_PROCESS_STATS_H_
