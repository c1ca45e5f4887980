// WatchRun's stream, from whichever daemon executes the run. While a worker
// of this daemon executes it, its events come from the scheduler's
// RunMonitor as they happen (progress within an analysis included).
// Otherwise (queued, or executed by another daemon sharing the database) the
// stored run is read every kStoredRunPoll and an event sent whenever it
// changed: the run claimed, an analysis started or ended, the run ended. So a
// watcher on another daemon hears of a change at most kStoredRunPoll after
// the executing daemon saved it. The stream ends after the terminal event.
#ifndef GLASSBOX_DAEMON_SERVER_RUN_WATCH_H_
#define GLASSBOX_DAEMON_SERVER_RUN_WATCH_H_

#include <string>

#include <grpcpp/server_context.h>
#include <grpcpp/support/sync_stream.h>

#include "absl/time/time.h"
#include "daemon/server/scheduler.h"
#include "glassbox/v1/run.pb.h"
#include "storage/run_store.h"

namespace glassbox::server {

inline constexpr absl::Duration kStoredRunPoll = absl::Milliseconds(500);

// Streams run `id`'s events to `writer` until the run ends or the watcher goes away.
grpc::Status FollowRun(Scheduler& scheduler, storage::RunStore& runs, const std::string& id,
                       grpc::ServerContext& context, grpc::ServerWriterInterface<glassbox::v1::RunEvent>& writer);

// Where a stored run stands, as an event: its state, the share of its
// analyses done, the analysis running (if one is); for an ended run progress
// 1 and its error (or state) as the message, at its end time.
glassbox::v1::RunEvent StoredRunEvent(const glassbox::v1::Run& run);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_RUN_WATCH_H_
