// glassbox: the command-line client of glassboxd. Errors print as one line
// "glassbox: CODE: message" and exit 1. The daemon's address comes from
// --address, else $GLASSBOX_ADDRESS, else 127.0.0.1:50051.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "clients/cli/args.h"
#include "clients/cli/render.h"
#include "glassbox/v1/service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"

namespace glassbox::cli {
namespace {

using Stub = glassbox::v1::Glassbox::Stub;

constexpr size_t kChunkBytes = 1 << 20;

const char kUsage[] = R"(usage: glassbox COMMAND [ARGS] [--address HOST:PORT] [--json]

  upload FILE.csv [--name NAME] [--type COLUMN=numeric|categorical]...
  datasets                          list datasets
  dataset ID                        show one dataset
  analyzers                         list the loaded analyzers and their parameters
  run --dataset ID --target COLUMN --task binary|multiclass|regression
      --prediction COLUMN [--probability COLUMN]... [--positive-class LABEL]
      --analyzer NAME[=JSON_PARAMS]... [--cohort [NAME:]FILTER]... [--name NAME] [--watch]
  watch RUN                         follow a run's progress until it ends
  runs [--dataset ID] [--state STATE]
  show RUN                          a run and its insights, rendered
  insight ID                        one insight
  cancel RUN
)";

struct Failure {
  std::string message;
};

[[noreturn]] void Fail(const std::string& message) { throw Failure{message}; }

void Check(const grpc::Status& status) {
  if (!status.ok()) {
    Fail(absl::StrCat(absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())), ": ",
                      status.error_message()));
  }
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) Fail(absl::StrCat("cannot print JSON: ", status.ToString()));
  return json;
}

std::unique_ptr<grpc::ClientContext> Context() { return std::make_unique<grpc::ClientContext>(); }

class Cli {
 public:
  Cli(const Args& args, std::shared_ptr<grpc::Channel> channel) : args_(args), stub_(glassbox::v1::Glassbox::NewStub(channel)) {}

  int Dispatch() {
    static const std::map<std::string, std::pair<std::set<std::string>, std::function<int(Cli&)>>> kCommands = {
        {"upload", {{"name", "type"}, &Cli::Upload}},
        {"datasets", {{}, &Cli::Datasets}},
        {"dataset", {{}, &Cli::Dataset}},
        {"analyzers", {{}, &Cli::Analyzers}},
        {"run", {{"dataset", "target", "task", "prediction", "probability", "positive-class", "analyzer", "cohort",
                  "name", "watch"},
                 &Cli::Run}},
        {"watch", {{}, &Cli::Watch}},
        {"runs", {{"dataset", "state"}, &Cli::Runs}},
        {"show", {{}, &Cli::Show}},
        {"insight", {{}, &Cli::Insight}},
        {"cancel", {{}, &Cli::Cancel}},
    };
    auto it = kCommands.find(args_.command());
    if (it == kCommands.end()) {
      std::fputs(kUsage, stderr);
      return args_.command().empty() || args_.command() == "help" ? 0 : 2;
    }
    auto known = it->second.first;
    known.insert({"address", "json"});
    if (auto status = args_.CheckKnown(known); !status.ok()) Fail(std::string(status.message()));
    return it->second.second(*this);
  }

 private:
  const std::string& Positional(const char* what) {
    if (args_.positional().empty()) Fail(absl::StrCat("'", args_.command(), "' needs ", what));
    return args_.positional()[0];
  }

  bool json() const { return args_.Has("json"); }

  int Upload() {
    const std::string& path = Positional("a CSV file");
    std::ifstream in(path, std::ios::binary);
    if (!in) Fail(absl::StrCat("cannot open ", path));
    in.seekg(0, std::ios::end);
    int64_t size = in.tellg();
    in.seekg(0);
    glassbox::v1::UploadDatasetRequest request;
    auto* header = request.mutable_header();
    header->set_display_name(args_.Get("name", path.substr(path.rfind('/') + 1)));
    header->set_format(glassbox::v1::CSV);
    header->set_size_bytes(size);
    for (const auto& spec : args_.GetAll("type")) {
      auto equals = spec.find('=');
      std::string type = equals == std::string::npos ? "" : spec.substr(equals + 1);
      if (type != "numeric" && type != "categorical") Fail(absl::StrCat("--type ", spec, ": use COLUMN=numeric or COLUMN=categorical"));
      (*header->mutable_column_types())[spec.substr(0, equals)] =
          type == "numeric" ? glassbox::v1::NUMERIC : glassbox::v1::CATEGORICAL;
    }
    glassbox::v1::Dataset dataset;
    auto context = Context();
    auto writer = stub_->UploadDataset(context.get(), &dataset);
    bool open = writer->Write(request);
    std::string buffer(kChunkBytes, '\0');
    while (open && in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      request.set_chunk(buffer.data(), static_cast<size_t>(in.gcount()));
      if (in.gcount() > 0) open = writer->Write(request);
    }
    writer->WritesDone();
    Check(writer->Finish());
    if (json()) {
      std::cout << ToJson(dataset) << "\n";
    } else {
      std::cout << dataset.id() << "  " << dataset.row_count() << " rows, " << dataset.columns_size()
                << " columns, sha256 " << dataset.sha256() << "\n";
    }
    return 0;
  }

