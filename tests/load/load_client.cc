#include "tests/load/load_client.h"

#include <chrono>
#include <vector>

#include "storage/sha256.h"
#include "tests/support/bearer_tokens.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

// Long enough for any call on a loaded two-core machine; a call that takes
// longer is reported as a failure (DEADLINE_EXCEEDED) instead of hanging.
constexpr auto kDeadline = std::chrono::seconds(120);

// Targets in the Azure ML scorecard schema, as the scorecard tests use.
constexpr char kScorecardConfig[] = R"({
  "Model": {"ModelName": "Adult income", "ModelType": "Classification", "ModelSummary": "Screens applications"},
  "Metrics": {"accuracy_score": {"threshold": ">=0.85"}, "f1_score": {"threshold": ">=0.75"}},
  "Fairness": {"metric": ["selection_rate"], "sensitive_features": ["sex"],
               "fairness_evaluation_kind": "difference", "threshold": "<=0.2"}
})";

enum Operation {
  kUpload,
  kCreateRun,
  kCreateModelRun,
  kGetRun,
  kListRuns,
  kGetInsight,
  kListAuditEvents,
  kWatchRun,
  kGetScorecard,
  kCreateScorecard,
  kAbuse,
};

// Relative frequencies, in the order of Operation: reads dominate, as they
// would for shared infrastructure; runs and scorecards cost the most; about
// one call in thirteen is an abuse.
const std::vector<double>& OperationWeights() {
  static const auto* weights = new std::vector<double>{2, 3, 1, 4, 2, 4, 2, 2, 3, 1, 2};
  return *weights;
}

void SetDeadline(grpc::ClientContext& context) { context.set_deadline(std::chrono::system_clock::now() + kDeadline); }

void AddCohort(glassbox::v1::RunSpec& spec, const std::string& name, const std::string& filter) {
  auto* cohort = spec.add_cohorts();
  cohort->set_name(name);
  cohort->set_filter(filter);
}

}  // namespace

glassbox::v1::RunSpec PredictionRunSpec(const std::string& dataset_id, bool with_scorecard) {
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset_id, {"model_overview", "data_explorer", "fairness"});
  auto& sensitive = (*spec.mutable_analyses(2)->mutable_params()->mutable_fields())["sensitive_features"];
  sensitive.mutable_list_value()->add_values()->set_string_value("sex");
  sensitive.mutable_list_value()->add_values()->set_string_value("race");
  AddCohort(spec, "predicted >50K", R"(prediction == ">50K")");
  AddCohort(spec, "confident", "probability >= 0.8");
  if (with_scorecard) spec.set_scorecard_config(kScorecardConfig);
  return spec;
}

// With fairness too, so that every ended run fits kScorecardConfig, which CreateScorecard issues for any of them.
glassbox::v1::RunSpec ModelRunSpec(const std::string& dataset_id) {
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset_id, {"model_overview", "explanations", "fairness"}, kLoadModelName);
  (*spec.mutable_analyses(2)->mutable_params()->mutable_fields())["sensitive_features"]
      .mutable_list_value()->add_values()->set_string_value("sex");
  AddCohort(spec, "over 40", "age > 40");
  return spec;
}

LoadClient::LoadClient(const std::string& address, LoadCatalog& catalog, int index)
    : catalog_(catalog), name_("client " + std::to_string(index)), random_(1000 + index) {
  grpc::ChannelArguments args;
  // A connection of its own, as a separate client would have, not one shared through gRPC's global subchannel pool.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(64 << 20);
  channel_ = BearerTokenChannel(address, kLoadAdminToken, args, grpc::InsecureChannelCredentials());
  stub_ = glassbox::v1::Glassbox::NewStub(channel_);
  abuses_ = std::make_unique<AbuseMix>(address, channel_, catalog, static_cast<size_t>(index));
}

