// The filters of ListRuns, ListScorecards and ListAuditEvents, checked and
// turned into the stores' filters. INVALID_ARGUMENT names the field: a
// timestamp out of range, `since` after `until`, a model_version without a
// model_name. (Unknown states and verdicts are refused with every other
// unknown enum value, by request_check.h.) Each lists only `projects`.
#ifndef GLASSBOX_DAEMON_SERVER_LIST_FILTERS_H_
#define GLASSBOX_DAEMON_SERVER_LIST_FILTERS_H_

#include "absl/status/statusor.h"
#include "glassbox/v1/audit.pb.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/scorecard.pb.h"
#include "storage/audit_log.h"
#include "storage/run_store.h"
#include "storage/scorecard_store.h"

namespace glassbox::server {

absl::StatusOr<storage::RunFilter> RunFilterOf(const glassbox::v1::ListRunsRequest& request,
                                               storage::ProjectSet projects);
absl::StatusOr<storage::ScorecardFilter> ScorecardFilterOf(const glassbox::v1::ListScorecardsRequest& request,
                                                           storage::ProjectSet projects);
absl::StatusOr<storage::AuditFilter> AuditFilterOf(const glassbox::v1::ListAuditEventsRequest& request,
                                                   storage::ProjectSet projects);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_LIST_FILTERS_H_
