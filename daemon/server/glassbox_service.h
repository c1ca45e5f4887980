// The gRPC service glassbox.v1.Glassbox: validates every request, answering
// bad input with INVALID_ARGUMENT / NOT_FOUND / FAILED_PRECONDITION /
// RESOURCE_EXHAUSTED and a message naming the field and the fix.
#ifndef GLASSBOX_DAEMON_SERVER_GLASSBOX_SERVICE_H_
#define GLASSBOX_DAEMON_SERVER_GLASSBOX_SERVICE_H_

#include <cstdint>
#include <memory>

#include "daemon/plugins/plugin_host.h"
#include "daemon/server/access_control.h"
#include "daemon/server/call_peer.h"
#include "daemon/server/caller.h"
#include "daemon/server/concurrency_limit.h"
#include "daemon/server/dataset_cache.h"
#include "daemon/server/model_registry.h"
#include "daemon/server/refusal_audit.h"
#include "daemon/server/request_check.h"
#include "daemon/server/run_preparer.h"
#include "daemon/server/project_access.h"
#include "daemon/server/scheduler.h"
#include "daemon/server/scorecard_issuer.h"
#include "daemon/server/status_util.h"
#include "glassbox/v1/service.grpc.pb.h"
#include "storage/dataset_store.h"
#include "storage/privacy_budget_store.h"
#include "storage/run_store.h"

namespace glassbox::server {

struct ServiceLimits {
  int64_t max_upload_bytes = int64_t{1} << 30;
  size_t max_rows = 50'000'000;
  size_t max_columns = 10'000;
  // Longest cell of an uploaded CSV (a larger one is refused, never held whole).
  size_t max_cell_bytes = size_t{64} << 10;
  RequestLimits request;
  // The largest gRPC message (DaemonConfig::max_message_bytes): list pages end before it.
  int max_message_bytes = 64 << 20;
  int max_concurrent_uploads = 4;
};

class GlassboxService final : public glassbox::v1::Glassbox::Service {
 public:
  GlassboxService(storage::DatasetStore& datasets, storage::RunStore& runs, storage::ModelStore& model_store,
                  storage::ScorecardStore& scorecards, storage::PrivacyBudgetStore& budgets,
                  storage::AuditLog& audit_log, ModelRegistry& models,
                  ScorecardIssuer& issuer, const AccessControl& access,
                  DatasetCache& cache, plugins::PluginHost& plugins, const RunPreparer& preparer,
                  Scheduler& scheduler, ServiceLimits limits);

  grpc::Status UploadDataset(grpc::ServerContext* context,
                             grpc::ServerReader<glassbox::v1::UploadDatasetRequest>* reader,
                             glassbox::v1::Dataset* response) override;
  grpc::Status GetDataset(grpc::ServerContext* context, const glassbox::v1::GetDatasetRequest* request,
                          glassbox::v1::Dataset* response) override;
  grpc::Status ListDatasets(grpc::ServerContext* context, const glassbox::v1::ListDatasetsRequest* request,
                            glassbox::v1::ListDatasetsResponse* response) override;
  grpc::Status GetPrivacyLedger(grpc::ServerContext* context, const glassbox::v1::GetPrivacyLedgerRequest* request,
                                glassbox::v1::PrivacyLedger* response) override;
  grpc::Status SetPrivacyBudget(grpc::ServerContext* context, const glassbox::v1::SetPrivacyBudgetRequest* request,
                                glassbox::v1::PrivacyLedger* response) override;
  grpc::Status RegisterModel(grpc::ServerContext* context, const glassbox::v1::RegisterModelRequest* request,
                             glassbox::v1::ModelVersion* response) override;
  grpc::Status GetModel(grpc::ServerContext* context, const glassbox::v1::GetModelRequest* request,
                        glassbox::v1::ModelVersion* response) override;
  grpc::Status ListModels(grpc::ServerContext* context, const glassbox::v1::ListModelsRequest* request,
                          glassbox::v1::ListModelsResponse* response) override;
  grpc::Status ListModelVersions(grpc::ServerContext* context, const glassbox::v1::ListModelVersionsRequest* request,
                                 glassbox::v1::ListModelVersionsResponse* response) override;
  grpc::Status WhatIf(grpc::ServerContext* context, const glassbox::v1::WhatIfRequest* request,
                      glassbox::v1::WhatIfResponse* response) override;
  grpc::Status ListAnalyzers(grpc::ServerContext* context, const glassbox::v1::ListAnalyzersRequest* request,
                             glassbox::v1::ListAnalyzersResponse* response) override;
  grpc::Status ReloadPlugins(grpc::ServerContext* context, const glassbox::v1::ReloadPluginsRequest* request,
                             glassbox::v1::ReloadPluginsResponse* response) override;
  grpc::Status CreateRun(grpc::ServerContext* context, const glassbox::v1::CreateRunRequest* request,
                         glassbox::v1::Run* response) override;
  grpc::Status GetRun(grpc::ServerContext* context, const glassbox::v1::GetRunRequest* request,
                      glassbox::v1::Run* response) override;
  grpc::Status ListRuns(grpc::ServerContext* context, const glassbox::v1::ListRunsRequest* request,
                        glassbox::v1::ListRunsResponse* response) override;
  grpc::Status WatchRun(grpc::ServerContext* context, const glassbox::v1::WatchRunRequest* request,
                        grpc::ServerWriter<glassbox::v1::RunEvent>* writer) override;
  grpc::Status CancelRun(grpc::ServerContext* context, const glassbox::v1::CancelRunRequest* request,
                         glassbox::v1::Run* response) override;
  grpc::Status GetInsight(grpc::ServerContext* context, const glassbox::v1::GetInsightRequest* request,
                          glassbox::v1::Insight* response) override;
  grpc::Status ListInsights(grpc::ServerContext* context, const glassbox::v1::ListInsightsRequest* request,
                            glassbox::v1::ListInsightsResponse* response) override;
  grpc::Status CompareRuns(grpc::ServerContext* context, const glassbox::v1::CompareRunsRequest* request,
                           glassbox::v1::CompareRunsResponse* response) override;
  grpc::Status CreateScorecard(grpc::ServerContext* context, const glassbox::v1::CreateScorecardRequest* request,
                               glassbox::v1::Scorecard* response) override;
  grpc::Status GetScorecard(grpc::ServerContext* context, const glassbox::v1::GetScorecardRequest* request,
                            grpc::ServerWriter<glassbox::v1::ScorecardChunk>* writer) override;
  grpc::Status ListScorecards(grpc::ServerContext* context, const glassbox::v1::ListScorecardsRequest* request,
                              glassbox::v1::ListScorecardsResponse* response) override;
  grpc::Status GetLineage(grpc::ServerContext* context, const glassbox::v1::GetLineageRequest* request,
                          glassbox::v1::Lineage* response) override;
  grpc::Status ListAuditEvents(grpc::ServerContext* context, const glassbox::v1::ListAuditEventsRequest* request,
                               glassbox::v1::ListAuditEventsResponse* response) override;
  grpc::Status VerifyAuditLog(grpc::ServerContext* context, const glassbox::v1::VerifyAuditLogRequest* request,
                              glassbox::v1::VerifyAuditLogResponse* response) override;

