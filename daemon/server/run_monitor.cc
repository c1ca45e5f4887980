#include "daemon/server/run_monitor.h"

namespace glassbox::server {

void RunMonitor::Publish(glassbox::v1::RunEvent event) {
  {
    std::lock_guard lock(mutex_);
    finished_ = finished_ || IsTerminal(event.state());
    events_.push_back(std::move(event));
  }
  changed_.notify_all();
}

std::vector<glassbox::v1::RunEvent> RunMonitor::EventsSince(size_t from, std::chrono::milliseconds timeout,
                                                            bool& finished) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return events_.size() > from; });
  finished = finished_;
  if (from >= events_.size()) return {};
  return {events_.begin() + static_cast<std::ptrdiff_t>(from), events_.end()};
}

}  // namespace glassbox::server
