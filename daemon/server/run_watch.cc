#include "daemon/server/run_watch.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "daemon/common/enum_words.h"
#include "daemon/server/status_util.h"
#include "storage/clock.h"

namespace glassbox::server {
namespace {

const grpc::Status kWatcherGone(grpc::StatusCode::CANCELLED, "the watcher went away");

bool AnalysisEnded(glassbox::v1::AnalysisState state) {
  return state == glassbox::v1::ANALYSIS_SUCCEEDED || state == glassbox::v1::ANALYSIS_FAILED ||
         state == glassbox::v1::ANALYSIS_CANCELLED;
}

}  // namespace

glassbox::v1::RunEvent StoredRunEvent(const glassbox::v1::Run& run) {
  glassbox::v1::RunEvent event;
  event.set_run_id(run.id());
  event.set_state(run.state());
  double done = 0;
  int running = -1;
  for (int i = 0; i < run.analyses_size(); ++i) {
    const auto& analysis = run.analyses(i);
    if (AnalysisEnded(analysis.state())) done += 1;
    if (analysis.state() == glassbox::v1::ANALYSIS_RUNNING) {
      done += analysis.progress();
      running = i;
    }
  }
  const bool ended = IsTerminal(run.state());
  event.set_progress(ended ? 1.0 : run.analyses_size() == 0 ? 0.0 : done / run.analyses_size());
  if (running >= 0) {
    event.set_analysis_index(running);
    event.set_analyzer(run.analyses(running).analyzer());
    event.set_analysis_state(glassbox::v1::ANALYSIS_RUNNING);
  }
  if (ended) {
    event.set_message(run.error().empty() ? EnumWord(run.state()) : run.error());
  } else {
    event.set_message(running >= 0 ? absl::StrCat("running ", run.analyses(running).analyzer())
                                   : EnumWord(run.state()));
  }
  *event.mutable_time() = ended && run.has_end_time() ? run.end_time() : storage::Now();
  return event;
}

grpc::Status FollowRun(Scheduler& scheduler, storage::RunStore& runs, const std::string& id,
                       grpc::ServerContext& context, grpc::ServerWriterInterface<glassbox::v1::RunEvent>& writer) {
  std::string last_sent;
  while (!context.IsCancelled()) {
    if (auto monitor = scheduler.Monitor(id); monitor != nullptr) {
      size_t next = 0;
      bool finished = false;
      while (!finished && !context.IsCancelled()) {
        auto events = monitor->EventsSince(next, std::chrono::milliseconds(500), finished);
        next += events.size();
        for (const auto& event : events) {
          if (!writer.Write(event)) return kWatcherGone;
        }
      }
      if (finished) return grpc::Status::OK;
      break;
    }
    // Read after the monitor was looked for: a run that ended here was stored ended before its monitor went.
    auto stored = runs.Get(id);
    if (!stored.ok()) return ToGrpc(stored.status());
    if (IsTerminal(stored->state())) {
      writer.Write(StoredRunEvent(*stored));
      return grpc::Status::OK;
    }
    if (std::string bytes = stored->SerializeAsString(); bytes != last_sent) {
      if (!writer.Write(StoredRunEvent(*stored))) return kWatcherGone;
      last_sent = std::move(bytes);
    }
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(kStoredRunPoll));
  }
  return kWatcherGone;
}

}  // namespace glassbox::server
