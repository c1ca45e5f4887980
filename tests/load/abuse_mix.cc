#include "tests/load/abuse_mix.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/load/load_client.h"
#include "tests/support/bearer_tokens.h"
#include "tests/support/daemon_process.h"
#include "tests/support/raw_call.h"

namespace glassbox::testing {
namespace {

using grpc::StatusCode;

constexpr auto kDeadline = std::chrono::seconds(120);
// Shaped like a dataset id, so that only what the abuse is about is wrong.
constexpr char kWellShapedDatasetId[] = "ds_0123456789abcdef01234567";
const std::string& HugeId() {
  static const auto* id = new std::string(1 << 20, 'x');
  return *id;
}

// A context whose call fails with DEADLINE_EXCEEDED instead of hanging.
std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kDeadline);
  return context;
}

glassbox::v1::RunSpec SpecOn(const std::string& dataset_id) { return PredictionRunSpec(dataset_id, false); }

grpc::Status CreateRun(glassbox::v1::Glassbox::Stub& stub, const glassbox::v1::RunSpec& spec,
                       const std::string& project = "") {
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = spec;
  request.set_project(project);
  glassbox::v1::Run run;
  return stub.CreateRun(Context().get(), request, &run);
}

}  // namespace

// One abuse: what it is called in the tally, the statuses it may get (an
// upload may also find every upload slot taken: RESOURCE_EXHAUSTED), and the
// call, which answers nullopt when the catalog holds nothing to aim it at yet.
struct AbuseMix::Abuse {
  std::string name;
  std::vector<StatusCode> expected;
  std::function<std::optional<grpc::Status>(AbuseMix&, std::mt19937_64&)> call;
};

AbuseMix::AbuseMix(const std::string& address, std::shared_ptr<grpc::Channel> admin, const LoadCatalog& catalog,
                   size_t first)
    : catalog_(catalog),
      next_(first),
      admin_channel_(admin),
      admin_(glassbox::v1::Glassbox::NewStub(admin)),
      stranger_(BearerTokenStub(address, kStrangerToken)),
      unknown_(BearerTokenStub(address, kUnknownToken)),
      anonymous_(glassbox::v1::Glassbox::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))) {}

