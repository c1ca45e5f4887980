// Executes runs on a bounded pool of worker threads. Each run's analyses run
// in order, each in a worker process of its own; each result commits to
// storage as it completes, and the run ends SUCCEEDED, FAILED (some analysis
// failed; the others' insights are kept), CANCELLED or INTERRUPTED (the
// daemon shut down). A failing analysis never stops the others, even one that
// crashes or outlives its deadline.
//
// Storage errors: a run whose progress or insight cannot be saved stops and
// ends FAILED with the storage's message; its final state is written again
// with backoff until storage answers (or the daemon shuts down, when the next
// start marks it INTERRUPTED). A reaper thread ends INTERRUPTED every run
// stored QUEUED or RUNNING that no worker of this scheduler executes.
#ifndef GLASSBOX_DAEMON_SERVER_SCHEDULER_H_
#define GLASSBOX_DAEMON_SERVER_SCHEDULER_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "daemon/run/isolated_analysis.h"
#include "daemon/run/prepared_run.h"
#include "daemon/server/run_monitor.h"
#include "storage/run_store.h"

namespace glassbox::server {

struct SchedulerOptions {
  int workers = 2;
  // Runs waiting beyond those executing; more are refused with RESOURCE_EXHAUSTED.
  int max_queued = 64;
  // Each analysis runs in a worker process (run/isolated_analysis.h).
  run::WorkerOptions analysis_worker;
  // How often the reaper looks for stored unfinished runs nothing executes.
  absl::Duration reaper_interval = absl::Minutes(1);
};

class Scheduler {
 public:
  Scheduler(storage::RunStore& store, SchedulerOptions options);
  ~Scheduler();

  // Records the run (QUEUED, with `audit`) and queues it, or refuses it when the queue is full.
  absl::Status Submit(glassbox::v1::Run run, run::PreparedRun prepared, const storage::AuditRecord& audit,
                      const std::vector<storage::PrivacyCharge>& privacy = {});

  // Called on the worker as each run ends, before its final state is saved;
  // may amend the run (e.g. record the scorecard it issued). Set before Submit.
  void SetFinishHook(std::function<void(glassbox::v1::Run&)> hook) { finish_hook_ = std::move(hook); }

  // nullptr once the run has ended (its final state is in storage).
  std::shared_ptr<RunMonitor> Monitor(const std::string& run_id) const;

  // Asks a queued or running run to stop and returns it as stored; a run
  // stored unfinished that no worker here executes is ended CANCELLED in
  // storage at once. FAILED_PRECONDITION if the run has ended, NOT_FOUND if
  // there is no such run.
  absl::StatusOr<glassbox::v1::Run> Cancel(const std::string& run_id);

  // Ends INTERRUPTED each run stored QUEUED or RUNNING that no worker here
  // executes (left by a write that never landed, or written by another
  // process); returns how many. The reaper thread calls it every
  // reaper_interval.
  absl::StatusOr<int> ReapOrphans();

  // Stops taking runs; running analyses are asked to stop and their runs end
  // INTERRUPTED, queued runs too. Returns once the workers have exited.
  void Shutdown();

 private:
  struct Job {
    glassbox::v1::Run run;
    run::PreparedRun prepared;
    std::shared_ptr<RunMonitor> monitor;
    // The first failed write of the run's progress or insights.
    absl::Status storage_error;
  };

  void WorkerLoop();
  void ReaperLoop();
  void Execute(Job& job);
  // Saves the run (a failure goes to job.storage_error) and tells the watchers.
  void Record(Job& job, int analysis_index, const std::string& message, double progress);
  // Tells the watchers the run is in `state`.
  void Publish(Job& job, glassbox::v1::RunState state, int analysis_index, const std::string& message,
               double progress);
  // Ends the run in `state`, or FAILED after a storage error, saves it with
  // backoff until storage answers (telling the watchers of each failed
  // attempt, the run still in the state it had), then tells them the end.
  void Finish(Job& job, glassbox::v1::RunState state, const std::string& error);
  void SaveEnding(Job& job, glassbox::v1::RunState state_before);

  storage::RunStore& store_;
  const SchedulerOptions options_;
  mutable std::mutex mutex_;
  // Workers wait for work here and nothing else does: a notify_one for a new
  // run taken by a thread that only sleeps until shutdown would be lost.
  std::condition_variable work_available_;
  // The reaper and the retries of a run's final write sleep here until shutdown.
  std::condition_variable stop_requested_;
  std::deque<std::unique_ptr<Job>> queue_;
  std::map<std::string, std::shared_ptr<RunMonitor>> active_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread reaper_;
  std::function<void(glassbox::v1::Run&)> finish_hook_;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_SCHEDULER_H_
