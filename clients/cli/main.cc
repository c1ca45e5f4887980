// glassbox: the command-line client of glassboxd. Errors print as one line
// "glassbox: CODE: message" and exit 1. The daemon's address comes from
// --address, else $GLASSBOX_ADDRESS, else 127.0.0.1:50051; the bearer token
// from --token, --token-file, $GLASSBOX_TOKEN or $GLASSBOX_TOKEN_FILE; TLS is
// on with --tls-ca (or $GLASSBOX_TLS_CA), plus --tls-cert/--tls-key for mTLS.
// Commands that create or list take --project (else $GLASSBOX_PROJECT): the
// project to create in ("default" when neither is given) or the one to list
// (every project the caller may read when neither is given).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include <grpcpp/grpcpp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/cli/args.h"
#include "clients/cli/dates.h"
#include "clients/cli/render.h"
#include "glassbox/v1/service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace glassbox::cli {
namespace {

using Stub = glassbox::v1::Glassbox::Stub;

constexpr size_t kChunkBytes = 1 << 20;

const char kUsage[] = R"(usage: glassbox COMMAND [ARGS] [--address HOST:PORT] [--json]
       [--token TOKEN | --token-file FILE] [--tls-ca CA.pem [--tls-cert CERT.pem --tls-key KEY.pem]]
       [--project PROJECT] (or $GLASSBOX_PROJECT) on upload, datasets, register, models, model, whatif,
       run, runs, scorecards, history and audit: where to create; what to list (default: every project readable)

  upload FILE.csv [--name NAME] [--type COLUMN=numeric|categorical]...
  datasets                          list datasets
  dataset ID                        show one dataset
  register NAME --xgboost FILE [--classes A,B] [--categories-from DATASET] [--task TASK]
      [--intended-use TEXT] [--architecture TEXT] [--training-data TEXT] [--evaluation-data TEXT]
      [--owner TEXT] [--notes TEXT]
  models                            list models (latest version of each)
  model NAME[@VERSION]              show a model version (default: the latest)
  whatif NAME[@VERSION] [--dataset ID --row-index N] [--row 'feature=value,...']
  analyzers                         list the loaded analyzers and their parameters
  reload-plugins                    rescan the plugin folders
  run --dataset ID --target COLUMN --task binary|multiclass|regression
      (--prediction COLUMN [--probability COLUMN]... | --model NAME[@VERSION]) [--positive-class LABEL]
      --analyzer NAME[=JSON_PARAMS]... [--cohort [NAME:]FILTER]... [--scorecard-config FILE.json]
      [--name NAME] [--watch]
  watch RUN                         follow a run's progress until it ends
  runs [--dataset ID] [--state STATE] [FILTERS]
  show RUN                          a run and its insights, rendered
  scorecard RUN --config FILE.json -o OUT.pdf   issue a scorecard (Azure ML pdf_gen.json) and save it
  scorecards [--run RUN] [FILTERS]
  download SCORECARD_ID -o OUT.pdf  the archived PDF, byte for byte
  lineage RESOURCE                  where a run, insight or scorecard came from (runs/ID, insights/ID, scorecards/ID)
  history --model NAME[@VERSION] [--since DATE] [--until DATE] [--creator P] [--verdict V]
                                    the runs and scorecards of a model (all versions, or one)
  audit [--principal P] [--action A] [--resource PREFIX]   the audit log, oldest first
  verify-audit                      recompute the audit log's hash chain
  insight ID                        one insight
  cancel RUN

FILTERS: --model NAME[@VERSION] --creator PRINCIPAL --since DATE --until DATE
  --verdict met|not-met|no-targets (a run's verdict is its latest scorecard's; no scorecard: no-targets).
  DATE is YYYY-MM-DD (UTC; --until includes that day) or RFC 3339, e.g. 2024-05-01T12:00:00Z.
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

// The bearer token sent with every call; empty for none.
std::string& BearerToken() {
  static std::string token;
  return token;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!BearerToken().empty()) context->AddMetadata("authorization", "Bearer " + BearerToken());
  return context;
}

std::string ReadTextFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(absl::StrCat("cannot open ", what, " ", path));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string FromFlagOrEnv(const Args& args, const char* flag, const char* variable) {
  const char* value = std::getenv(variable);
  return args.Get(flag, value != nullptr ? value : "");
}

