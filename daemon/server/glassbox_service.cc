#include "daemon/server/glassbox_service.h"

#include <malloc.h>

#include <algorithm>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/data/csv_reader.h"
#include "daemon/data/schema.h"
#include "daemon/scorecard/scorecard_config.h"
#include "daemon/server/dataset_upload.h"
#include "daemon/server/list_filters.h"
#include "daemon/server/privacy_charges.h"
#include "daemon/server/project_name.h"
#include "daemon/server/run_comparison.h"
#include "daemon/server/run_scorecard_check.h"
#include "daemon/server/run_watch.h"
#include "daemon/server/status_util.h"
#include "daemon/server/what_if.h"
#include "storage/clock.h"
#include "storage/sha256.h"

namespace glassbox::server {
namespace {


grpc::Status RequireId(const std::string& id, const char* field) {
  if (id.empty()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, absl::StrCat(field, " is empty; give an id"));
  return grpc::Status::OK;
}

// The dataset id: its content address plus the column types it was read with
// and, outside "default" (whose ids predate projects), the project, so the
// same bytes uploaded in two projects are two datasets with ids of their own.
std::string DatasetId(const std::string& project, const std::string& sha256,
                      const std::vector<glassbox::v1::ColumnSchema>& columns) {
  std::string identity = project == kDefaultProject ? sha256 : absl::StrCat(project, "\n", sha256);
  for (const auto& column : columns) absl::StrAppend(&identity, "\n", column.name(), ":", column.type());
  return absl::StrCat("ds_", storage::Sha256Hex(identity).substr(0, 24));
}

std::string NewRunId() {
  static thread_local std::mt19937_64 random(std::random_device{}());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "run_";
  uint64_t bits = random();
  for (int i = 0; i < 16; ++i, bits >>= 4) id.push_back(kHex[bits & 0xF]);
  return id;
}

}  // namespace

GlassboxService::GlassboxService(storage::DatasetStore& datasets, storage::RunStore& runs,
                                 storage::ModelStore& model_store, storage::ScorecardStore& scorecards,
                                 storage::PrivacyBudgetStore& budgets, storage::AuditLog& audit_log, ModelRegistry& models, ScorecardIssuer& issuer,
                                 const AccessControl& access, DatasetCache& cache,
                                 plugins::PluginHost& plugins, const RunPreparer& preparer, Scheduler& scheduler,
                                 ServiceLimits limits)
    : datasets_(datasets),
      runs_(runs),
      model_store_(model_store),
      scorecards_(scorecards),
      budgets_(budgets),
      audit_log_(audit_log),
      access_(access),
      models_(models),
      issuer_(issuer),
      cache_(cache),
      plugins_(plugins),
      preparer_(preparer),
      scheduler_(scheduler),
      limits_(limits),
      refusals_(audit_log, {}),
      upload_slots_(limits.max_concurrent_uploads) {}

absl::StatusOr<glassbox::v1::Dataset> GlassboxService::UsableDataset(ProjectAccess& call, const std::string& id) {
  auto dataset = datasets_.Get(id);
  if (!dataset.ok()) return dataset.status();
  if (auto status = call.Use(dataset->project(), storage::DatasetStore::NotFound(id)); !status.ok()) return status;
  return dataset;
}

absl::StatusOr<glassbox::v1::Insight> GlassboxService::AdmittedInsight(ProjectAccess& call, const std::string& id) {
  auto insight = runs_.GetInsight(id);
  if (!insight.ok()) return insight.status();
  auto run = runs_.Get(insight->run_id());
  if (!run.ok()) return run.status();
  if (auto status = call.Admit(run->project(), storage::RunStore::InsightNotFound(id)); !status.ok()) return status;
  return insight;
}

grpc::Status GlassboxService::UploadDataset(grpc::ServerContext* context,
                                            grpc::ServerReader<glassbox::v1::UploadDatasetRequest>* reader,
                                            glassbox::v1::Dataset* response) {
  const auto& no_request = glassbox::v1::UploadDatasetRequest::default_instance();
  grpc::Status status = Audited(context, no_request, "UploadDataset", "datasets", [&](ProjectAccess& call) -> grpc::Status {
    const ConcurrencyLimit::Slot slot = upload_slots_.TryAcquire();
    if (!slot) {
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          absl::StrCat("uploads in progress are at the limit of ", upload_slots_.limit(),
                                       " (glassboxd --max_concurrent_uploads); retry when one has finished"));
    }
    glassbox::v1::UploadDatasetRequest message;
    if (!reader->Read(&message) || !message.has_header()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "the first message of an upload must be a header (UploadDatasetRequest.header)");
    }
    if (auto checked = CheckRequest(message, limits_.request); !checked.ok()) return ToGrpc(checked);
    const glassbox::v1::DatasetHeader header = message.header();
    auto project = call.Enter(header.project(), "header.project");
    if (!project.ok()) return ToGrpc(project.status());
    if (header.format() != glassbox::v1::DATA_FORMAT_UNSPECIFIED && header.format() != glassbox::v1::CSV) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "header.format: only CSV is supported");
    }
    if (header.size_bytes() > limits_.max_upload_bytes) {
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          absl::StrCat("header.size_bytes: ", header.size_bytes(), " bytes exceeds the upload limit of ",
                                       limits_.max_upload_bytes, " bytes (glassboxd --max_upload_mb)"));
    }
    if (header.has_privacy_budget()) {
      if (auto status = storage::CheckPrivacyBudget(header.privacy_budget()); !status.ok()) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, absl::StrCat("header.privacy_", status.message()));
      }
    }
    data::CsvOptions options;
    options.column_types = {header.column_types().begin(), header.column_types().end()};
    options.max_rows = limits_.max_rows;
    options.max_columns = limits_.max_columns;
    options.max_cell_bytes = limits_.max_cell_bytes;
    // A longer name could not be named in a request (request_check.h).
    options.max_column_name_bytes = kMaxPlainStringBytes;
    DatasetUpload upload(datasets_.NewStagingPath(), std::move(options), limits_.max_upload_bytes);
    while (reader->Read(&message)) {
      if (message.has_header()) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "a second header arrived; send one header, then chunks");
      }
      if (auto appended = upload.Append(message.chunk()); !appended.ok()) return ToGrpc(appended);
    }
    if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the upload");
    auto received = upload.Finish();
    if (!received.ok()) return ToGrpc(received.status());
    const sdk::Table& table = received->table;

    glassbox::v1::Dataset dataset;
    dataset.set_sha256(received->sha256);
    dataset.set_display_name(header.display_name());
    dataset.set_size_bytes(received->size_bytes);
    dataset.set_row_count(static_cast<int64_t>(table.num_rows()));
    size_t listed_category_bytes = data::kMaxListedCategoryBytes;
    for (size_t i = 0; i < table.num_columns(); ++i) {
      *dataset.add_columns() = data::DescribeColumn(table.column(i), listed_category_bytes);
    }
    dataset.set_id(DatasetId(*project, dataset.sha256(), {dataset.columns().begin(), dataset.columns().end()}));
    *dataset.mutable_create_time() = storage::Now();
    dataset.set_creator(call.caller().principal);
    dataset.set_project(*project);

    auto stored = datasets_.Insert(dataset, upload.staging_path(), call.Audit(absl::StrCat("datasets/", dataset.id())));
    if (!stored.ok()) return ToGrpc(stored.status());
    if (header.has_privacy_budget()) {
      if (auto status = budgets_.SetInitialBudget(stored->id(), header.privacy_budget(), call.caller().principal);
          !status.ok()) {
        return ToGrpc(status);
      }
    }
    cache_.Put(stored->id(), std::make_shared<const sdk::Table>(std::move(received->table)));
    *response = *std::move(stored);
    return grpc::Status::OK;
  });
  // The parser's small blocks, dictionaries and record buffer are free now;
  // glibc would keep them in its heap for good.
  malloc_trim(0);
  return status;
}

