#include "daemon/server/scheduler.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/common/log.h"
#include "daemon/run/isolated_analysis.h"
#include "daemon/common/enum_words.h"
#include "storage/clock.h"
#include "google/protobuf/util/time_util.h"

namespace glassbox::server {
namespace {

using google::protobuf::util::TimeUtil;

std::string NewInsightId() {
  static std::atomic<uint64_t> counter{0};
  return absl::StrCat("ins_", TimeUtil::TimestampToMicroseconds(storage::Now()), "_", counter++);
}

// The backoff between attempts to save a run's final state.
constexpr auto kFirstSaveRetry = std::chrono::milliseconds(100);
constexpr auto kLastSaveRetry = std::chrono::seconds(10);

}  // namespace

Scheduler::Scheduler(storage::RunStore& store, PrepareClaimed prepare, bool shared, SchedulerOptions options)
    : store_(store), prepare_(std::move(prepare)), shared_(shared), options_(options) {
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  reaper_ = std::thread([this] { ReaperLoop(); });
  heartbeat_ = std::thread([this] { HeartbeatLoop(); });
}

Scheduler::~Scheduler() { Shutdown(); }

absl::Status Scheduler::Submit(const glassbox::v1::Run& run, const storage::AuditRecord& audit,
                              const std::vector<storage::PrivacyCharge>& privacy) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return absl::UnavailableError("the daemon is shutting down; retry against the next instance");
  }
  if (auto status = store_.Create(run, audit, privacy, options_.max_queued); !status.ok()) return status;
  {
    std::lock_guard lock(mutex_);
    ++submissions_;
  }
  work_available_.notify_one();
  return absl::OkStatus();
}

std::shared_ptr<RunMonitor> Scheduler::Monitor(const std::string& run_id) const {
  std::lock_guard lock(mutex_);
  auto it = active_.find(run_id);
  return it == active_.end() ? nullptr : it->second;
}

absl::StatusOr<glassbox::v1::Run> Scheduler::Cancel(const std::string& run_id) {
  auto run = store_.Get(run_id);
  if (!run.ok()) return run.status();
  if (IsTerminal(run->state())) {
    return absl::FailedPreconditionError(absl::StrCat("run '", run_id, "' has already ended (",
                                                      glassbox::v1::RunState_Name(run->state()),
                                                      "); only queued or running runs cancel"));
  }
  if (auto monitor = Monitor(run_id)) {
    monitor->RequestCancel();
    return run;
  }
  return store_.Cancel(run_id);
}

void Scheduler::ReaperLoop() {
  const auto interval = absl::ToChronoMilliseconds(options_.reaper_interval);
  std::unique_lock lock(mutex_);
  while (!stop_requested_.wait_for(lock, interval, [&] { return stopping_; })) {
    lock.unlock();
    auto reaped = store_.ReapExpired();
    if (!reaped.ok()) {
      Log(LogLevel::kError, absl::StrCat("cannot look for runs whose lease expired: ", reaped.status().message()));
    } else if (*reaped > 0) {
      Log(LogLevel::kWarning, absl::StrCat("marked ", *reaped, " runs whose lease expired INTERRUPTED"));
    }
    lock.lock();
  }
}

void Scheduler::HeartbeatLoop() {
  const auto interval =
      absl::ToChronoMilliseconds(std::min(absl::Seconds(1), options_.lease / 3));
  std::unique_lock lock(mutex_);
  while (!stop_requested_.wait_for(lock, interval, [&] { return workers_done_; })) {
    const auto executing = active_;
    lock.unlock();
    for (const auto& [id, monitor] : executing) {
      auto lease = store_.RenewLease(id, options_.lease);
      if (!lease.ok()) {
        Log(LogLevel::kError, absl::StrCat("run ", id, ": cannot renew its lease: ", lease.status().message()));
      } else if (!lease->held || lease->cancel_requested) {
        if (!lease->held) Log(LogLevel::kWarning, absl::StrCat("run ", id, ": its lease was lost; stopping it"));
        monitor->RequestCancel();
      }
    }
    lock.lock();
  }
}

void Scheduler::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (auto& [id, monitor] : active_) monitor->RequestCancel();
  }
  work_available_.notify_all();
  stop_requested_.notify_all();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  if (reaper_.joinable()) reaper_.join();
  {
    std::lock_guard lock(mutex_);
    workers_done_ = true;
  }
  stop_requested_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

