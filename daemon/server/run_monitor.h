// The live state of one queued or running run: the events WatchRun streams
// and the cancellation flag its analyses poll.
#ifndef GLASSBOX_DAEMON_SERVER_RUN_MONITOR_H_
#define GLASSBOX_DAEMON_SERVER_RUN_MONITOR_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "glassbox/v1/run.pb.h"
#include "storage/run_store.h"

namespace glassbox::server {

using storage::IsTerminal;

class RunMonitor {
 public:
  // Appends an event and wakes the watchers.
  void Publish(glassbox::v1::RunEvent event);

  // The events from index `from` on, waiting up to `timeout` for one if there
  // are none yet. `finished` says whether a terminal event has been published.
  std::vector<glassbox::v1::RunEvent> EventsSince(size_t from, std::chrono::milliseconds timeout, bool& finished);

  void RequestCancel() { cancel_requested_.store(true); }
  const std::atomic<bool>* cancel_flag() const { return &cancel_requested_; }
  bool cancel_requested() const { return cancel_requested_.load(); }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<glassbox::v1::RunEvent> events_;
  bool finished_ = false;
  std::atomic<bool> cancel_requested_{false};
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_RUN_MONITOR_H_
