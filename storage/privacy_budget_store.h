// Privacy budgets per dataset and the ledger of the private releases charged
// to them. A run's releases are reserved in the transaction that records the
// run and its audit event (RunStore::Create), by one conditional UPDATE that
// adds the charge only where it fits under the limit, so concurrent runs can
// never overspend, in SQLite or PostgreSQL alike. Amounts are integers
// (1e-9 of epsilon, 1e-18 of delta), so sums are exact; charges round up,
// limits down. The SQL is plain and portable (ON CONFLICT, RETURNING).
#ifndef GLASSBOX_STORAGE_PRIVACY_BUDGET_STORE_H_
#define GLASSBOX_STORAGE_PRIVACY_BUDGET_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/v1/privacy.pb.h"
#include "storage/audit_log.h"
#include "storage/database.h"

namespace glassbox::storage {

inline constexpr double kDefaultPrivacyEpsilon = 1.0;
inline constexpr double kDefaultPrivacyDelta = 1e-6;

// What one analysis of a run spends.
struct PrivacyCharge {
  int analysis_index = 0;
  std::string analyzer;
  std::string mechanism;
  std::string parameters_json;
  double epsilon = 0;
  double delta = 0;
};

// Within `session` (the run's transaction): charges every one of `charges`
// to `dataset_id` for run `run_id`, or none and RESOURCE_EXHAUSTED saying
// what the run asks and what is left. A dataset without a budget row gets
// the default one first.
absl::Status ReservePrivacy(Session& session, const std::string& dataset_id, const std::string& run_id,
                            const std::string& principal, const std::vector<PrivacyCharge>& charges);

// INVALID_ARGUMENT "budget.epsilon: …" unless epsilon is in (0, 1000] and
// delta in [0, 1).
absl::Status CheckPrivacyBudget(const glassbox::v1::PrivacyBudget& budget);

class PrivacyBudgetStore {
 public:
  explicit PrivacyBudgetStore(Database& database) : database_(database) {}

  // Sets the budget, with `audit` in the same transaction. FAILED_PRECONDITION
  // when it is below what was spent.
  absl::StatusOr<glassbox::v1::PrivacyLedger> SetBudget(const std::string& dataset_id,
                                                        const glassbox::v1::PrivacyBudget& budget,
                                                        const std::string& principal, const AuditRecord& audit);
  // For a dataset just uploaded: sets `budget` unless one is stored, then
  // FAILED_PRECONDITION if the stored one differs.
  absl::Status SetInitialBudget(const std::string& dataset_id, const glassbox::v1::PrivacyBudget& budget,
                                const std::string& principal);
  // The budget (the default when none was set) and every release, oldest first.
  absl::StatusOr<glassbox::v1::PrivacyLedger> Ledger(const std::string& dataset_id);

 private:
  Database& database_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_PRIVACY_BUDGET_STORE_H_
