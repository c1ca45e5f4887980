// glassbox-worker: runs one analysis for glassboxd, which starts it for each
// analysis with the descriptors of its socket and of the plugin library
// (daemon/run/isolated_analysis.h). Not meant to be run by hand.
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "daemon/run/analysis_worker.h"

ABSL_FLAG(int, socket_fd, -1, "Descriptor of the socket to glassboxd");
ABSL_FLAG(int, library_fd, -1, "Descriptor of the plugin library to load");
ABSL_FLAG(int64_t, parent_pid, 0, "Process id of the glassboxd that started this worker");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Runs one analysis for glassboxd, which starts it; not meant to be run by hand.");
  absl::ParseCommandLine(argc, argv);
  const int socket_fd = absl::GetFlag(FLAGS_socket_fd);
  const int library_fd = absl::GetFlag(FLAGS_library_fd);
  const int64_t parent_pid = absl::GetFlag(FLAGS_parent_pid);
  if (socket_fd < 0 || library_fd < 0 || parent_pid <= 0) {
    std::fprintf(stderr, "glassbox-worker: glassboxd starts it with --socket_fd, --library_fd and --parent_pid; "
                         "it is not meant to be run by hand\n");
    return 2;
  }
  // The worker dies with the daemon; one whose daemon is already gone has no one to answer.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent_pid) return 1;
  const int status = glassbox::run::ServeAnalysis(socket_fd, library_fd);
  // The daemon stops the worker once it has the answer: nothing at exit matters,
  // and the plugin's threads may still be running.
  ::_exit(status);
}