void Scheduler::WorkerLoop() {
  bool look_now = true;
  bool failing = false;
  uint64_t seen = 0;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (!look_now) {
        auto woken = [&] { return stopping_ || submissions_ != seen; };
        if (shared_ || failing) {
          work_available_.wait_for(lock, absl::ToChronoMilliseconds(options_.claim_poll), woken);
        } else {
          work_available_.wait(lock, woken);
        }
      }
      if (stopping_) return;
      seen = submissions_;
    }
    auto claimed = store_.Claim(options_.lease);
    if (!claimed.ok()) {
      if (!failing) {
        Log(LogLevel::kError, absl::StrCat("cannot claim a queued run (trying again every ",
                                           absl::FormatDuration(options_.claim_poll), "): ",
                                           claimed.status().message()));
      }
      failing = true;
      look_now = false;
      continue;
    }
    failing = false;
    look_now = claimed->has_value();
    if (look_now) ExecuteClaimed(**std::move(claimed));
  }
}

void Scheduler::ExecuteClaimed(glassbox::v1::Run run) {
  Job job{std::move(run), {}, std::make_shared<RunMonitor>(), absl::OkStatus()};
  {
    std::lock_guard lock(mutex_);
    active_[job.run.id()] = job.monitor;
    if (stopping_) job.monitor->RequestCancel();
  }
  Execute(job);
  std::lock_guard lock(mutex_);
  active_.erase(job.run.id());
}

void Scheduler::Record(Job& job, int analysis_index, const std::string& message, double progress) {
  if (auto status = store_.Update(job.run); !status.ok()) {
    Log(LogLevel::kError, absl::StrCat("run ", job.run.id(), ": cannot save progress: ", status.message()));
    if (job.storage_error.ok()) job.storage_error = status;
  }
  Publish(job, job.run.state(), analysis_index, message, progress);
}

void Scheduler::Publish(Job& job, glassbox::v1::RunState state, int analysis_index, const std::string& message,
                        double progress) {
  glassbox::v1::RunEvent event;
  event.set_run_id(job.run.id());
  event.set_state(state);
  event.set_progress(progress);
  event.set_message(message);
  *event.mutable_time() = storage::Now();
  if (analysis_index >= 0) {
    const auto& analysis = job.run.analyses(analysis_index);
    event.set_analysis_index(analysis_index);
    event.set_analyzer(analysis.analyzer());
    event.set_analysis_state(analysis.state());
  }
  job.monitor->Publish(std::move(event));
}

void Scheduler::Finish(Job& job, glassbox::v1::RunState state, const std::string& error) {
  const glassbox::v1::RunState state_before = job.run.state();
  if (job.storage_error.ok()) {
    storage::MarkEnded(job.run, state, error);
  } else {
    storage::MarkEnded(job.run, glassbox::v1::FAILED,
                       absl::StrCat("storage failed during the run, which stopped: ", job.storage_error.message()));
  }
  if (finish_hook_) finish_hook_(job.run);
  SaveEnding(job, state_before);
  Publish(job, job.run.state(), -1,
          job.run.error().empty() ? EnumWord(job.run.state()) : job.run.error(), 1.0);
}

void Scheduler::SaveEnding(Job& job, glassbox::v1::RunState state_before) {
  auto delay = std::chrono::milliseconds(kFirstSaveRetry);
  while (true) {
    auto status = store_.Update(job.run);
    if (status.ok()) return;
    if (absl::IsAborted(status)) {
      // Another daemon ended the run once its lease expired: its ending stands.
      Log(LogLevel::kWarning, absl::StrCat("run ", job.run.id(), ": ", status.message()));
      if (auto stored = store_.Get(job.run.id()); stored.ok()) job.run = *std::move(stored);
      return;
    }
    const std::string message = absl::StrCat("cannot save the run's end (", status.message(), "); retrying in ",
                                             delay.count(), " ms");
    Log(LogLevel::kError, absl::StrCat("run ", job.run.id(), ": ", message));
    Publish(job, state_before, -1, message, 1.0);
    std::unique_lock lock(mutex_);
    if (stop_requested_.wait_for(lock, delay, [&] { return stopping_; })) {
      Log(LogLevel::kError, absl::StrCat("run ", job.run.id(), ": shutting down with its end unsaved; once its lease "
                                         "expires a reaper (or the next start) marks it INTERRUPTED"));
      return;
    }
    delay = std::min<std::chrono::milliseconds>(delay * 2, kLastSaveRetry);
  }
}