const std::vector<AbuseMix::Abuse>& AbuseMix::Abuses() {
  using Random = std::mt19937_64;
  const std::vector<StatusCode> kInvalid = {StatusCode::INVALID_ARGUMENT};
  const std::vector<StatusCode> kInvalidUpload = {StatusCode::INVALID_ARGUMENT, StatusCode::RESOURCE_EXHAUSTED};
  static const auto* abuses = new std::vector<Abuse>{
      {"oversized id", kInvalid,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::GetRunRequest request;
         request.set_id(HugeId());
         glassbox::v1::Run run;
         return mix.admin_->GetRun(Context().get(), request, &run);
       }},
      {"oversized id, no token", {StatusCode::UNAUTHENTICATED},
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::GetInsightRequest request;
         request.set_id(HugeId());
         glassbox::v1::Insight insight;
         return mix.anonymous_->GetInsight(Context().get(), request, &insight);
       }},
      {"unknown token", {StatusCode::UNAUTHENTICATED},
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::ListRunsResponse runs;
         return mix.unknown_->ListRuns(Context().get(), {}, &runs);
       }},
      {"unknown TaskType", kInvalid,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         auto spec = SpecOn(kWellShapedDatasetId);
         spec.set_task(static_cast<glassbox::v1::TaskType>(99));
         return CreateRun(*mix.admin_, spec);
       }},
      {"unknown ColumnType", kInvalidUpload,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::DatasetHeader header;
         (*header.mutable_column_types())["x"] = static_cast<glassbox::v1::ColumnType>(7);
         glassbox::v1::Dataset dataset;
         return UploadBytes(*mix.admin_, "x\n1\n", &dataset, header);
       }},
      {"invalid UTF-8", kInvalid,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         // GetRunRequest{id: "\xff\xfe"}
         return RawUnaryCall(*mix.admin_channel_, "/glassbox.v1.Glassbox/GetRun", "\x0a\x02\xff\xfe");
       }},
      {"invalid UTF-8 in an upload header", kInvalidUpload,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         // UploadDatasetRequest{header: {display_name: "\xff"}}, then the chunk "a\n1\n".
         return RawUpload(*mix.admin_channel_, {"\x0a\x03\x0a\x01\xff", "\x12\x04\x61\x0a\x31\x0a"});
       }},
      {"huge page size", {StatusCode::OK},
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::ListAuditEventsRequest request;
         request.set_page_size(1 << 30);
         glassbox::v1::ListAuditEventsResponse events;
         grpc::Status status = mix.admin_->ListAuditEvents(Context().get(), request, &events);
         if (status.ok() && events.events_size() > 1000) {
           return grpc::Status(StatusCode::OUT_OF_RANGE, absl::StrCat("a page of ", events.events_size(),
                                                                      " events, beyond the most a page holds (1000)"));
         }
         return status;
       }},
      {"negative page size", kInvalid,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::ListRunsRequest request;
         request.set_page_size(-5);
         glassbox::v1::ListRunsResponse runs;
         return mix.admin_->ListRuns(Context().get(), request, &runs);
       }},
      {"65 analyses", kInvalid,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         auto spec = SpecOn(kWellShapedDatasetId);
         while (spec.analyses_size() < 65) spec.add_analyses()->set_analyzer("data_explorer");
         return CreateRun(*mix.admin_, spec);
       }},
      {"65 cohorts", kInvalid,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         auto spec = SpecOn(kWellShapedDatasetId);
         while (spec.cohorts_size() < 65) {
           auto* cohort = spec.add_cohorts();
           cohort->set_name(absl::StrCat("c", spec.cohorts_size()));
           cohort->set_filter("age > 30");
         }
         return CreateRun(*mix.admin_, spec);
       }},
      {"spec over 1 MiB", kInvalid,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         auto spec = SpecOn(kWellShapedDatasetId);
         auto& fields = *spec.mutable_analyses(0)->mutable_params()->mutable_fields();
         for (int p = 0; p < 1100; ++p) fields[absl::StrCat("p", p)].set_string_value(std::string(1000, 'v'));
         return CreateRun(*mix.admin_, spec);
       }},
      {"deeply nested scorecard config", kInvalid,
       [](AbuseMix& mix, Random& random) -> std::optional<grpc::Status> {
         const std::string dataset = mix.catalog_.PickDataset(random);
         if (dataset.empty()) return std::nullopt;
         auto spec = SpecOn(dataset);
         // An object 5,000 levels deep in 30 KB: under the size cap, so the depth limit refuses it.
         std::string config = "{";
         for (int level = 0; level < 5000; ++level) config += "\"a\":{";
         spec.set_scorecard_config(config + std::string(5001, '}'));
         return CreateRun(*mix.admin_, spec);
       }},
      {"multiclass with one probability column", kInvalid,
       [](AbuseMix& mix, Random& random) -> std::optional<grpc::Status> {
         const std::string dataset = mix.catalog_.PickDataset(random);
         if (dataset.empty()) return std::nullopt;
         auto spec = SpecOn(dataset);
         spec.set_task(glassbox::v1::MULTICLASS_CLASSIFICATION);
         spec.clear_positive_class();
         return CreateRun(*mix.admin_, spec);
       }},
      {"cell over --max_cell_kb", kInvalidUpload,
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::Dataset dataset;
         return UploadBytes(*mix.admin_, "a,b\n1," + std::string(128 << 10, 'c') + "\n", &dataset);
       }},
      {"upload declared over --max_upload_mb", {StatusCode::RESOURCE_EXHAUSTED},
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::DatasetHeader header;
         header.set_size_bytes(int64_t{1} << 40);
         glassbox::v1::Dataset dataset;
         return UploadBytes(*mix.admin_, "x\n1\n", &dataset, header);
       }},
      {"cancel an ended run", {StatusCode::FAILED_PRECONDITION},
       [](AbuseMix& mix, Random& random) -> std::optional<grpc::Status> {
         glassbox::v1::CancelRunRequest request;
         request.set_id(mix.catalog_.PickEndedRun(random));
         if (request.id().empty()) return std::nullopt;
         glassbox::v1::Run run;
         return mix.admin_->CancelRun(Context().get(), request, &run);
       }},
      {"another project's run", {StatusCode::NOT_FOUND},
       [](AbuseMix& mix, Random& random) -> std::optional<grpc::Status> {
         glassbox::v1::GetRunRequest request;
         request.set_id(mix.catalog_.PickRecentRun(random));
         if (request.id().empty()) return std::nullopt;
         glassbox::v1::Run run;
         return mix.stranger_->GetRun(Context().get(), request, &run);
       }},
      {"cancel another project's run", {StatusCode::NOT_FOUND},
       [](AbuseMix& mix, Random& random) -> std::optional<grpc::Status> {
         glassbox::v1::CancelRunRequest request;
         request.set_id(mix.catalog_.PickRecentRun(random));
         if (request.id().empty()) return std::nullopt;
         glassbox::v1::Run run;
         return mix.stranger_->CancelRun(Context().get(), request, &run);
       }},
      {"another project's insight", {StatusCode::NOT_FOUND},
       [](AbuseMix& mix, Random& random) -> std::optional<grpc::Status> {
         glassbox::v1::GetInsightRequest request;
         request.set_id(mix.catalog_.PickInsight(random));
         if (request.id().empty()) return std::nullopt;
         glassbox::v1::Insight insight;
         return mix.stranger_->GetInsight(Context().get(), request, &insight);
       }},
      {"another project's scorecard", {StatusCode::NOT_FOUND},
       [](AbuseMix& mix, Random& random) -> std::optional<grpc::Status> {
         glassbox::v1::GetScorecardRequest request;
         request.set_id(mix.catalog_.PickScorecard(random));
         if (request.id().empty()) return std::nullopt;
         auto context = Context();
         auto reader = mix.stranger_->GetScorecard(context.get(), request);
         glassbox::v1::ScorecardChunk chunk;
         while (reader->Read(&chunk)) {
         }
         return reader->Finish();
       }},
      {"list another project", {StatusCode::PERMISSION_DENIED},
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::ListRunsRequest request;
         request.set_project("default");
         glassbox::v1::ListRunsResponse runs;
         return mix.stranger_->ListRuns(Context().get(), request, &runs);
       }},
      {"run on another project's dataset", {StatusCode::NOT_FOUND},
       [](AbuseMix& mix, Random& random) -> std::optional<grpc::Status> {
         const std::string dataset = mix.catalog_.PickDataset(random);
         if (dataset.empty()) return std::nullopt;
         return CreateRun(*mix.stranger_, SpecOn(dataset), "elsewhere");
       }},
      {"reload plugins without admin", {StatusCode::PERMISSION_DENIED},
       [](AbuseMix& mix, Random&) -> std::optional<grpc::Status> {
         glassbox::v1::ReloadPluginsResponse response;
         return mix.stranger_->ReloadPlugins(Context().get(), {}, &response);
       }},
  };
  return *abuses;
}

std::vector<std::string> AbuseMix::Kinds() {
  std::vector<std::string> kinds;
  for (const Abuse& abuse : Abuses()) kinds.push_back("abuse/" + abuse.name);
  return kinds;
}

void AbuseMix::CallOne(std::mt19937_64& random, RpcTally& tally) {
  const Abuse& abuse = Abuses()[next_++ % Abuses().size()];
  const std::string kind = "abuse/" + abuse.name;
  const absl::Time start = absl::Now();
  const std::optional<grpc::Status> status = abuse.call(*this, random);
  if (!status.has_value()) return;
  for (StatusCode expected : abuse.expected) {
    if (status->error_code() == expected) {
      tally.Record(kind, absl::Now() - start, grpc::Status::OK);
      return;
    }
  }
  std::vector<int> codes(abuse.expected.begin(), abuse.expected.end());
  tally.RecordFailure(kind, absl::StrCat("expected status ", absl::StrJoin(codes, " or "), ", got ",
                                         status->error_code(), ": ", status->error_message()));
}

}  // namespace glassbox::testing
