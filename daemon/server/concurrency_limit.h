// Lets at most `limit` holders in at once (e.g. uploads being received).
// TryAcquire never waits: it hands out a slot, given back when the slot is
// destroyed, or an empty slot when all are taken.
#ifndef GLASSBOX_DAEMON_SERVER_CONCURRENCY_LIMIT_H_
#define GLASSBOX_DAEMON_SERVER_CONCURRENCY_LIMIT_H_

#include <atomic>
#include <utility>

namespace glassbox::server {

class ConcurrencyLimit {
 public:
  class Slot {
   public:
    Slot(Slot&& other) noexcept : limit_(std::exchange(other.limit_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (limit_ != nullptr) limit_->held_.fetch_sub(1);
    }
    // False for the empty slot of a refusal.
    explicit operator bool() const { return limit_ != nullptr; }

   private:
    friend class ConcurrencyLimit;
    explicit Slot(ConcurrencyLimit* limit) : limit_(limit) {}
    ConcurrencyLimit* limit_;
  };

  explicit ConcurrencyLimit(int limit) : limit_(limit) {}

  int limit() const { return limit_; }

  Slot TryAcquire() {
    if (held_.fetch_add(1) >= limit_) {
      held_.fetch_sub(1);
      return Slot(nullptr);
    }
    return Slot(this);
  }

 private:
  const int limit_;
  std::atomic<int> held_ = 0;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_CONCURRENCY_LIMIT_H_
