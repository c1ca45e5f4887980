#include "tests/load/rss_sampler.h"

#include <algorithm>
#include <chrono>

#include "tests/support/process_stats.h"

namespace glassbox::testing {

RssSampler::RssSampler(pid_t pid, absl::Duration interval)
    : pid_(pid), interval_(interval), start_(absl::Now()), thread_([this] { Loop(); }) {}

RssSampler::~RssSampler() { Stop(); }

void RssSampler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RssSampler::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    absl::StatusOr<int64_t> rss = ReadProcessStatusKib(pid_, "VmRSS");
    if (!rss.ok()) {
      lost_process_ = true;
      return;
    }
    samples_.push_back({absl::Now() - start_, *rss});
    stop_requested_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stopping_; });
  }
}

int64_t RssSampler::PeakKib(absl::Duration from, absl::Duration to) const {
  int64_t peak = 0;
  for (const Sample& sample : samples_) {
    if (sample.since_start >= from && sample.since_start < to) peak = std::max(peak, sample.rss_kib);
  }
  return peak;
}

}  // namespace glassbox::testing
