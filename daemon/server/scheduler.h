// Executes runs on a bounded pool of worker threads. Runs are claimed, not
// assigned: CreateRun records a run QUEUED in the database, and whichever
// daemon sharing it has a free worker claims it (storage/run_store.h), this
// one or another; an idle worker looks for queued runs at once when its own
// daemon accepts one, and every claim_poll when the database is shared. The
// claiming worker prepares the run again from its stored spec.
//
// Each run's analyses run in order, each in a worker process of its own;
// each result commits to storage as it completes, and the run ends SUCCEEDED,
// FAILED (some analysis failed; the others' insights are kept), CANCELLED or
// INTERRUPTED (the daemon shut down). A failing analysis never stops the
// others, even one that crashes or outlives its deadline.
//
// A heartbeat renews the lease of every run this daemon executes every
// min(1 s, lease / 3), and stops a run that a CancelRun on any daemon asked
// to stop, or whose lease was lost. A reaper ends INTERRUPTED, every
// reaper_interval, the runs whose lease has expired: a daemon killed mid-run
// has its runs ended by a peer (or by itself at its next start) within
// lease + reaper_interval.
//
// Storage errors: a run whose progress or insight cannot be saved stops and
// ends FAILED with the storage's message; its final state is written again
// with backoff until storage answers (or the daemon shuts down, when its
// lease runs out and a reaper marks it INTERRUPTED).
#ifndef GLASSBOX_DAEMON_SERVER_SCHEDULER_H_
#define GLASSBOX_DAEMON_SERVER_SCHEDULER_H_

#include <condition_variable>
#include <cstdint>
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
  // Runs waiting in the database (accepted by any daemon, claimed by none);
  // more are refused with RESOURCE_EXHAUSTED.
  int max_queued = 64;
  // Each analysis runs in a worker process (run/isolated_analysis.h).
  run::WorkerOptions analysis_worker;
  // How long a claimed run stays this daemon's without a heartbeat.
  absl::Duration lease = absl::Seconds(30);
  // How often the reaper ends the runs whose lease has expired.
  absl::Duration reaper_interval = absl::Seconds(10);
  // How often an idle worker looks for runs other daemons queued (shared databases only).
  absl::Duration claim_poll = absl::Milliseconds(500);
};

// Prepares a claimed run from its stored spec (run_preparer.h).
using PrepareClaimed = std::function<absl::StatusOr<run::PreparedRun>(const glassbox::v1::Run&)>;

class Scheduler {
 public:
  // `shared`: other daemons may queue runs in the store's database.
  Scheduler(storage::RunStore& store, PrepareClaimed prepare, bool shared, SchedulerOptions options);
  ~Scheduler();

  // Records the run (QUEUED, with `audit`) for a worker of any daemon to
  // claim, or refuses it when the queue is full.
  absl::Status Submit(const glassbox::v1::Run& run, const storage::AuditRecord& audit,
                      const std::vector<storage::PrivacyCharge>& privacy = {});

  // Called on the worker as each run ends, before its final state is saved;
  // may amend the run (e.g. record the scorecard it issued). Set before Submit.
  void SetFinishHook(std::function<void(glassbox::v1::Run&)> hook) { finish_hook_ = std::move(hook); }

  // The run's live events while a worker here executes it; nullptr otherwise
  // (queued, executed by another daemon, or ended).
  std::shared_ptr<RunMonitor> Monitor(const std::string& run_id) const;

  // Asks a queued or running run to stop and returns it as stored: a run
  // executed here stops at once, one executed by another daemon at that
  // daemon's next heartbeat, and a queued run (or one whose lease has
  // expired) ends CANCELLED in storage at once (RunStore::Cancel).
  // FAILED_PRECONDITION if the run has ended, NOT_FOUND if there is no such run.
  absl::StatusOr<glassbox::v1::Run> Cancel(const std::string& run_id);

  // Stops claiming runs; running analyses are asked to stop and their runs
  // end INTERRUPTED. Queued runs stay queued for the daemons sharing the
  // database. Returns once the workers have exited.
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
  void HeartbeatLoop();
  void ExecuteClaimed(glassbox::v1::Run run);
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
  const PrepareClaimed prepare_;
  const bool shared_;
  const SchedulerOptions options_;
  mutable std::mutex mutex_;
  // Idle workers wait here for a run this daemon accepted (or, on a shared
  // database, for the next look); nothing else waits on it.
  std::condition_variable work_available_;
  // Counts the runs accepted here, so a worker that found none queued waits
  // only if none was accepted since it looked.
  uint64_t submissions_ = 0;
  // The reaper, the heartbeat and the retries of a run's final write sleep here until shutdown.
  std::condition_variable stop_requested_;
  std::map<std::string, std::shared_ptr<RunMonitor>> active_;
  bool stopping_ = false;
  // Set once the workers have exited: the heartbeat renews leases until then.
  bool workers_done_ = false;
  std::vector<std::thread> workers_;
  std::thread reaper_;
  std::thread heartbeat_;
  std::function<void(glassbox::v1::Run&)> finish_hook_;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_SCHEDULER_H_
