#include "daemon/server/list_filters.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace glassbox::server {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

absl::Status CheckTimestamp(const Timestamp& time, const char* field) {
  if (time.seconds() < TimeUtil::kTimestampMinSeconds || time.seconds() > TimeUtil::kTimestampMaxSeconds ||
      time.nanos() < 0 || time.nanos() > 999'999'999) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is not a valid timestamp (seconds ", time.seconds(),
                                                   ", nanos ", time.nanos(),
                                                   "); give a time between years 1 and 9999, nanos in [0, 1e9)"));
  }
  return absl::OkStatus();
}

// [since, until) from a request's optional `since` and `until`.
template <typename Request>
absl::StatusOr<storage::TimeRange> TimeRangeOf(const Request& request) {
  storage::TimeRange range;
  if (request.has_since()) {
    if (auto status = CheckTimestamp(request.since(), "since"); !status.ok()) return status;
    range.since_micros = TimeUtil::TimestampToMicroseconds(request.since());
  }
  if (request.has_until()) {
    if (auto status = CheckTimestamp(request.until(), "until"); !status.ok()) return status;
    range.until_micros = TimeUtil::TimestampToMicroseconds(request.until());
  }
  if (request.has_since() && request.has_until() && request.since() > request.until()) {
    return absl::InvalidArgumentError(absl::StrCat("since (", TimeUtil::ToString(request.since()),
                                                   ") is after until (", TimeUtil::ToString(request.until()),
                                                   "); give since <= until, or leave one of them unset"));
  }
  return range;
}

absl::Status CheckModel(const std::string& name, const std::string& version) {
  if (name.empty() && !version.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("model_version '", version, "' needs model_name: give the model whose version to list"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<storage::RunFilter> RunFilterOf(const glassbox::v1::ListRunsRequest& request,
                                               storage::ProjectSet projects) {
  if (auto status = CheckModel(request.model_name(), request.model_version()); !status.ok()) return status;
  auto created = TimeRangeOf(request);
  if (!created.ok()) return created.status();
  return storage::RunFilter{.dataset_id = request.dataset_id(),
                            .model_name = request.model_name(),
                            .model_version = request.model_version(),
                            .state = request.state(),
                            .creator = request.creator(),
                            .created = *created,
                            .verdict = request.verdict(),
                            .projects = std::move(projects)};
}

absl::StatusOr<storage::ScorecardFilter> ScorecardFilterOf(const glassbox::v1::ListScorecardsRequest& request,
                                                           storage::ProjectSet projects) {
  if (auto status = CheckModel(request.model_name(), request.model_version()); !status.ok()) return status;
  auto created = TimeRangeOf(request);
  if (!created.ok()) return created.status();
  return storage::ScorecardFilter{.run_id = request.run_id(),
                                  .model_name = request.model_name(),
                                  .model_version = request.model_version(),
                                  .creator = request.creator(),
                                  .created = *created,
                                  .verdict = request.verdict(),
                                  .projects = std::move(projects)};
}

absl::StatusOr<storage::AuditFilter> AuditFilterOf(const glassbox::v1::ListAuditEventsRequest& request,
                                                   storage::ProjectSet projects) {
  auto time = TimeRangeOf(request);
  if (!time.ok()) return time.status();
  return storage::AuditFilter{request.principal(), request.action(), request.resource_prefix(), *time,
                              std::move(projects)};
}

}  // namespace glassbox::server