  int Datasets() {
    glassbox::v1::ListDatasetsRequest request;
    glassbox::v1::ListDatasetsResponse response;
    Check(stub_->ListDatasets(Context().get(), request, &response));
    if (json()) {
      std::cout << ToJson(response) << "\n";
      return 0;
    }
    for (const auto& dataset : response.datasets()) {
      std::cout << dataset.id() << "  " << dataset.display_name() << "  " << dataset.row_count() << " rows\n";
    }
    return 0;
  }

  int Dataset() {
    glassbox::v1::GetDatasetRequest request;
    request.set_id(Positional("a dataset id"));
    glassbox::v1::Dataset dataset;
    Check(stub_->GetDataset(Context().get(), request, &dataset));
    if (json()) {
      std::cout << ToJson(dataset) << "\n";
      return 0;
    }
    std::cout << dataset.id() << "  " << dataset.display_name() << "  " << dataset.row_count() << " rows\n";
    for (const auto& column : dataset.columns()) {
      std::cout << "  " << column.name() << "  " << glassbox::v1::ColumnType_Name(column.type())
                << (column.type() == glassbox::v1::CATEGORICAL ? absl::StrCat(" (", column.category_count(), " values)") : "")
                << (column.missing_count() > 0 ? absl::StrCat(", ", column.missing_count(), " missing") : "") << "\n";
    }
    return 0;
  }

  int Analyzers() {
    glassbox::v1::ListAnalyzersResponse response;
    Check(stub_->ListAnalyzers(Context().get(), {}, &response));
    if (json()) {
      std::cout << ToJson(response) << "\n";
      return 0;
    }
    for (const auto& analyzer : response.analyzers()) {
      std::cout << analyzer.name() << " " << analyzer.version() << (analyzer.requires_model() ? "  (needs a model)" : "")
                << "\n  " << analyzer.description() << "\n";
      for (const auto& parameter : analyzer.parameters()) {
        std::cout << "    " << parameter.name() << " (" << glassbox::v1::ParameterType_Name(parameter.type())
                  << (parameter.required() ? ", required" : "") << "): " << parameter.description() << "\n";
      }
    }
    return 0;
  }

  int Run() {
    glassbox::v1::CreateRunRequest request;
    auto* spec = request.mutable_spec();
    spec->set_dataset_id(args_.Get("dataset"));
    spec->set_target_column(args_.Get("target"));
    spec->set_display_name(args_.Get("name"));
    static const std::map<std::string, glassbox::v1::TaskType> kTasks = {
        {"binary", glassbox::v1::BINARY_CLASSIFICATION},
        {"multiclass", glassbox::v1::MULTICLASS_CLASSIFICATION},
        {"regression", glassbox::v1::REGRESSION}};
    if (args_.Has("task")) {
      auto task = kTasks.find(args_.Get("task"));
      if (task == kTasks.end()) Fail(absl::StrCat("--task ", args_.Get("task"), ": use binary, multiclass or regression"));
      spec->set_task(task->second);
    }
    if (args_.Has("prediction")) spec->mutable_predictions()->set_prediction_column(args_.Get("prediction"));
    for (const auto& column : args_.GetAll("probability")) spec->mutable_predictions()->add_probability_columns(column);
    spec->set_positive_class(args_.Get("positive-class"));
    for (const auto& analyzer : args_.GetAll("analyzer")) {
      auto* analysis = spec->add_analyses();
      auto equals = analyzer.find('=');
      analysis->set_analyzer(analyzer.substr(0, equals));
      if (equals == std::string::npos) continue;
      auto status = google::protobuf::util::JsonStringToMessage(analyzer.substr(equals + 1), analysis->mutable_params());
      if (!status.ok()) Fail(absl::StrCat("--analyzer ", analyzer, ": the parameters are not a JSON object: ", status.ToString()));
    }
    for (const auto& text : args_.GetAll("cohort")) {
      auto* cohort = spec->add_cohorts();
      auto colon = text.find(':');
      cohort->set_name(colon == std::string::npos ? text : text.substr(0, colon));
      cohort->set_filter(colon == std::string::npos ? text : text.substr(colon + 1));
    }
    glassbox::v1::Run run;
    Check(stub_->CreateRun(Context().get(), request, &run));
    if (!args_.Has("watch")) {
      std::cout << (json() ? ToJson(run) : run.id()) << "\n";
      return 0;
    }
    std::cerr << "run " << run.id() << "\n";
    return Follow(run.id());
  }

