#include "daemon/models/remote/for_each_in_parallel.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace glassbox::daemon {

absl::Status ForEachInParallel(size_t count, size_t max_workers,
                               const std::function<absl::Status(size_t worker, size_t index)>& task) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  absl::Status first_failure;
  auto work = [&](size_t worker) {
    while (!failed.load(std::memory_order_relaxed)) {
      const size_t index = next.fetch_add(1, std::memory_order_relaxed);
      if (index >= count) return;
      absl::Status status = task(worker, index);
      if (!status.ok()) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failed.exchange(true)) first_failure = std::move(status);
      }
    }
  };
  const size_t workers = std::min(count, std::max<size_t>(max_workers, 1));
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work, w);
  work(0);
  for (std::thread& thread : threads) thread.join();
  return first_failure;
}

}  // namespace glassbox::daemon
