// Samples a process's resident memory (VmRSS) at a fixed interval on a
// background thread, from construction until Stop.
#ifndef GLASSBOX_TESTS_LOAD_RSS_SAMPLER_H_
#define GLASSBOX_TESTS_LOAD_RSS_SAMPLER_H_

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/time/time.h"

namespace glassbox::testing {

class RssSampler {
 public:
  struct Sample {
    absl::Duration since_start;
    int64_t rss_kib;
  };

  RssSampler(pid_t pid, absl::Duration interval);
  ~RssSampler();

  void Stop();
  // Valid after Stop.
  const std::vector<Sample>& samples() const { return samples_; }
  // Whether the process vanished (exited) while it was sampled.
  bool lost_process() const { return lost_process_; }
  // The largest sample taken in [from, to) after the start.
  int64_t PeakKib(absl::Duration from, absl::Duration to) const;

 private:
  void Loop();

  const pid_t pid_;
  const absl::Duration interval_;
  const absl::Time start_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  bool lost_process_ = false;
  std::vector<Sample> samples_;
  std::thread thread_;
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_LOAD_RSS_SAMPLER_H_