void Scheduler::Execute(Job& job) {
  auto stop_state = [&] {
    std::lock_guard lock(mutex_);
    return stopping_ ? glassbox::v1::INTERRUPTED : glassbox::v1::CANCELLED;
  };
  if (job.monitor->cancel_requested()) {
    auto state = stop_state();
    Finish(job, state, state == glassbox::v1::INTERRUPTED ? "the daemon shut down before the run started"
                                                          : "cancelled before it started");
    return;
  }
  Publish(job, glassbox::v1::RUNNING, -1, "started", 0.0);
  auto prepared = prepare_(job.run);
  if (!prepared.ok()) {
    Finish(job, glassbox::v1::FAILED,
           absl::StrCat("daemon ", store_.executor(), " cannot prepare the run: ", prepared.status().message()));
    return;
  }
  job.prepared = *std::move(prepared);
  if (auto status = run::ScoreWithModel(job.prepared); !status.ok()) {
    Finish(job, glassbox::v1::FAILED, std::string(status.message()));
    return;
  }
  const int count = job.run.analyses_size();
  std::vector<std::string> failures;
  for (int i = 0; i < count && !job.monitor->cancel_requested() && job.storage_error.ok(); ++i) {
    auto* status = job.run.mutable_analyses(i);
    status->set_state(glassbox::v1::ANALYSIS_RUNNING);
    Record(job, i, absl::StrCat("running ", status->analyzer()), static_cast<double>(i) / count);

    auto last_report = std::chrono::steady_clock::now();
    auto report = [&, i](double fraction, std::string_view message) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_report < std::chrono::milliseconds(100)) return;
      last_report = now;
      double clamped = std::clamp(fraction, 0.0, 1.0);
      job.run.mutable_analyses(i)->set_progress(clamped);
      glassbox::v1::RunEvent event;
      event.set_run_id(job.run.id());
      event.set_state(job.run.state());
      event.set_progress((i + clamped) / count);
      event.set_analysis_index(i);
      event.set_analyzer(job.run.analyses(i).analyzer());
      event.set_analysis_state(glassbox::v1::ANALYSIS_RUNNING);
      event.set_message(std::string(message));
      *event.mutable_time() = storage::Now();
      job.monitor->Publish(std::move(event));
    };
    auto insight =
        run::ExecuteIsolated(job.prepared, i, report, job.monitor->cancel_flag(), options_.analysis_worker);
    status = job.run.mutable_analyses(i);
    if (insight.ok()) {
      insight->set_id(NewInsightId());
      insight->set_run_id(job.run.id());
      *insight->mutable_create_time() = storage::Now();
      status->set_state(glassbox::v1::ANALYSIS_SUCCEEDED);
      status->set_progress(1.0);
      status->set_insight_id(insight->id());
      if (auto stored = store_.CommitInsight(job.run, i, *insight); !stored.ok()) {
        status->set_state(glassbox::v1::ANALYSIS_FAILED);
        status->clear_insight_id();
        status->set_error(absl::StrCat("cannot store the insight: ", stored.message()));
        job.storage_error = stored;
      }
    } else if (job.monitor->cancel_requested() && insight.status().code() == absl::StatusCode::kCancelled) {
      status->set_state(glassbox::v1::ANALYSIS_CANCELLED);
    } else {
      status->set_state(glassbox::v1::ANALYSIS_FAILED);
      status->set_error(std::string(insight.status().message()));
    }
    if (status->state() == glassbox::v1::ANALYSIS_FAILED) {
      failures.push_back(absl::StrCat(status->analyzer(), ": ", status->error()));
    }
    Record(job, i, absl::StrCat(status->analyzer(), " ", EnumWord(status->state())),
           static_cast<double>(i + 1) / count);
  }
  if (job.monitor->cancel_requested()) {
    auto state = stop_state();
    Finish(job, state, state == glassbox::v1::INTERRUPTED ? "the daemon shut down during the run" : "cancelled");
  } else if (!failures.empty()) {
    Finish(job, glassbox::v1::FAILED,
           absl::StrCat(failures.size(), " of ", count, " analyses failed: ", absl::StrJoin(failures, "; ")));
  } else {
    Finish(job, glassbox::v1::SUCCEEDED, "");
  }
}

}  // namespace glassbox::server
