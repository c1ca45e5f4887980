// A child process for tests and benchmarks: started from argv with its
// stdout and stderr appended to a log file, stopped and reaped when the
// object goes away (and sent SIGTERM if the parent dies first). Servers
// signal that they listen by writing a file (the port), which WaitForFile
// waits for.
#ifndef GLASSBOX_TESTS_SUPPORT_CHILD_PROCESS_H_
#define GLASSBOX_TESTS_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace glassbox::testing {

class ChildProcess {
 public:
  // Fails when argv[0] cannot be executed.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(const std::vector<std::string>& argv,
                                                             const std::string& log_path);
  ~ChildProcess();

  // The contents of `path` once it exists (a writer should rename it into
  // place whole). Fails, quoting the log, if the child exits first or the file
  // does not appear within `timeout`.
  absl::StatusOr<std::string> WaitForFile(const std::string& path, absl::Duration timeout);

  // SIGTERM, then SIGKILL if the child has not exited within `grace`.
  void Stop(absl::Duration grace = absl::Seconds(10));
  // SIGKILL: a crash.
  void Kill();
  bool running() const { return pid_ > 0; }
  std::string log() const;

 private:
  ChildProcess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}

  // Whether the child has exited (reaping it).
  bool Exited();

  pid_t pid_;
  std::string log_path_;
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_CHILD_PROCESS_H_