  int Watch() { return Follow(Positional("a run id")); }

  // Streams the run's progress; exits 0 if it succeeded.
  int Follow(const std::string& run_id) {
    glassbox::v1::WatchRunRequest request;
    request.set_id(run_id);
    auto context = Context();
    auto reader = stub_->WatchRun(context.get(), request);
    glassbox::v1::RunEvent event;
    const bool tty = isatty(STDERR_FILENO) && !json();
    std::string last_line;
    glassbox::v1::RunState state = glassbox::v1::RUN_STATE_UNSPECIFIED;
    while (reader->Read(&event)) {
      state = event.state();
      if (json()) {
        std::cout << ToJson(event) << "\n";
        continue;
      }
      std::string line = ProgressBar(event.progress(), event.message());
      if (tty) {
        std::cerr << "\r\033[K" << line << std::flush;
      } else if (line != last_line) {
        std::cerr << line << "\n";
      }
      last_line = line;
    }
    if (tty) std::cerr << "\n";
    Check(reader->Finish());
    glassbox::v1::GetRunRequest get;
    get.set_id(run_id);
    glassbox::v1::Run run;
    Check(stub_->GetRun(Context().get(), get, &run));
    if (!json()) std::cout << RenderRunSummary(run);
    return run.state() == glassbox::v1::SUCCEEDED && state == glassbox::v1::SUCCEEDED ? 0 : 1;
  }

  int Runs() {
    glassbox::v1::ListRunsRequest request;
    request.set_dataset_id(args_.Get("dataset"));
    if (args_.Has("state")) {
      glassbox::v1::RunState state;
      if (!glassbox::v1::RunState_Parse(args_.Get("state"), &state)) {
        Fail(absl::StrCat("--state ", args_.Get("state"), ": use QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED or INTERRUPTED"));
      }
      request.set_state(state);
    }
    glassbox::v1::ListRunsResponse response;
    Check(stub_->ListRuns(Context().get(), request, &response));
    if (json()) {
      std::cout << ToJson(response) << "\n";
      return 0;
    }
    for (const auto& run : response.runs()) {
      std::cout << run.id() << "  " << glassbox::v1::RunState_Name(run.state()) << "  dataset " << run.spec().dataset_id()
                << "  " << run.analyses_size() << " analyses\n";
    }
    return 0;
  }

  int Show() {
    glassbox::v1::GetRunRequest get;
    get.set_id(Positional("a run id"));
    glassbox::v1::Run run;
    Check(stub_->GetRun(Context().get(), get, &run));
    glassbox::v1::ListInsightsRequest list;
    list.set_run_id(run.id());
    glassbox::v1::ListInsightsResponse insights;
    Check(stub_->ListInsights(Context().get(), list, &insights));
    if (json()) {
      std::cout << "{\n\"run\": " << ToJson(run) << ",\n\"insights\": " << ToJson(insights) << "}\n";
      return 0;
    }
    std::cout << RenderRunSummary(run);
    for (const auto& insight : insights.insights()) std::cout << "\n" << RenderInsight(insight);
    return 0;
  }

  int Insight() {
    glassbox::v1::GetInsightRequest request;
    request.set_id(Positional("an insight id"));
    glassbox::v1::Insight insight;
    Check(stub_->GetInsight(Context().get(), request, &insight));
    std::cout << (json() ? ToJson(insight) + "\n" : RenderInsight(insight));
    return 0;
  }

  int Cancel() {
    glassbox::v1::CancelRunRequest request;
    request.set_id(Positional("a run id"));
    glassbox::v1::Run run;
    Check(stub_->CancelRun(Context().get(), request, &run));
    std::cout << (json() ? ToJson(run) : absl::StrCat("cancelling ", run.id())) << "\n";
    return 0;
  }

  const Args& args_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace
}  // namespace glassbox::cli

int main(int argc, char** argv) {
  using namespace glassbox::cli;
  auto args = Args::Parse(argc, argv, {"json", "watch"});
  if (!args.ok()) {
    std::fprintf(stderr, "glassbox: %s\n", std::string(args.status().message()).c_str());
    return 2;
  }
  const char* env_address = std::getenv("GLASSBOX_ADDRESS");
  std::string address = args->Get("address", env_address != nullptr ? env_address : "127.0.0.1:50051");
  try {
    grpc::ChannelArguments channel_args;
    channel_args.SetMaxReceiveMessageSize(256 << 20);
    auto channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), channel_args);
    return Cli(*args, channel).Dispatch();
  } catch (const Failure& failure) {
    std::fprintf(stderr, "glassbox: %s\n", failure.message.c_str());
    return 1;
  }
}
