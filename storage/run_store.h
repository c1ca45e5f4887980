// Runs and their insights. A run is stored whole (as its proto) with the
// columns lists filter on; an analysis's insight and the run's updated status
// commit in one transaction, so a reader never sees one without the other.
#ifndef GLASSBOX_STORAGE_RUN_STORE_H_
#define GLASSBOX_STORAGE_RUN_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
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

class RunStore {
 public:
  explicit RunStore(Database& database) : database_(database) {}

  // FAILED_PRECONDITION if the run's dataset is not stored. `audit` and the
  // reservation of `privacy` on the dataset's budget commit with it, or
  // nothing does (RESOURCE_EXHAUSTED when the budget cannot cover them).
  absl::Status Create(const glassbox::v1::Run& run, const AuditRecord& audit,
                      const std::vector<PrivacyCharge>& privacy = {});
  // Replaces the stored run (state, times, analysis statuses).
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

  // Ends the stored run `id` (MarkEnded) unless it has ended already; either
  // way returns it as stored afterwards. One transaction, so a run that ends
  // meanwhile keeps its own ending. DATA_LOSS if its row does not parse.
  absl::StatusOr<glassbox::v1::Run> EndUnfinished(const std::string& id, glassbox::v1::RunState state,
                                                  const std::string& reason);
  // The ids of the runs stored QUEUED or RUNNING, oldest first.
  absl::StatusOr<std::vector<std::string>> ListUnfinished();

  // Marks runs left QUEUED or RUNNING by a previous process INTERRUPTED;
  // returns how many.
  absl::StatusOr<int> MarkInterrupted();

  // The NOT_FOUND of an id no run (insight) has.
  static absl::Status RunNotFound(const std::string& id);
  static absl::Status InsightNotFound(const std::string& id);

 private:
  Database& database_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_RUN_STORE_H_
