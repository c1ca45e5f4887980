// What a run's analyses spend of its dataset's privacy budget. The daemon
// knows no analyzer by name: an analyzer that releases private figures
// declares a DOUBLE parameter `privacy_epsilon` (and optionally
// `privacy_delta`), its whole analysis's privacy loss, and the value each
// analysis runs with (defaults filled in) is what is charged.
#ifndef GLASSBOX_DAEMON_SERVER_PRIVACY_CHARGES_H_
#define GLASSBOX_DAEMON_SERVER_PRIVACY_CHARGES_H_

#include <vector>

#include "daemon/run/prepared_run.h"
#include "storage/privacy_budget_store.h"

namespace glassbox::server {

inline constexpr char kPrivacyEpsilonParameter[] = "privacy_epsilon";
inline constexpr char kPrivacyDeltaParameter[] = "privacy_delta";

// One charge per analysis whose analyzer declares privacy_epsilon, in the
// order of the run's analyses.
std::vector<storage::PrivacyCharge> PrivacyCharges(const run::PreparedRun& prepared);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_PRIVACY_CHARGES_H_