std::shared_ptr<grpc::ChannelCredentials> Credentials(const Args& args) {
  std::string token_file = FromFlagOrEnv(args, "token-file", "GLASSBOX_TOKEN_FILE");
  BearerToken() = FromFlagOrEnv(args, "token", "GLASSBOX_TOKEN");
  if (BearerToken().empty() && !token_file.empty()) {
    BearerToken() = std::string(absl::StripTrailingAsciiWhitespace(ReadTextFile(token_file, "token file")));
  }
  std::string ca = FromFlagOrEnv(args, "tls-ca", "GLASSBOX_TLS_CA");
  if (ca.empty()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadTextFile(ca, "--tls-ca");
  if (args.Has("tls-cert")) {
    options.pem_cert_chain = ReadTextFile(args.Get("tls-cert"), "--tls-cert");
    options.pem_private_key = ReadTextFile(args.Get("tls-key"), "--tls-key");
  }
  return grpc::SslCredentials(options);
}

class Cli {
 public:
  Cli(const Args& args, std::shared_ptr<grpc::Channel> channel) : args_(args), stub_(glassbox::v1::Glassbox::NewStub(channel)) {}

  int Dispatch() {
    static const std::map<std::string, std::pair<std::set<std::string>, std::function<int(Cli&)>>> kCommands = {
        {"upload", {{"name", "type", "project"}, &Cli::Upload}},
        {"datasets", {{"project"}, &Cli::Datasets}},
        {"dataset", {{}, &Cli::Dataset}},
        {"analyzers", {{}, &Cli::Analyzers}},
        {"reload-plugins", {{}, &Cli::ReloadPlugins}},
        {"register", {{"xgboost", "classes", "categories-from", "task", "intended-use", "architecture", "training-data",
                       "evaluation-data", "owner", "notes", "project"},
                      &Cli::Register}},
        {"models", {{"project"}, &Cli::Models}},
        {"model", {{"project"}, &Cli::Model}},
        {"whatif", {{"dataset", "row-index", "row", "project"}, &Cli::WhatIf}},
        {"run", {{"dataset", "target", "task", "prediction", "probability", "model", "positive-class", "analyzer",
                  "cohort", "scorecard-config", "name", "watch", "project"},
                 &Cli::Run}},
        {"watch", {{}, &Cli::Watch}},
        {"runs", {{"dataset", "state", "model", "creator", "since", "until", "verdict", "project"}, &Cli::Runs}},
        {"show", {{}, &Cli::Show}},
        {"scorecard", {{"config", "o"}, &Cli::Scorecard}},
        {"scorecards", {{"run", "model", "creator", "since", "until", "verdict", "project"}, &Cli::Scorecards}},
        {"download", {{"o"}, &Cli::Download}},
        {"audit", {{"principal", "action", "resource", "project"}, &Cli::Audit}},
        {"lineage", {{}, &Cli::Lineage}},
        {"history", {{"model", "creator", "since", "until", "verdict", "project"}, &Cli::History}},
        {"verify-audit", {{}, &Cli::VerifyAudit}},
        {"insight", {{}, &Cli::Insight}},
        {"cancel", {{}, &Cli::Cancel}},
    };
    auto it = kCommands.find(args_.command());
    if (it == kCommands.end()) {
      std::fputs(kUsage, stderr);
      return args_.command().empty() || args_.command() == "help" ? 0 : 2;
    }
    auto known = it->second.first;
    known.insert({"address", "json", "token", "token-file", "tls-ca", "tls-cert", "tls-key"});
    if (auto status = args_.CheckKnown(known); !status.ok()) Fail(std::string(status.message()));
    return it->second.second(*this);
  }

 private:
  const std::string& Positional(const char* what) {
    if (args_.positional().empty()) Fail(absl::StrCat("'", args_.command(), "' needs ", what));
    return args_.positional()[0];
  }

  bool json() const { return args_.Has("json"); }

  std::string Project() const { return FromFlagOrEnv(args_, "project", "GLASSBOX_PROJECT"); }

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
    header->set_project(Project());
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
    request.set_project(Project());
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

  int ReloadPlugins() {
    glassbox::v1::ReloadPluginsResponse response;
    Check(stub_->ReloadPlugins(Context().get(), {}, &response));
    if (json()) {
      std::cout << ToJson(response) << "\n";
      return 0;
    }
    for (const auto& analyzer : response.analyzers()) {
      std::cout << "loaded  " << analyzer.name() << " " << analyzer.version() << "  " << analyzer.library_path() << "\n";
    }
    for (const auto& skipped : response.skipped()) {
      std::cout << "skipped " << skipped.library_path() << ": " << skipped.reason() << "\n";
    }
    return 0;
  }

  int Run() {
    glassbox::v1::CreateRunRequest request;
    request.set_project(Project());
    auto* spec = request.mutable_spec();
    spec->set_dataset_id(args_.Get("dataset"));
    spec->set_target_column(args_.Get("target"));
    spec->set_display_name(args_.Get("name"));
    spec->set_task(Task());
    if (args_.Has("model")) *spec->mutable_model() = Reference(args_.Get("model"));
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
    if (args_.Has("scorecard-config")) spec->set_scorecard_config(ReadTextFile(args_.Get("scorecard-config"), "--scorecard-config"));
    glassbox::v1::Run run;
    Check(stub_->CreateRun(Context().get(), request, &run));
    if (!args_.Has("watch")) {
      std::cout << (json() ? ToJson(run) : run.id()) << "\n";
      return 0;
    }
    std::cerr << "run " << run.id() << "\n";
    return Follow(run.id());
  }

  glassbox::v1::TaskType Task() const {
    static const std::map<std::string, glassbox::v1::TaskType> kTasks = {
        {"binary", glassbox::v1::BINARY_CLASSIFICATION},
        {"multiclass", glassbox::v1::MULTICLASS_CLASSIFICATION},
        {"regression", glassbox::v1::REGRESSION}};
    if (!args_.Has("task")) return glassbox::v1::TASK_TYPE_UNSPECIFIED;
    auto task = kTasks.find(args_.Get("task"));
    if (task == kTasks.end()) Fail(absl::StrCat("--task ", args_.Get("task"), ": use binary, multiclass or regression"));
    return task->second;
  }

  // NAME or NAME@VERSION.
  static glassbox::v1::ModelReference Reference(const std::string& text) {
    glassbox::v1::ModelReference reference;
    auto at = text.find('@');
    reference.set_name(text.substr(0, at));
    if (at != std::string::npos) reference.set_version(text.substr(at + 1));
    return reference;
  }

  static std::string Describe(const glassbox::v1::ModelVersion& model) {
    std::string out = absl::StrCat(model.name(), " version ", model.version(), "  ",
                                   glassbox::v1::ModelFormat_Name(model.format()), "  ",
                                   glassbox::v1::TaskType_Name(model.task()), "  sha256 ", model.sha256(), "\n  features: ",
                                   absl::StrJoin(model.feature_names(), ", "), "\n");
    if (model.class_labels_size() > 0) absl::StrAppend(&out, "  classes: ", absl::StrJoin(model.class_labels(), ", "), "\n");
    const auto& sheet = model.datasheet();
    for (const auto& [label, value] : std::vector<std::pair<const char*, std::string>>{
             {"intended use", sheet.intended_use()}, {"architecture", sheet.architecture()},
             {"training data", sheet.training_data()}, {"evaluation data", sheet.evaluation_data()},
             {"owner", sheet.owner()}, {"notes", sheet.notes()}}) {
      if (!value.empty()) absl::StrAppend(&out, "  ", label, ": ", value, "\n");
    }
    return out;
  }

  int Register() {
    glassbox::v1::RegisterModelRequest request;
    request.set_name(Positional("a model name"));
    request.set_project(Project());
    if (!args_.Has("xgboost")) Fail("register needs --xgboost FILE (a model saved by XGBoost as JSON or UBJSON)");
    request.set_format(glassbox::v1::XGBOOST);
    request.set_model_bytes(ReadTextFile(args_.Get("xgboost"), "--xgboost"));
    request.set_task(Task());
    if (args_.Has("classes")) {
      for (auto label : absl::StrSplit(args_.Get("classes"), ',')) request.add_class_labels(std::string(label));
    }
    request.set_categories_from_dataset_id(args_.Get("categories-from"));
    auto* sheet = request.mutable_datasheet();
    sheet->set_intended_use(args_.Get("intended-use"));
    sheet->set_architecture(args_.Get("architecture"));
    sheet->set_training_data(args_.Get("training-data"));
    sheet->set_evaluation_data(args_.Get("evaluation-data"));
    sheet->set_owner(args_.Get("owner"));
    sheet->set_notes(args_.Get("notes"));
    glassbox::v1::ModelVersion model;
    Check(stub_->RegisterModel(Context().get(), request, &model));
    std::cout << (json() ? ToJson(model) + "\n" : Describe(model));
    return 0;
  }

  int Models() {
    glassbox::v1::ListModelsRequest request;
    request.set_project(Project());
    glassbox::v1::ListModelsResponse response;
    Check(stub_->ListModels(Context().get(), request, &response));
    if (json()) {
      std::cout << ToJson(response) << "\n";
      return 0;
    }
    for (const auto& model : response.models()) {
      std::cout << model.name() << "@" << model.version() << "  " << glassbox::v1::ModelFormat_Name(model.format()) << "  "
                << glassbox::v1::TaskType_Name(model.task()) << "\n";
    }
    return 0;
  }

  int Model() {
    glassbox::v1::GetModelRequest request;
    *request.mutable_model() = Reference(Positional("a model name"));
    request.set_project(Project());
    glassbox::v1::ModelVersion model;
    Check(stub_->GetModel(Context().get(), request, &model));
    std::cout << (json() ? ToJson(model) + "\n" : Describe(model));
    return 0;
  }

  int WhatIf() {
    glassbox::v1::WhatIfRequest request;
    *request.mutable_model() = Reference(Positional("a model name"));
    request.set_project(Project());
    request.set_dataset_id(args_.Get("dataset"));
    int64_t row_index = 0;
    if (args_.Has("row-index") && !absl::SimpleAtoi(args_.Get("row-index"), &row_index)) {
      Fail(absl::StrCat("--row-index ", args_.Get("row-index"), " is not a number"));
    }
    request.set_row_index(row_index);
    if (args_.Has("row")) {
      for (auto pair : absl::StrSplit(args_.Get("row"), ',')) {
        std::vector<std::string> parts = absl::StrSplit(pair, absl::MaxSplits('=', 1));
        if (parts.size() != 2) Fail(absl::StrCat("--row: '", std::string(pair), "' is not feature=value"));
        (*request.mutable_values())[parts[0]] = parts[1];
      }
    }
    glassbox::v1::WhatIfResponse response;
    Check(stub_->WhatIf(Context().get(), request, &response));
    if (json()) {
      std::cout << ToJson(response) << "\n";
      return 0;
    }
    if (response.classes_size() > 0) {
      std::cout << "predicted " << response.predicted_class() << "\n";
      for (int k = 0; k < response.classes_size(); ++k) {
        std::cout << "  P(" << response.classes(k) << ") = " << FormatNumber(response.probabilities(k)) << "\n";
      }
    } else {
      std::cout << "predicted " << FormatNumber(response.predicted_value()) << "\n";
    }
    if (response.contributions_size() > 0) {
      std::cout << "contributions (margin), bias " << FormatNumber(response.bias()) << ":\n";
      for (const auto& contribution : response.contributions()) {
        std::cout << "  " << contribution.feature() << " = " << contribution.value() << ": "
                  << FormatNumber(contribution.contribution()) << "\n";
      }
    }
    return 0;
  }

  // --model NAME[@VERSION], --creator, --since, --until, --verdict and --project of a ListRuns or ListScorecards
  // request.
  template <typename Request>
  void SetFilters(Request& request) const {
    request.set_project(Project());
    if (args_.Has("model")) {
      auto model = Reference(args_.Get("model"));
      request.set_model_name(model.name());
      request.set_model_version(model.version());
    }
    request.set_creator(args_.Get("creator"));
    if (args_.Has("since")) *request.mutable_since() = DateFlag("since", ParseRangeStart);
    if (args_.Has("until")) *request.mutable_until() = DateFlag("until", ParseRangeEnd);
    if (args_.Has("verdict")) {
      static const std::map<std::string, glassbox::v1::VerdictFilter> kVerdicts = {
          {"met", glassbox::v1::TARGETS_MET},
          {"not-met", glassbox::v1::TARGETS_NOT_MET},
          {"no-targets", glassbox::v1::NO_TARGETS}};
      auto verdict = kVerdicts.find(args_.Get("verdict"));
      if (verdict == kVerdicts.end()) {
        Fail(absl::StrCat("--verdict ", args_.Get("verdict"), ": use met, not-met or no-targets"));
      }
      request.set_verdict(verdict->second);
    }
  }

  google::protobuf::Timestamp DateFlag(const char* flag,
                                       absl::StatusOr<google::protobuf::Timestamp> (*parse)(const std::string&)) const {
    auto time = parse(args_.Get(flag));
    if (!time.ok()) Fail(absl::StrCat("--", flag, " ", time.status().message()));
    return *time;
  }

  // Every page of a List call, as one response.
  template <typename Request, typename Response>
  Response ListAll(Request request, grpc::Status (Stub::*list)(grpc::ClientContext*, const Request&, Response*)) {
    Response all;
    request.set_page_size(1000);
    do {
      Response page;
      Check(((*stub_).*list)(Context().get(), request, &page));
      request.set_page_token(page.next_page_token());
      all.MergeFrom(page);
    } while (!request.page_token().empty());
    all.clear_next_page_token();
    return all;
  }

  static std::string DescribeScorecard(const glassbox::v1::Scorecard& card) {
    std::string verdict = card.verdict() == glassbox::v1::PASS   ? "all targets met"
                          : card.verdict() == glassbox::v1::FAIL ? "targets not met"
                                                                 : "no targets";
    return absl::StrCat(card.id(), "  run ", card.run_id(), "  ", verdict, " (", card.targets_met(), " of ",
                        card.target_count(), ")  ", card.page_count(), " pages  sha256 ", card.sha256(), "  by ",
                        card.creator(), "\n");
  }

  int Scorecard() {
    glassbox::v1::CreateScorecardRequest request;
    request.set_run_id(Positional("a run id"));
    if (!args_.Has("config")) Fail("scorecard needs --config FILE.json (the Azure ML scorecard configuration)");
    request.set_config_json(ReadTextFile(args_.Get("config"), "--config"));
    glassbox::v1::Scorecard card;
    Check(stub_->CreateScorecard(Context().get(), request, &card));
    if (args_.Has("o")) SaveScorecard(card.id(), args_.Get("o"));
    std::cout << (json() ? ToJson(card) + "\n" : DescribeScorecard(card));
    return 0;
  }

  int Scorecards() {
    glassbox::v1::ListScorecardsRequest request;
    request.set_run_id(args_.Get("run"));
    SetFilters(request);
    auto response = ListAll(request, &Stub::ListScorecards);
    if (json()) {
      std::cout << ToJson(response) << "\n";
      return 0;
    }
    for (const auto& card : response.scorecards()) std::cout << DescribeScorecard(card);
    return 0;
  }

  int Download() {
    if (!args_.Has("o")) Fail("download needs -o OUT.pdf");
    SaveScorecard(Positional("a scorecard id"), args_.Get("o"));
    return 0;
  }

  // Streams the archived PDF into `path`.
  void SaveScorecard(const std::string& id, const std::string& path) {
    glassbox::v1::GetScorecardRequest request;
    request.set_id(id);
    auto context = Context();
    auto reader = stub_->GetScorecard(context.get(), request);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) Fail(absl::StrCat("cannot write ", path));
    glassbox::v1::ScorecardChunk chunk;
    while (reader->Read(&chunk)) out.write(chunk.data().data(), static_cast<std::streamsize>(chunk.data().size()));
    Check(reader->Finish());
    out.close();
    if (!out) Fail(absl::StrCat("cannot write ", path));
  }

  int Lineage() {
    glassbox::v1::GetLineageRequest request;
    request.set_resource(Positional("a resource (runs/ID, insights/ID or scorecards/ID)"));
    glassbox::v1::Lineage lineage;
    Check(stub_->GetLineage(Context().get(), request, &lineage));
    if (json()) {
      std::cout << ToJson(lineage) << "\n";
      return 0;
    }
    const auto& run = lineage.run();
    std::cout << lineage.resource() << "\n  created by " << lineage.creator() << " at "
              << google::protobuf::util::TimeUtil::ToString(lineage.create_time()) << " (glassboxd "
              << lineage.daemon_version() << ")\n  run " << run.id() << " " << glassbox::v1::RunState_Name(run.state())
              << "\n  dataset " << lineage.dataset().id() << " sha256 " << lineage.dataset().sha256() << " ("
              << lineage.dataset().row_count() << " rows)\n";
    if (lineage.has_model()) {
      std::cout << "  model " << lineage.model().name() << " version " << lineage.model().version() << " sha256 "
                << lineage.model().sha256() << "\n";
    }
    for (const auto& use : lineage.analyzers()) {
      std::string params;
      google::protobuf::util::MessageToJsonString(use.params(), &params);
      std::cout << "  analyzer " << use.analyzer() << " " << use.version() << " plugin sha256 " << use.plugin_sha256()
                << " params " << params << "\n";
    }
    if (lineage.has_scorecard()) {
      std::cout << "  scorecard " << lineage.scorecard().id() << " pdf sha256 " << lineage.scorecard().sha256() << "\n";
    }
    if (!lineage.scorecard_config_sha256().empty()) {
      std::cout << "  scorecard config sha256 " << lineage.scorecard_config_sha256() << "\n";
    }
    if (lineage.related_run_ids_size() > 0) {
      std::cout << "  related runs: " << absl::StrJoin(lineage.related_run_ids(), ", ") << "\n";
    }
    return 0;
  }

  int History() {
    if (!args_.Has("model")) Fail("history needs --model NAME[@VERSION]");
    glassbox::v1::ListRunsRequest runs_request;
    SetFilters(runs_request);
    auto runs = ListAll(runs_request, &Stub::ListRuns);
    glassbox::v1::ListScorecardsRequest cards_request;
    SetFilters(cards_request);
    auto cards = ListAll(cards_request, &Stub::ListScorecards);
    if (json()) {
      std::cout << "{\n\"runs\": " << ToJson(runs) << ",\n\"scorecards\": " << ToJson(cards) << "}\n";
      return 0;
    }
    for (const auto& run : runs.runs()) {
      std::cout << google::protobuf::util::TimeUtil::ToString(run.create_time()) << "  " << run.id() << "  model "
                << run.spec().model().name() << "@" << run.spec().model().version() << "  "
                << glassbox::v1::RunState_Name(run.state()) << "  by " << run.creator() << "\n";
    }
    for (const auto& card : cards.scorecards()) std::cout << DescribeScorecard(card);
    return 0;
  }

  int Audit() {
    glassbox::v1::ListAuditEventsRequest request;
    request.set_principal(args_.Get("principal"));
    request.set_action(args_.Get("action"));
    request.set_resource_prefix(args_.Get("resource"));
    request.set_project(Project());
    request.set_page_size(1000);
    do {
      glassbox::v1::ListAuditEventsResponse response;
      Check(stub_->ListAuditEvents(Context().get(), request, &response));
      for (const auto& event : response.events()) {
        if (json()) {
          std::cout << ToJson(event) << "\n";
          continue;
        }
        std::cout << event.sequence() << "  " << google::protobuf::util::TimeUtil::ToString(event.time()) << "  "
                  << event.principal() << " (" << event.role() << ")  " << event.action() << "  " << event.resource()
                  << (event.project().empty() ? "" : "  in " + event.project()) << "  " << event.outcome()
                  << (event.detail().empty() ? "" : "  " + event.detail()) << "\n";
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return 0;
  }

  int VerifyAudit() {
    glassbox::v1::VerifyAuditLogResponse response;
    Check(stub_->VerifyAuditLog(Context().get(), {}, &response));
    if (json()) {
      std::cout << ToJson(response) << "\n";
    } else if (response.intact()) {
      std::cout << "intact: " << response.entries_checked() << " entries, head " << response.head_hash() << "\n";
    } else {
      std::cout << "BROKEN at entry " << response.first_broken_sequence() << ": " << response.reason() << "\n";
    }
    return response.intact() ? 0 : 1;
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
    SetFilters(request);
    auto response = ListAll(request, &Stub::ListRuns);
    if (json()) {
      std::cout << ToJson(response) << "\n";
      return 0;
    }
    for (const auto& run : response.runs()) {
      std::cout << run.id() << "  " << glassbox::v1::RunState_Name(run.state()) << "  dataset " << run.spec().dataset_id()
                << "  " << run.analyses_size() << " analyses  by " << run.creator() << "\n";
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
    auto channel = grpc::CreateCustomChannel(address, Credentials(*args), channel_args);
    return Cli(*args, channel).Dispatch();
  } catch (const Failure& failure) {
    std::fprintf(stderr, "glassbox: %s\n", failure.message.c_str());
    return 1;
  }
}
