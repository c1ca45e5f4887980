#include "bench/scaling/whole_run.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "bench/support/analysis_bench.h"
#include "bench/support/bench_analyses.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/process_stats.h"

namespace glassbox::bench {
namespace {

constexpr char kModelName[] = "adult-xgb";

absl::Status Failed(const std::string& step, const grpc::Status& status) {
  return absl::InternalError(absl::StrCat(step, ": ", status.error_message()));
}

// The model with its categories given outright: taking them from an uploaded
// adult.csv would let the timed upload of the 1x replica, the same bytes,
// finish at once as a duplicate.
glassbox::v1::RegisterModelRequest ModelRequest() {
  glassbox::v1::RegisterModelRequest request;
  request.set_name(kModelName);
  request.set_format(glassbox::v1::XGBOOST);
  request.set_model_bytes(testing::ReadFileBytes(testing::DatasetPath("adult_xgb.json")));
  const daemon::XgboostModelOptions options = testing::AdultModelOptions();
  for (const std::string& label : options.class_labels) request.add_class_labels(label);
  for (const auto& [feature, categories] : options.categories) {
    auto& list = (*request.mutable_categories())[feature];
    for (const std::string& category : categories) list.add_values(category);
  }
  request.mutable_datasheet()->set_owner("Risk team");
  return request;
}

glassbox::v1::RunSpec WholeRunSpec(const std::string& dataset_id) {
  glassbox::v1::RunSpec spec = AdultModelSpec();
  spec.set_dataset_id(dataset_id);
  spec.mutable_model()->set_name(kModelName);
  for (const BenchAnalysis& analysis : BuiltinBenchAnalyses()) {
    if (analysis.in_whole_run) AddAnalysis(spec, analysis.analyzer, analysis.params_json);
  }
  spec.set_scorecard_config(kAdultScorecardConfig);
  return spec;
}

struct ReceivedEvent {
  glassbox::v1::RunEvent event;
  absl::Time received;
};

// Queue, scoring, each analysis, scorecard: the gaps between the run's
// events, timed as they reach the watcher (the events' own times are whole
// seconds: protobuf's TimeUtil::GetCurrentTime has no finer resolution).
std::vector<std::pair<std::string, double>> Phases(absl::Time created, const std::vector<ReceivedEvent>& events) {
  std::map<int, absl::Time> started;
  std::vector<std::pair<std::string, double>> phases;
  bool run_started = false;
  absl::Time last = created;
  for (const auto& [event, received] : events) {
    const bool about_analysis = event.analysis_state() != glassbox::v1::ANALYSIS_STATE_UNSPECIFIED;
    if (!about_analysis && event.state() == glassbox::v1::RUNNING && !run_started) {
      run_started = true;
      phases.emplace_back("queued", absl::ToDoubleSeconds(received - last));
      last = received;
    } else if (about_analysis && event.analysis_state() == glassbox::v1::ANALYSIS_RUNNING &&
               !started.count(event.analysis_index())) {
      if (started.empty()) phases.emplace_back("scoring by the model", absl::ToDoubleSeconds(received - last));
      started[event.analysis_index()] = received;
    } else if (about_analysis && event.analysis_state() != glassbox::v1::ANALYSIS_RUNNING) {
      phases.emplace_back(event.analyzer(), absl::ToDoubleSeconds(received - started[event.analysis_index()]));
      last = received;
    }
  }
  if (!events.empty()) {
    phases.emplace_back("scorecard, end of run", absl::ToDoubleSeconds(events.back().received - last));
  }
  return phases;
}

}  // namespace

absl::StatusOr<WholeRunResult> MeasureWholeRun(const std::string& csv) {
  testing::DaemonProcess daemon;
  if (!daemon.running()) return absl::UnavailableError("glassboxd did not start");
  glassbox::v1::Glassbox::Stub& stub = daemon.stub();
  {
    grpc::ClientContext context;
    glassbox::v1::ModelVersion model;
    grpc::Status status = stub.RegisterModel(&context, ModelRequest(), &model);
    if (!status.ok()) return Failed("RegisterModel", status);
  }
  WholeRunResult result;
  if (absl::Status status = testing::ResetPeakResident(daemon.pid()); !status.ok()) return status;
  absl::StatusOr<int64_t> start_kib = testing::ReadProcessStatusKib(daemon.pid(), "VmRSS");
  if (!start_kib.ok()) return start_kib.status();
  result.daemon_start_kib = *start_kib;

  absl::StatusOr<double> cpu_begin = testing::ReadProcessCpuSeconds(daemon.pid());
  if (!cpu_begin.ok()) return cpu_begin.status();
  const absl::Time begin = absl::Now();
  glassbox::v1::Dataset dataset;
  // As the clients do, so that the daemon can reserve the upload's buffer.
  glassbox::v1::DatasetHeader header;
  header.set_size_bytes(static_cast<int64_t>(csv.size()));
  if (grpc::Status status = testing::UploadBytes(stub, csv, &dataset, header); !status.ok()) {
    return Failed("UploadDataset", status);
  }
  const absl::Time uploaded = absl::Now();
  result.rows = dataset.row_count();
  absl::StatusOr<int64_t> upload_peak_kib = testing::ReadProcessStatusKib(daemon.pid(), "VmHWM");
  if (!upload_peak_kib.ok()) return upload_peak_kib.status();
  result.daemon_upload_peak_kib = *upload_peak_kib;
  if (absl::Status status = testing::ResetPeakResident(daemon.pid()); !status.ok()) return status;
  absl::StatusOr<int64_t> uploaded_kib = testing::ReadProcessStatusKib(daemon.pid(), "VmRSS");
  if (!uploaded_kib.ok()) return uploaded_kib.status();
  result.daemon_uploaded_kib = *uploaded_kib;

  glassbox::v1::CreateRunRequest create;
  *create.mutable_spec() = WholeRunSpec(dataset.id());
  glassbox::v1::Run run;
  const absl::Time created = absl::Now();
  {
    grpc::ClientContext context;
    if (grpc::Status status = stub.CreateRun(&context, create, &run); !status.ok()) return Failed("CreateRun", status);
  }
  std::vector<ReceivedEvent> events;
  {
    grpc::ClientContext context;
    glassbox::v1::WatchRunRequest watch;
    watch.set_id(run.id());
    auto reader = stub.WatchRun(&context, watch);
    glassbox::v1::RunEvent event;
    while (reader->Read(&event)) events.push_back({event, absl::Now()});
    if (grpc::Status status = reader->Finish(); !status.ok()) return Failed("WatchRun", status);
  }
  const absl::Time ran = absl::Now();
  {
    grpc::ClientContext context;
    glassbox::v1::GetRunRequest get;
    get.set_id(run.id());
    if (grpc::Status status = stub.GetRun(&context, get, &run); !status.ok()) return Failed("GetRun", status);
  }
  if (run.state() != glassbox::v1::SUCCEEDED) {
    return absl::InternalError(
        absl::StrCat("the run ended ", glassbox::v1::RunState_Name(run.state()), ": ", run.error()));
  }
  {
    grpc::ClientContext context;
    glassbox::v1::GetScorecardRequest get;
    get.set_id(run.scorecard_id());
    auto reader = stub.GetScorecard(&context, get);
    glassbox::v1::ScorecardChunk chunk;
    while (reader->Read(&chunk)) {
      if (chunk.has_scorecard()) result.scorecard_pages = chunk.scorecard().page_count();
    }
    if (grpc::Status status = reader->Finish(); !status.ok()) return Failed("GetScorecard", status);
  }
  const absl::Time downloaded = absl::Now();
  absl::StatusOr<double> cpu_end = testing::ReadProcessCpuSeconds(daemon.pid());
  if (!cpu_end.ok()) return cpu_end.status();
  result.daemon_cpu_seconds = *cpu_end - *cpu_begin;

  result.upload_seconds = absl::ToDoubleSeconds(uploaded - begin);
  result.run_seconds = absl::ToDoubleSeconds(ran - uploaded);
  result.download_seconds = absl::ToDoubleSeconds(downloaded - ran);
  result.total_seconds = absl::ToDoubleSeconds(downloaded - begin);
  result.phases = Phases(created, events);
  absl::StatusOr<int64_t> run_peak_kib = testing::ReadProcessStatusKib(daemon.pid(), "VmHWM");
  if (!run_peak_kib.ok()) return run_peak_kib.status();
  result.daemon_run_peak_kib = *run_peak_kib;
  return result;
}

}  // namespace glassbox::bench
