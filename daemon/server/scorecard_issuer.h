// Issues scorecards: gathers a finished run's dataset, insights and model
// datasheet, renders the PDF against a configuration, and archives it with
// its SHA-256.
#ifndef GLASSBOX_DAEMON_SERVER_SCORECARD_ISSUER_H_
#define GLASSBOX_DAEMON_SERVER_SCORECARD_ISSUER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/scorecard.pb.h"
#include "storage/dataset_store.h"
#include "storage/model_store.h"
#include "storage/run_store.h"
#include "storage/scorecard_store.h"

namespace glassbox::server {

class ScorecardIssuer {
 public:
  // Cohorts of fewer than `min_cohort_rows` rows are flagged on the scorecards it issues.
  ScorecardIssuer(storage::DatasetStore& datasets, storage::RunStore& runs, storage::ModelStore& models,
                  storage::ScorecardStore& scorecards, int64_t min_cohort_rows)
      : datasets_(datasets), runs_(runs), models_(models), scorecards_(scorecards), min_cohort_rows_(min_cohort_rows) {}

  enum class ConfigCheck {
    // CreateScorecard: the configuration must ask only for what the run's
    // insights report or would have (config_fit.h).
    kAgainstInsights,
    // The run's own scorecard_config, checked at CreateRun against what its
    // analyses declare; what they then failed to report is stated on the card.
    kCheckedAtCreateRun,
  };

  // `run` must have ended; INVALID_ARGUMENT naming the key for a bad config.
  // The scorecard's creator is the audited principal; its project the run's.
  absl::StatusOr<glassbox::v1::Scorecard> Issue(const glassbox::v1::Run& run, const std::string& config_json,
                                                const storage::AuditRecord& audit, ConfigCheck check);

 private:
  storage::DatasetStore& datasets_;
  storage::RunStore& runs_;
  storage::ModelStore& models_;
  storage::ScorecardStore& scorecards_;
  const int64_t min_cohort_rows_;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_SCORECARD_ISSUER_H_
