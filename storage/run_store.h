// Runs and their insights. A run is stored whole (as its proto) with the
// columns lists filter on; an analysis's insight and the run's updated status
// commit in one transaction, so a reader never sees one without the other.
//
// Runs are claimed, not assigned: a QUEUED run waits in the database until a
// daemon with a free worker claims it (RUNNING, claimed_by its id) under a
// lease that the daemon renews while it executes the run. Only the claiming
// daemon writes the run's progress; once its lease has expired, any daemon's
// reaper ends the run INTERRUPTED. Lease times are the database's clock.
#ifndef GLASSBOX_STORAGE_RUN_STORE_H_
#define GLASSBOX_STORAGE_RUN_STORE_H_

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/scorecard.pb.h"
#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/list_query.h"
#include "storage/page.h"
#include "storage/privacy_budget_store.h"

namespace glassbox::storage {

// Empty fields do not filter; the others must all hold.
struct RunFilter {
  std::string dataset_id{};
  std::string model_name{};
  // One version of model_name; empty: all its versions.
  std::string model_version{};
  glassbox::v1::RunState state = glassbox::v1::RUN_STATE_UNSPECIFIED;
  std::string creator{};
  TimeRange created{};
  // The verdict of the latest scorecard issued for the run; a run without a
  // scorecard has NO_TARGETS.
  glassbox::v1::VerdictFilter verdict = glassbox::v1::VERDICT_FILTER_UNSPECIFIED;
  ProjectSet projects = ProjectSet::All();
};

// SUCCEEDED, FAILED, CANCELLED or INTERRUPTED: nothing will change the run again.
bool IsTerminal(glassbox::v1::RunState state);

// Sets the run's terminal `state`, its error `reason` and end time; analyses
// still pending or running become ANALYSIS_CANCELLED.
void MarkEnded(glassbox::v1::Run& run, glassbox::v1::RunState state, const std::string& reason);

// What renewing the lease of a run tells the daemon executing it.
struct Lease {
  // The run is still claimed by this daemon and running: the lease was renewed.
  bool held = false;
  // A CancelRun, on any daemon, asked for the run to stop.
  bool cancel_requested = false;
};

class RunStore {
 public:
  // `executor` is this daemon's id: recorded on the runs it claims, and
  // required of its writes to them.
  explicit RunStore(Database& database, std::string executor = "")
      : database_(database), executor_(std::move(executor)) {}

  const std::string& executor() const { return executor_; }

  // FAILED_PRECONDITION if the run's dataset is not stored; RESOURCE_EXHAUSTED
  // if `max_queued` runs are stored QUEUED already (by any daemon). `audit`
  // and the reservation of `privacy` on the dataset's budget commit with it,
  // or nothing does (RESOURCE_EXHAUSTED when the budget cannot cover them).
  absl::Status Create(const glassbox::v1::Run& run, const AuditRecord& audit,
                      const std::vector<PrivacyCharge>& privacy = {},
                      int max_queued = std::numeric_limits<int>::max());

  // Claims the oldest QUEUED run that no other daemon is claiming at this
  // moment (rows locked by another claim are skipped, not waited for): it
  // becomes RUNNING with its start time, claimed by the executor under a
  // lease of `lease` from now. nullopt when no run is queued. DATA_LOSS for
  // a run whose row does not parse, which is stored FAILED so that the next
  // claim takes the run after it.
  absl::StatusOr<std::optional<glassbox::v1::Run>> Claim(absl::Duration lease);
  // Extends the executor's lease on run `id` to `lease` from now, if it still
  // holds it; says whether it does and whether a cancel was asked for.
  absl::StatusOr<Lease> RenewLease(const std::string& id, absl::Duration lease);

  // Replaces the stored run (state, times, analysis statuses). Like
  // CommitInsight, only while the executor holds the run (RUNNING in storage
  // and claimed by it): LeaseLost otherwise.
  absl::Status Update(const glassbox::v1::Run& run);
  // Stores `insight` for analysis `index` together with the updated run.
  absl::Status CommitInsight(const glassbox::v1::Run& run, int index, const glassbox::v1::Insight& insight);

  // RunNotFound(id) when absent.
  absl::StatusOr<glassbox::v1::Run> Get(const std::string& id);
  absl::StatusOr<Page<glassbox::v1::Run>> List(const RunFilter& filter, const PageRequest& request);

  // InsightNotFound(id) when absent.
  absl::StatusOr<glassbox::v1::Insight> GetInsight(const std::string& id);
  // A page of the run's insights, in the order of its analyses.
  absl::StatusOr<Page<glassbox::v1::Insight>> ListInsights(const std::string& run_id, const PageRequest& request);
  // All of them, in that order.
  absl::StatusOr<std::vector<glassbox::v1::Insight>> ListInsights(const std::string& run_id);

  // Cancels run `id` and returns it as stored afterwards: a QUEUED run, or a
  // RUNNING one whose lease has expired, ends CANCELLED at once; a RUNNING
  // one under a live lease is marked for its daemon to stop (RenewLease
  // tells it); an ended run is left as it is. One transaction, so a run that
  // is claimed or ends meanwhile is seen as it then is. DATA_LOSS if its row
  // does not parse.
  absl::StatusOr<glassbox::v1::Run> Cancel(const std::string& id);

  // Ends INTERRUPTED every RUNNING run whose lease has expired, but for the
  // executor's own (which it knows to be alive); returns how many.
  absl::StatusOr<int> ReapExpired();
  // Marks every run stored QUEUED or RUNNING INTERRUPTED, leases or not: for
  // the start of a daemon whose database no other daemon shares, where they
  // were left by a previous process. Returns how many.
  absl::StatusOr<int> MarkInterrupted();

  // The NOT_FOUND of an id no run (insight) has.
  static absl::Status RunNotFound(const std::string& id);
  static absl::Status InsightNotFound(const std::string& id);
  // The ABORTED of a write to a run the executor no longer holds.
  static absl::Status LeaseLost(const std::string& id);

 private:
  Database& database_;
  const std::string executor_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_RUN_STORE_H_