bool LoadClient::Connect(absl::Duration timeout) {
  return channel_->WaitForConnected(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
}

template <typename Call>
grpc::Status LoadClient::Timed(const std::string& kind, Call call) {
  const absl::Time start = absl::Now();
  grpc::Status status = call();
  tally_.Record(kind, absl::Now() - start, status);
  return status;
}

void LoadClient::Run(absl::Time start, absl::Time end) {
  tally_ = RpcTally(name_, start);
  std::discrete_distribution<int> pick(OperationWeights().begin(), OperationWeights().end());
  Abuse();
  while (absl::Now() < end) {
    switch (pick(random_)) {
      case kUpload: Upload(); break;
      case kCreateRun: CreateRun(false); break;
      case kCreateModelRun: CreateRun(true); break;
      case kGetRun: GetRun(); break;
      case kListRuns: ListRuns(); break;
      case kGetInsight: GetInsight(); break;
      case kListAuditEvents: ListAuditEvents(); break;
      case kWatchRun: WatchRun(); break;
      case kGetScorecard: GetScorecard(); break;
      case kCreateScorecard: CreateScorecard(); break;
      case kAbuse: Abuse(); break;
    }
  }
}

void LoadClient::Upload() {
  const size_t index = std::uniform_int_distribution<size_t>(0, catalog_.slice_count() - 1)(random_);
  glassbox::v1::Dataset dataset;
  if (!Timed("UploadDataset", [&] { return UploadBytes(*stub_, catalog_.slice(index), &dataset); }).ok()) return;
  if (!catalog_.RecordUpload(index, dataset.id())) {
    tally_.RecordFailure("UploadDataset", "slice " + std::to_string(index) + " uploaded again got a new id " +
                                              dataset.id() + " (content addressing should give the first one)");
  }
}

void LoadClient::CreateRun(bool scored_by_model) {
  const std::string dataset = catalog_.PickDataset(random_);
  if (dataset.empty()) return;
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() =
      scored_by_model ? ModelRunSpec(dataset) : PredictionRunSpec(dataset, std::bernoulli_distribution(0.5)(random_));
  glassbox::v1::Run run;
  grpc::Status status = Timed(scored_by_model ? "CreateRun/model" : "CreateRun", [&] {
    grpc::ClientContext context;
    SetDeadline(context);
    return stub_->CreateRun(&context, request, &run);
  });
  if (status.ok()) catalog_.AddRun(run.id());
}

void LoadClient::GetRun() {
  glassbox::v1::GetRunRequest request;
  request.set_id(catalog_.PickRecentRun(random_));
  if (request.id().empty()) return;
  glassbox::v1::Run run;
  grpc::Status status = Timed("GetRun", [&] {
    grpc::ClientContext context;
    SetDeadline(context);
    return stub_->GetRun(&context, request, &run);
  });
  if (status.ok() && run.state() != glassbox::v1::QUEUED && run.state() != glassbox::v1::RUNNING) {
    catalog_.RecordEnded(run);
  }
}

void LoadClient::ListRuns() {
  glassbox::v1::ListRunsRequest request;
  request.set_page_size(20);
  glassbox::v1::ListRunsResponse response;
  Timed("ListRuns", [&] {
    grpc::ClientContext context;
    SetDeadline(context);
    return stub_->ListRuns(&context, request, &response);
  });
}

void LoadClient::GetInsight() {
  glassbox::v1::GetInsightRequest request;
  request.set_id(catalog_.PickInsight(random_));
  if (request.id().empty()) return;
  glassbox::v1::Insight insight;
  Timed("GetInsight", [&] {
    grpc::ClientContext context;
    SetDeadline(context);
    return stub_->GetInsight(&context, request, &insight);
  });
}

void LoadClient::ListAuditEvents() {
  glassbox::v1::ListAuditEventsRequest request;
  request.set_page_size(50);
  request.set_resource_prefix("runs/");
  glassbox::v1::ListAuditEventsResponse response;
  Timed("ListAuditEvents", [&] {
    grpc::ClientContext context;
    SetDeadline(context);
    return stub_->ListAuditEvents(&context, request, &response);
  });
}

void LoadClient::WatchRun() {
  glassbox::v1::WatchRunRequest request;
  request.set_id(catalog_.PickRecentRun(random_));
  if (request.id().empty()) return;
  Timed("WatchRun", [&] {
    grpc::ClientContext context;
    SetDeadline(context);
    auto reader = stub_->WatchRun(&context, request);
    glassbox::v1::RunEvent event;
    while (reader->Read(&event)) {
    }
    return reader->Finish();
  });
}

void LoadClient::GetScorecard() {
  glassbox::v1::GetScorecardRequest request;
  request.set_id(catalog_.PickScorecard(random_));
  if (request.id().empty()) return;
  glassbox::v1::Scorecard card;
  std::string pdf;
  grpc::Status status = Timed("GetScorecard", [&] {
    grpc::ClientContext context;
    SetDeadline(context);
    auto reader = stub_->GetScorecard(&context, request);
    glassbox::v1::ScorecardChunk chunk;
    while (reader->Read(&chunk)) {
      if (chunk.has_scorecard()) card = chunk.scorecard();
      pdf += chunk.data();
    }
    return reader->Finish();
  });
  if (status.ok() && storage::Sha256Hex(pdf) != card.sha256()) {
    tally_.RecordFailure("GetScorecard", "the PDF of scorecard " + request.id() + " does not match its SHA-256");
  }
}

void LoadClient::CreateScorecard() {
  glassbox::v1::CreateScorecardRequest request;
  request.set_run_id(catalog_.PickEndedRun(random_));
  if (request.run_id().empty()) return;
  request.set_config_json(kScorecardConfig);
  glassbox::v1::Scorecard card;
  grpc::Status status = Timed("CreateScorecard", [&] {
    grpc::ClientContext context;
    SetDeadline(context);
    return stub_->CreateScorecard(&context, request, &card);
  });
  if (status.ok()) catalog_.AddScorecard(card.id());
}

void LoadClient::Abuse() { abuses_->CallOne(random_, tally_); }

}  // namespace glassbox::testing
