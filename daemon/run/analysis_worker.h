// The worker process's side of daemon/run/isolated_analysis.h. It reads its
// WorkerTask from the socket, runs that analysis with the plugin library the
// daemon handed it (the descriptor of its sealed in-memory copy), streams
// progress, sends every model call to the daemon (the worker holds no model)
// and ends with the insight or the failure.
#ifndef GLASSBOX_DAEMON_RUN_ANALYSIS_WORKER_H_
#define GLASSBOX_DAEMON_RUN_ANALYSIS_WORKER_H_

namespace glassbox::run {

// Returns the worker's exit status: 0 once the answer was sent, 1 when the
// daemon could not be answered.
int ServeAnalysis(int socket_fd, int library_fd);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_ANALYSIS_WORKER_H_