 private:
  // Identifies the caller, checks a daemon-wide action and `request`
  // (request_check.h), then runs `body` with the call's ProjectAccess, which
  // checks the project it touches. Refusals are audited, in the call's
  // project once known; so is any failure when `audit_failures` (a successful
  // call audits itself, with the change it makes). A peer's repeated
  // refusals are counted rather than each recorded (refusal_audit.h).
  template <typename Body>
  grpc::Status Guarded(grpc::ServerContext* context, const google::protobuf::Message& request, const char* action,
                       const std::string& resource, bool audit_failures, Body body) {
    auto caller = access_.Identify(*context);
    absl::Status allowed = caller.ok() ? AccessControl::Authorize(*caller, action) : caller.status();
    grpc::Status status = ToGrpc(allowed.ok() ? CheckRequest(request, limits_.request) : allowed);
    storage::AuditRecord record{"(unauthenticated)", "", action, resource};
    bool refused = !allowed.ok();
    if (caller.ok()) {
      ProjectAccess call(*caller, action);
      if (status.ok()) status = body(call);
      record = call.Audit(resource);
      refused = refused || call.refused();
    }
    if (!status.ok() && (audit_failures || refused)) {
      record.outcome = absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
      record.detail = status.error_message();
      refusals_.Record(CallPeer(*context), std::move(record));
    }
    return status;
  }
  // Dataset `id` when it is of the call's project; its NOT_FOUND otherwise.
  absl::StatusOr<glassbox::v1::Dataset> UsableDataset(ProjectAccess& call, const std::string& id);
  // Insight `id` once the project of its run is admitted.
  absl::StatusOr<glassbox::v1::Insight> AdmittedInsight(ProjectAccess& call, const std::string& id);

  template <typename Body>
  grpc::Status Audited(grpc::ServerContext* context, const google::protobuf::Message& request, const char* action,
                       const std::string& resource, Body body) {
    return Guarded(context, request, action, resource, true, body);
  }
  template <typename Body>
  grpc::Status Authorized(grpc::ServerContext* context, const google::protobuf::Message& request, const char* action,
                          const std::string& resource, Body body) {
    return Guarded(context, request, action, resource, false, body);
  }
  // A List request's page, ending before the response would pass the message limit.
  template <typename Request>
  storage::PageRequest PageOf(const Request& request) const {
    constexpr int kRoomForTokenAndFraming = 64 << 10;
    return {request.page_size(), request.page_token(),
            static_cast<size_t>(limits_.max_message_bytes - kRoomForTokenAndFraming)};
  }

  storage::DatasetStore& datasets_;
  storage::RunStore& runs_;
  storage::ModelStore& model_store_;
  storage::ScorecardStore& scorecards_;
  storage::PrivacyBudgetStore& budgets_;
  storage::AuditLog& audit_log_;
  const AccessControl& access_;
  ModelRegistry& models_;
  ScorecardIssuer& issuer_;
  DatasetCache& cache_;
  plugins::PluginHost& plugins_;
  const RunPreparer& preparer_;
  Scheduler& scheduler_;
  const ServiceLimits limits_;
  RefusalAudit refusals_;
  ConcurrencyLimit upload_slots_;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_GLASSBOX_SERVICE_H_