grpc::Status GlassboxService::GetDataset(grpc::ServerContext* context, const glassbox::v1::GetDatasetRequest* request,
                                         glassbox::v1::Dataset* response) {
  return Authorized(context, *request, "GetDataset", absl::StrCat("datasets/", request->id()), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->id(), "id"); !status.ok()) return status;
    auto dataset = call.Admitted(datasets_.Get(request->id()), storage::DatasetStore::NotFound(request->id()));
    if (!dataset.ok()) return ToGrpc(dataset.status());
    *response = *std::move(dataset);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::ListDatasets(grpc::ServerContext* context, const glassbox::v1::ListDatasetsRequest* request,
                                           glassbox::v1::ListDatasetsResponse* response) {
  return Authorized(context, *request, "ListDatasets", "datasets", [&](ProjectAccess& call) -> grpc::Status {
    auto projects = call.Listed(request->project());
    if (!projects.ok()) return ToGrpc(projects.status());
    auto page = datasets_.List(*projects, PageOf(*request));
    if (!page.ok()) return ToGrpc(page.status());
    for (auto& dataset : page->items) *response->add_datasets() = std::move(dataset);
    response->set_next_page_token(page->next_page_token);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::GetPrivacyLedger(grpc::ServerContext* context,
                                               const glassbox::v1::GetPrivacyLedgerRequest* request,
                                               glassbox::v1::PrivacyLedger* response) {
  const std::string resource = absl::StrCat("datasets/", request->dataset_id(), "/privacy");
  return Audited(context, *request, "GetPrivacyLedger", resource, [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->dataset_id(), "dataset_id"); !status.ok()) return status;
    auto dataset =
        call.Admitted(datasets_.Get(request->dataset_id()), storage::DatasetStore::NotFound(request->dataset_id()));
    if (!dataset.ok()) return ToGrpc(dataset.status());
    auto ledger = budgets_.Ledger(dataset->id());
    if (!ledger.ok()) return ToGrpc(ledger.status());
    if (auto status = audit_log_.Append(call.Audit(resource)); !status.ok()) return ToGrpc(status);
    *response = *std::move(ledger);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::SetPrivacyBudget(grpc::ServerContext* context,
                                               const glassbox::v1::SetPrivacyBudgetRequest* request,
                                               glassbox::v1::PrivacyLedger* response) {
  const std::string resource = absl::StrCat("datasets/", request->dataset_id(), "/privacy");
  return Audited(context, *request, "SetPrivacyBudget", resource, [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->dataset_id(), "dataset_id"); !status.ok()) return status;
    if (!request->has_budget()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "budget is unset; give budget.epsilon (and budget.delta)");
    }
    auto dataset =
        call.Admitted(datasets_.Get(request->dataset_id()), storage::DatasetStore::NotFound(request->dataset_id()));
    if (!dataset.ok()) return ToGrpc(dataset.status());
    auto audit = call.Audit(resource);
    audit.detail = absl::StrCat("epsilon ", request->budget().epsilon(), ", delta ", request->budget().delta());
    auto ledger = budgets_.SetBudget(dataset->id(), request->budget(), call.caller().principal, audit);
    if (!ledger.ok()) return ToGrpc(ledger.status());
    *response = *std::move(ledger);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::RegisterModel(grpc::ServerContext* context, const glassbox::v1::RegisterModelRequest* request,
                                            glassbox::v1::ModelVersion* response) {
  return Audited(context, *request, "RegisterModel", absl::StrCat("models/", request->name()), [&](ProjectAccess& call) -> grpc::Status {
    auto project = call.Enter(request->project());
    if (!project.ok()) return ToGrpc(project.status());
    auto version = models_.Register(*request, *project, call.caller().principal,
                                    call.Audit(absl::StrCat("models/", request->name())));
    if (!version.ok()) return ToGrpc(version.status());
    *response = *std::move(version);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::GetModel(grpc::ServerContext* context, const glassbox::v1::GetModelRequest* request,
                                       glassbox::v1::ModelVersion* response) {
  return Authorized(context, *request, "GetModel", absl::StrCat("models/", request->model().name()), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->model().name(), "model.name"); !status.ok()) return status;
    auto project = call.Enter(request->project());
    if (!project.ok()) return ToGrpc(project.status());
    auto version = model_store_.Get(*project, request->model().name(), request->model().version());
    if (!version.ok()) return ToGrpc(version.status());
    *response = *std::move(version);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::ListModels(grpc::ServerContext* context, const glassbox::v1::ListModelsRequest* request,
                                         glassbox::v1::ListModelsResponse* response) {
  return Authorized(context, *request, "ListModels", "models", [&](ProjectAccess& call) -> grpc::Status {
    auto projects = call.Listed(request->project());
    if (!projects.ok()) return ToGrpc(projects.status());
    auto page = model_store_.ListLatest(*projects, PageOf(*request));
    if (!page.ok()) return ToGrpc(page.status());
    for (auto& model : page->items) *response->add_models() = std::move(model);
    response->set_next_page_token(page->next_page_token);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::ListModelVersions(grpc::ServerContext* context,
                                                const glassbox::v1::ListModelVersionsRequest* request,
                                                glassbox::v1::ListModelVersionsResponse* response) {
  return Authorized(context, *request, "ListModelVersions", absl::StrCat("models/", request->name()), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->name(), "name"); !status.ok()) return status;
    auto project = call.Enter(request->project());
    if (!project.ok()) return ToGrpc(project.status());
    auto page = model_store_.ListVersions(*project, request->name(), PageOf(*request));
    if (!page.ok()) return ToGrpc(page.status());
    if (page->items.empty() && request->page_token().empty()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, absl::StrCat("model '", request->name(), "' is not registered"));
    }
    for (auto& model : page->items) *response->add_versions() = std::move(model);
    response->set_next_page_token(page->next_page_token);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::WhatIf(grpc::ServerContext* context, const glassbox::v1::WhatIfRequest* request,
                                     glassbox::v1::WhatIfResponse* response) {
  return Authorized(context, *request, "WhatIf", absl::StrCat("models/", request->model().name()), [&](ProjectAccess& call) -> grpc::Status {
    auto project = call.Enter(request->project());
    if (!project.ok()) return ToGrpc(project.status());
    auto model = models_.Load(*project, request->model());
    if (!model.ok()) return ToGrpc(model.status());
    std::shared_ptr<const sdk::Table> base;
    if (!request->dataset_id().empty()) {
      auto dataset = UsableDataset(call, request->dataset_id());
      if (!dataset.ok()) return ToGrpc(dataset.status());
      auto table = cache_.Load(*dataset);
      if (!table.ok()) return ToGrpc(table.status());
      if (request->row_index() < 0 || request->row_index() >= static_cast<int64_t>((*table)->num_rows())) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            absl::StrCat("row_index ", request->row_index(), " is outside dataset '", request->dataset_id(),
                                         "' (rows 0 to ", (*table)->num_rows() - 1, ")"));
      }
      base = *std::move(table);
    }
    auto row = WhatIfRow(model->version, base.get(), request->row_index(), {request->values().begin(), request->values().end()});
    if (!row.ok()) return ToGrpc(row.status());
    auto scored = ScoreRow(*model, *row);
    if (!scored.ok()) return ToGrpc(scored.status());
    *response = *std::move(scored);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::ListAnalyzers(grpc::ServerContext* context, const glassbox::v1::ListAnalyzersRequest* request,
                                            glassbox::v1::ListAnalyzersResponse* response) {
  return Authorized(context, *request, "ListAnalyzers", "analyzers", [&](ProjectAccess&) -> grpc::Status {
    for (const auto& plugin : plugins_.List()) *response->add_analyzers() = plugin->descriptor;
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::ReloadPlugins(grpc::ServerContext* context, const glassbox::v1::ReloadPluginsRequest* request,
                                            glassbox::v1::ReloadPluginsResponse* response) {
  return Audited(context, *request, "ReloadPlugins", "plugins", [&](ProjectAccess& call) -> grpc::Status {
    plugins_.Reload();
    for (const auto& plugin : plugins_.List()) *response->add_analyzers() = plugin->descriptor;
    for (const auto& skipped : plugins_.skipped()) {
      auto* out = response->add_skipped();
      out->set_library_path(skipped.path);
      out->set_reason(skipped.reason);
    }
    if (auto status = audit_log_.Append(call.Audit("plugins")); !status.ok()) return ToGrpc(status);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::CreateRun(grpc::ServerContext* context, const glassbox::v1::CreateRunRequest* request,
                                        glassbox::v1::Run* response) {
  return Audited(context, *request, "CreateRun", "runs", [&](ProjectAccess& call) -> grpc::Status {
    const auto& spec = request->spec();
    auto project = call.Enter(request->project());
    if (!project.ok()) return ToGrpc(project.status());
    if (auto status = RequireId(spec.dataset_id(), "spec.dataset_id"); !status.ok()) return status;
    if (!spec.scorecard_config().empty()) {
      if (auto config = scorecard::ParseScorecardConfig(spec.scorecard_config()); !config.ok()) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            absl::StrCat("spec.scorecard_config: ", config.status().message()));
      }
    }
    auto dataset = UsableDataset(call, spec.dataset_id());
    if (!dataset.ok()) return ToGrpc(dataset.status());
    auto prepared = preparer_.Prepare(*dataset, *project, spec);
    if (!prepared.ok()) return ToGrpc(prepared.status());
    if (auto status = CheckRunScorecardConfig(spec, prepared->run); !status.ok()) return ToGrpc(status);

    glassbox::v1::Run run;
    *run.mutable_spec() = spec;
    if (spec.has_model()) run.mutable_spec()->mutable_model()->set_version(prepared->model_version);
    if (const sdk::Outcomes& outcomes = prepared->run.outcomes; outcomes.task == glassbox::v1::BINARY_CLASSIFICATION) {
      run.mutable_spec()->set_positive_class(outcomes.classes[outcomes.positive_class]);
    }
    run.set_creator(call.caller().principal);
    run.set_project(*project);
    for (const auto& analysis : prepared->run.analyses) {
      auto* status = run.add_analyses();
      status->set_analyzer(analysis.plugin->descriptor.name());
      status->set_analyzer_version(analysis.plugin->descriptor.version());
      status->set_section(analysis.plugin->descriptor.reports().section());
      status->set_state(glassbox::v1::PENDING);
    }
    if (request->validate_only()) {
      *response = std::move(run);
      return grpc::Status::OK;
    }
    run.set_id(NewRunId());
    run.set_state(glassbox::v1::QUEUED);
    *run.mutable_create_time() = storage::Now();
    *response = run;
    auto audit = call.Audit(absl::StrCat("runs/", run.id()));
    const std::vector<storage::PrivacyCharge> privacy = PrivacyCharges(prepared->run);
    return ToGrpc(scheduler_.Submit(std::move(run), audit, privacy));
  });
}

grpc::Status GlassboxService::GetRun(grpc::ServerContext* context, const glassbox::v1::GetRunRequest* request,
                                     glassbox::v1::Run* response) {
  return Authorized(context, *request, "GetRun", absl::StrCat("runs/", request->id()), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->id(), "id"); !status.ok()) return status;
    auto run = call.Admitted(runs_.Get(request->id()), storage::RunStore::RunNotFound(request->id()));
    if (!run.ok()) return ToGrpc(run.status());
    *response = *std::move(run);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::ListRuns(grpc::ServerContext* context, const glassbox::v1::ListRunsRequest* request,
                                       glassbox::v1::ListRunsResponse* response) {
  return Authorized(context, *request, "ListRuns", "runs", [&](ProjectAccess& call) -> grpc::Status {
    auto projects = call.Listed(request->project());
    if (!projects.ok()) return ToGrpc(projects.status());
    auto filter = RunFilterOf(*request, *std::move(projects));
    if (!filter.ok()) return ToGrpc(filter.status());
    auto page = runs_.List(*filter, PageOf(*request));
    if (!page.ok()) return ToGrpc(page.status());
    for (auto& run : page->items) *response->add_runs() = std::move(run);
    response->set_next_page_token(page->next_page_token);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::WatchRun(grpc::ServerContext* context, const glassbox::v1::WatchRunRequest* request,
                                       grpc::ServerWriter<glassbox::v1::RunEvent>* writer) {
  return Authorized(context, *request, "WatchRun", absl::StrCat("runs/", request->id()), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->id(), "id"); !status.ok()) return status;
    auto stored = call.Admitted(runs_.Get(request->id()), storage::RunStore::RunNotFound(request->id()));
    if (!stored.ok()) return ToGrpc(stored.status());
    return FollowRun(scheduler_, runs_, request->id(), *context, *writer);
  });
}

grpc::Status GlassboxService::CancelRun(grpc::ServerContext* context, const glassbox::v1::CancelRunRequest* request,
                                        glassbox::v1::Run* response) {
  return Audited(context, *request, "CancelRun", absl::StrCat("runs/", request->id()), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->id(), "id"); !status.ok()) return status;
    auto admitted = call.Admitted(runs_.Get(request->id()), storage::RunStore::RunNotFound(request->id()));
    if (!admitted.ok()) return ToGrpc(admitted.status());
    auto run = scheduler_.Cancel(request->id());
    if (!run.ok()) return ToGrpc(run.status());
    *response = *std::move(run);
    if (auto status = audit_log_.Append(call.Audit(absl::StrCat("runs/", request->id()))); !status.ok()) return ToGrpc(status);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::GetInsight(grpc::ServerContext* context, const glassbox::v1::GetInsightRequest* request,
                                         glassbox::v1::Insight* response) {
  return Audited(context, *request, "GetInsight", absl::StrCat("insights/", request->id()), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->id(), "id"); !status.ok()) return status;
    auto insight = AdmittedInsight(call, request->id());
    if (!insight.ok()) return ToGrpc(insight.status());
    *response = *std::move(insight);
    if (auto status = audit_log_.Append(call.Audit(absl::StrCat("insights/", request->id()))); !status.ok()) return ToGrpc(status);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::ListInsights(grpc::ServerContext* context, const glassbox::v1::ListInsightsRequest* request,
                                           glassbox::v1::ListInsightsResponse* response) {
  return Audited(context, *request, "ListInsights", absl::StrCat("runs/", request->run_id(), "/insights"), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->run_id(), "run_id"); !status.ok()) return status;
    auto run = call.Admitted(runs_.Get(request->run_id()), storage::RunStore::RunNotFound(request->run_id()));
    if (!run.ok()) return ToGrpc(run.status());
    storage::PageRequest page_request = PageOf(*request);
    // 0 lists as many as fit, so a client from before these pages gets every insight that fits in one message.
    if (page_request.page_size == 0) page_request.page_size = storage::kMaxPageSize;
    auto page = runs_.ListInsights(request->run_id(), page_request);
    if (!page.ok()) return ToGrpc(page.status());
    for (auto& insight : page->items) *response->add_insights() = std::move(insight);
    response->set_next_page_token(page->next_page_token);
    if (auto status = audit_log_.Append(call.Audit(absl::StrCat("runs/", request->run_id(), "/insights"))); !status.ok()) return ToGrpc(status);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::CompareRuns(grpc::ServerContext* context, const glassbox::v1::CompareRunsRequest* request,
                                          glassbox::v1::CompareRunsResponse* response) {
  const std::string resource = absl::StrCat("runs/", request->run_id(), "/compare/", request->other_run_id());
  return Audited(context, *request, "CompareRuns", resource, [&](ProjectAccess& call) -> grpc::Status {
    std::vector<ComparedRun> runs;
    for (const auto& [id, field] : {std::pair{request->run_id(), "run_id"}, {request->other_run_id(), "other_run_id"}}) {
      if (auto status = RequireId(id, field); !status.ok()) return status;
      auto run = call.Admitted(runs_.Get(id), storage::RunStore::RunNotFound(id));
      if (!run.ok()) return ToGrpcIn(field, run.status());
      auto insights = runs_.ListInsights(id);
      if (!insights.ok()) return ToGrpcIn(field, insights.status());
      runs.push_back({*std::move(run), *std::move(insights)});
    }
    *response = server::CompareRuns(runs[0], runs[1]);
    if (auto status = audit_log_.Append(call.Audit(resource)); !status.ok()) return ToGrpc(status);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::CreateScorecard(grpc::ServerContext* context, const glassbox::v1::CreateScorecardRequest* request,
                                              glassbox::v1::Scorecard* response) {
  return Audited(context, *request, "CreateScorecard", absl::StrCat("runs/", request->run_id(), "/scorecards"), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->run_id(), "run_id"); !status.ok()) return status;
    auto run = call.Admitted(runs_.Get(request->run_id()), storage::RunStore::RunNotFound(request->run_id()));
    if (!run.ok()) return ToGrpc(run.status());
    if (!IsTerminal(run->state())) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          absl::StrCat("run '", run->id(), "' is ", glassbox::v1::RunState_Name(run->state()),
                                       "; a scorecard is issued once the run has ended (WatchRun follows it)"));
    }
    auto card = issuer_.Issue(*run, request->config_json(), call.Audit(absl::StrCat("runs/", run->id(), "/scorecards")),
                              ScorecardIssuer::ConfigCheck::kAgainstInsights);
    if (!card.ok()) return ToGrpc(card.status());
    *response = *std::move(card);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::GetScorecard(grpc::ServerContext* context, const glassbox::v1::GetScorecardRequest* request,
                                           grpc::ServerWriter<glassbox::v1::ScorecardChunk>* writer) {
  return Audited(context, *request, "GetScorecard", absl::StrCat("scorecards/", request->id()), [&](ProjectAccess& call) -> grpc::Status {
    if (auto status = RequireId(request->id(), "id"); !status.ok()) return status;
    auto card = call.Admitted(scorecards_.Get(request->id()), storage::ScorecardStore::NotFound(request->id()));
    if (!card.ok()) return ToGrpc(card.status());
    auto pdf = scorecards_.ReadPdf(request->id());
    if (!pdf.ok()) return ToGrpc(pdf.status());
    if (auto status = audit_log_.Append(call.Audit(absl::StrCat("scorecards/", request->id())));
        !status.ok()) {
      return ToGrpc(status);
    }
    constexpr size_t kChunkBytes = 256 << 10;
    glassbox::v1::ScorecardChunk chunk;
    *chunk.mutable_scorecard() = *std::move(card);
    for (size_t offset = 0; offset < pdf->size() || offset == 0; offset += kChunkBytes) {
      chunk.set_data(pdf->substr(offset, kChunkBytes));
      if (!writer->Write(chunk)) return grpc::Status(grpc::StatusCode::CANCELLED, "the reader went away");
      chunk.clear_scorecard();
    }
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::ListScorecards(grpc::ServerContext* context, const glassbox::v1::ListScorecardsRequest* request,
                                             glassbox::v1::ListScorecardsResponse* response) {
  return Authorized(context, *request, "ListScorecards", "scorecards", [&](ProjectAccess& call) -> grpc::Status {
    auto projects = call.Listed(request->project());
    if (!projects.ok()) return ToGrpc(projects.status());
    auto filter = ScorecardFilterOf(*request, *std::move(projects));
    if (!filter.ok()) return ToGrpc(filter.status());
    auto page = scorecards_.List(*filter, PageOf(*request));
    if (!page.ok()) return ToGrpc(page.status());
    for (auto& card : page->items) *response->add_scorecards() = std::move(card);
    response->set_next_page_token(page->next_page_token);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::ListAuditEvents(grpc::ServerContext* context, const glassbox::v1::ListAuditEventsRequest* request,
                                              glassbox::v1::ListAuditEventsResponse* response) {
  return Authorized(context, *request, "ListAuditEvents", "audit", [&](ProjectAccess& call) -> grpc::Status {
    refusals_.Flush();
    auto projects = call.Listed(request->project());
    if (!projects.ok()) return ToGrpc(projects.status());
    auto filter = AuditFilterOf(*request, *std::move(projects));
    if (!filter.ok()) return ToGrpc(filter.status());
    auto page = audit_log_.List(*filter, PageOf(*request));
    if (!page.ok()) return ToGrpc(page.status());
    for (auto& event : page->items) *response->add_events() = std::move(event);
    response->set_next_page_token(page->next_page_token);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::VerifyAuditLog(grpc::ServerContext* context, const glassbox::v1::VerifyAuditLogRequest* request,
                                             glassbox::v1::VerifyAuditLogResponse* response) {
  return Authorized(context, *request, "VerifyAuditLog", "audit", [&](ProjectAccess&) -> grpc::Status {
    auto result = audit_log_.Verify();
    if (!result.ok()) return ToGrpc(result.status());
    *response = *std::move(result);
    return grpc::Status::OK;
  });
}

grpc::Status GlassboxService::GetLineage(grpc::ServerContext* context, const glassbox::v1::GetLineageRequest* request,
                                         glassbox::v1::Lineage* response) {
  return Authorized(context, *request, "GetLineage", request->resource(), [&](ProjectAccess& call) -> grpc::Status {
    std::string id = request->resource().substr(request->resource().rfind('/') + 1);
    if (id.empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "resource is empty; give runs/ID, insights/ID or scorecards/ID");
    }
    glassbox::v1::Lineage lineage;
    lineage.set_resource(request->resource());
    std::string run_id = id;
    if (id.starts_with("sc_")) {
      auto card = call.Admitted(scorecards_.Get(id), storage::ScorecardStore::NotFound(id));
      if (!card.ok()) return ToGrpc(card.status());
      lineage.set_scorecard_config_sha256(storage::Sha256Hex(card->config_json()));
      run_id = card->run_id();
      *lineage.mutable_scorecard() = *std::move(card);
    } else if (id.starts_with("ins_")) {
      auto insight = AdmittedInsight(call, id);
      if (!insight.ok()) return ToGrpc(insight.status());
      run_id = insight->run_id();
    }
    auto run = call.Admitted(runs_.Get(run_id), storage::RunStore::RunNotFound(run_id));
    if (!run.ok()) return ToGrpc(run.status());
    auto dataset = datasets_.Get(run->spec().dataset_id());
    if (!dataset.ok()) return ToGrpc(dataset.status());
    *lineage.mutable_dataset() = *std::move(dataset);
    if (run->spec().has_model()) {
      auto model = model_store_.Get(run->project(), run->spec().model().name(), run->spec().model().version());
      if (!model.ok()) return ToGrpc(model.status());
      *lineage.mutable_model() = *std::move(model);
    }
    auto insights = runs_.ListInsights(run->id());
    if (!insights.ok()) return ToGrpc(insights.status());
    for (int i = 0; i < run->analyses_size(); ++i) {
      const auto& status = run->analyses(i);
      auto* use = lineage.add_analyzers();
      use->set_analyzer(status.analyzer());
      use->set_version(status.analyzer_version());
      *use->mutable_params() = run->spec().analyses(i).params();
      use->set_insight_id(status.insight_id());
      use->set_state(status.state());
      for (const auto& insight : *insights) {
        if (insight.id() == status.insight_id()) use->set_plugin_sha256(insight.plugin_sha256());
      }
    }
    if (lineage.scorecard_config_sha256().empty() && !run->spec().scorecard_config().empty()) {
      lineage.set_scorecard_config_sha256(storage::Sha256Hex(run->spec().scorecard_config()));
    }
    lineage.set_daemon_version(GLASSBOX_VERSION);
    lineage.set_creator(lineage.has_scorecard() ? lineage.scorecard().creator() : run->creator());
    *lineage.mutable_create_time() = lineage.has_scorecard() ? lineage.scorecard().create_time() : run->create_time();
    std::set<std::string> related;
    const auto in_project = storage::ProjectSet::Only(run->project());
    for (const storage::RunFilter& filter :
         {storage::RunFilter{.dataset_id = run->spec().dataset_id(), .projects = in_project},
          storage::RunFilter{.model_name = run->spec().model().name(), .projects = in_project}}) {
      if (filter.dataset_id.empty() && filter.model_name.empty()) continue;
      auto page = runs_.List(filter, {});
      if (!page.ok()) return ToGrpc(page.status());
      for (const auto& other : page->items) {
        if (other.id() != run->id() && related.insert(other.id()).second) lineage.add_related_run_ids(other.id());
      }
    }
    *lineage.mutable_run() = *std::move(run);
    *response = std::move(lineage);
    return grpc::Status::OK;
  });
}

}  // namespace glassbox::server
