// Runs numbered tasks on a bounded number of threads, the caller's among them.
#ifndef GLASSBOX_DAEMON_MODELS_REMOTE_FOR_EACH_IN_PARALLEL_H_
#define GLASSBOX_DAEMON_MODELS_REMOTE_FOR_EACH_IN_PARALLEL_H_

#include <cstddef>
#include <functional>

#include "absl/status/status.h"

namespace glassbox::daemon {

// Calls task(worker, index) for every index in [0, count) from at most
// `max_workers` threads; worker (in [0, max_workers)) tells which thread
// calls, so that each may own buffers. Each thread takes the next index until
// none is left or a task has failed; returns the first failure.
absl::Status ForEachInParallel(size_t count, size_t max_workers,
                               const std::function<absl::Status(size_t worker, size_t index)>& task);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_REMOTE_FOR_EACH_IN_PARALLEL_H_
