// glassbox: the command-line client of glassboxd. Errors print as one line
// "glassbox: CODE: message" and exit 1 (a usage error: exit 2). The daemon's address comes from
// --address, else $GLASSBOX_ADDRESS, else 127.0.0.1:50051; the bearer token
// from --token, --token-file, $GLASSBOX_TOKEN or $GLASSBOX_TOKEN_FILE; TLS is
// on with --tls-ca (or $GLASSBOX_TLS_CA), plus --tls-cert/--tls-key for mTLS.
// Commands that create or list take --project (else $GLASSBOX_PROJECT): the
// project to create in ("default" when neither is given) or the one to list
// (every project the caller may read when neither is given).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <grpcpp/grpcpp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "clients/cli/args.h"
#include "clients/cli/commands.h"
#include "clients/cli/completion.h"
#include "clients/cli/dates.h"
#include "daemon/common/enum_words.h"
#include "clients/cli/help.h"
#include "clients/cli/render.h"
#include "clients/cli/run_file.h"
#include "storage/sha256.h"
#include "glassbox/v1/service.grpc.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace glassbox::cli {
namespace {

using Stub = glassbox::v1::Glassbox::Stub;

constexpr size_t kChunkBytes = 1 << 20;

struct Failure {
  std::string message;
};

[[noreturn]] void Fail(const std::string& message) { throw Failure{message}; }

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

template <typename Enum>
Enum EnumFlag(const std::string& text, const std::string& flag) {
  absl::StatusOr<Enum> value = ParseEnumWord<Enum>(text, flag);
  if (!value.ok()) Fail(std::string(value.status().message()));
  return *value;
}

class Cli {
 public:
  Cli(const Args& args, const std::string& address, std::shared_ptr<grpc::Channel> channel)
      : args_(args), address_(address), stub_(glassbox::v1::Glassbox::NewStub(channel)) {}

  // Runs `command`, known and with known flags (main checks).
  int Dispatch() {
    static const std::map<std::string, int (Cli::*)()> kHandlers = {
        {"upload", &Cli::Upload},
        {"datasets", &Cli::Datasets},
        {"dataset", &Cli::Dataset},
        {"privacy", &Cli::Privacy},
        {"analyzers", &Cli::Analyzers},
        {"reload-plugins", &Cli::ReloadPlugins},
        {"register", &Cli::Register},
        {"models", &Cli::Models},
        {"model", &Cli::Model},
        {"whatif", &Cli::WhatIf},
        {"run", &Cli::Run},
        {"watch", &Cli::Watch},
        {"runs", &Cli::Runs},
        {"show", &Cli::Show},
        {"scorecard", &Cli::Scorecard},
        {"scorecards", &Cli::Scorecards},
        {"download", &Cli::Download},
        {"audit", &Cli::Audit},
        {"lineage", &Cli::Lineage},
        {"history", &Cli::History},
        {"compare", &Cli::Compare},
        {"verify-audit", &Cli::VerifyAudit},
        {"insight", &Cli::Insight},
        {"cancel", &Cli::Cancel},
    };
    return (this->*kHandlers.at(args_.command()))();
  }

 private:
  // Fails with "CODE: message"; a daemon that cannot be reached gets how to reach or start it.
  void Check(const grpc::Status& status) const {
    if (status.ok()) return;
    std::string message = absl::StrCat(
        absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())), ": ", status.error_message());
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
      absl::StrAppend(&message, "; no glassboxd answers at ", address_,
                      ": start one with 'glassboxd', or point --address (or $GLASSBOX_ADDRESS) at it");
    }
    Fail(message);
  }

  // Check, with the request fields the daemon's message names replaced by the flags this command's user knows.
  void CheckNamingFlags(const grpc::Status& status,
                        std::initializer_list<std::pair<absl::string_view, absl::string_view>> flags) const {
    Check(grpc::Status(status.error_code(), absl::StrReplaceAll(status.error_message(), flags)));
  }

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
      absl::StatusOr<glassbox::v1::ColumnType> type = absl::InvalidArgumentError("no '='");
      if (equals != std::string::npos) type = ParseEnumWord<glassbox::v1::ColumnType>(spec.substr(equals + 1), "type");
      if (!type.ok()) Fail(absl::StrCat("--type ", spec, ": use COLUMN=numeric or COLUMN=categorical"));
      (*header->mutable_column_types())[spec.substr(0, equals)] = *type;
    }
    if (args_.Has("privacy-epsilon")) {
      header->mutable_privacy_budget()->set_epsilon(NumberFlag("privacy-epsilon"));
      header->mutable_privacy_budget()->set_delta(args_.Has("privacy-delta") ? NumberFlag("privacy-delta") : 1e-6);
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
    CheckNamingFlags(writer->Finish(), {{"header.privacy_budget.epsilon", "--privacy-epsilon"},
                                        {"header.privacy_budget.delta", "--privacy-delta"}});
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
      std::cout << "  " << column.name() << "  " << EnumWord(column.type())
                << (column.type() == glassbox::v1::CATEGORICAL ? absl::StrCat(" (", column.category_count(), " values)") : "")
                << (column.missing_count() > 0 ? absl::StrCat(", ", column.missing_count(), " missing") : "") << "\n";
    }
    return 0;
  }

  double NumberFlag(const char* flag) const {
    double value = 0;
    if (!absl::SimpleAtod(args_.Get(flag), &value)) Fail(absl::StrCat("--", flag, " ", args_.Get(flag), ": give a number"));
    return value;
  }

  int Privacy() {
    const std::string& dataset_id = Positional("a dataset id");
    glassbox::v1::PrivacyLedger ledger;
    if (args_.Has("set-epsilon")) {
      glassbox::v1::SetPrivacyBudgetRequest request;
      request.set_dataset_id(dataset_id);
      request.mutable_budget()->set_epsilon(NumberFlag("set-epsilon"));
      request.mutable_budget()->set_delta(args_.Has("set-delta") ? NumberFlag("set-delta") : 1e-6);
      CheckNamingFlags(stub_->SetPrivacyBudget(Context().get(), request, &ledger),
                       {{"budget.epsilon", "--set-epsilon"}, {"budget.delta", "--set-delta"}});
    } else {
      glassbox::v1::GetPrivacyLedgerRequest request;
      request.set_dataset_id(dataset_id);
      Check(stub_->GetPrivacyLedger(Context().get(), request, &ledger));
    }
    if (json()) {
      std::cout << ToJson(ledger) << "\n";
      return 0;
    }
    std::cout << ledger.dataset_id() << "  budget epsilon " << ledger.budget().epsilon() << ", delta "
              << ledger.budget().delta() << "  spent epsilon " << ledger.spent().epsilon() << ", delta "
              << ledger.spent().delta() << "  left epsilon " << ledger.remaining().epsilon() << ", delta "
              << ledger.remaining().delta() << "\n";
    if (!ledger.budget_set_by().empty()) {
      std::cout << "budget set by " << ledger.budget_set_by() << " at "
                << google::protobuf::util::TimeUtil::ToString(ledger.budget_set_time()) << "\n";
    }
    for (const auto& release : ledger.releases()) {
      std::cout << google::protobuf::util::TimeUtil::ToString(release.create_time()) << "  " << release.run_id() << "["
                << release.analysis_index() << "]  " << release.analyzer() << "  " << release.mechanism()
                << "  epsilon " << release.epsilon() << "  delta " << release.delta() << "  by "
                << release.principal() << "  " << release.parameters_json() << "\n";
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
      for (const auto& parameter : analyzer.parameters()) std::cout << "    " << RenderParameter(parameter) << "\n";
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

  // The spec from --file, then each flag given in place of its field (repeated flags replace the whole list).
  int Run() {
    glassbox::v1::CreateRunRequest request;
    request.set_project(Project());
    auto* spec = request.mutable_spec();
    if (args_.Has("file")) {
      auto parsed = ParseRunFile(ReadTextFile(args_.Get("file"), "--file"), args_.Get("file"));
      if (!parsed.ok()) Fail(std::string(parsed.status().message()));
      *spec = *std::move(parsed);
    }
    if (args_.Has("dataset")) spec->set_dataset_id(args_.Get("dataset"));
    if (args_.Has("target")) spec->set_target_column(args_.Get("target"));
    if (args_.Has("name")) spec->set_display_name(args_.Get("name"));
    if (args_.Has("task")) spec->set_task(Task());
    if (args_.Has("model")) *spec->mutable_model() = Reference(args_.Get("model"));
    if (args_.Has("prediction")) spec->mutable_predictions()->set_prediction_column(args_.Get("prediction"));
    if (args_.Has("probability")) {
      spec->mutable_predictions()->clear_probability_columns();
      for (const auto& column : args_.GetAll("probability")) {
        spec->mutable_predictions()->add_probability_columns(column);
      }
    }
    if (args_.Has("positive-class")) spec->set_positive_class(args_.Get("positive-class"));
    if (args_.Has("analyzer")) spec->clear_analyses();
    for (const auto& analyzer : args_.GetAll("analyzer")) {
      auto* analysis = spec->add_analyses();
      auto equals = analyzer.find('=');
      analysis->set_analyzer(analyzer.substr(0, equals));
      if (equals == std::string::npos) continue;
      auto status = google::protobuf::util::JsonStringToMessage(analyzer.substr(equals + 1), analysis->mutable_params());
      if (!status.ok()) Fail(absl::StrCat("--analyzer ", analyzer, ": the parameters are not a JSON object: ", status.ToString()));
    }
    if (args_.Has("cohort")) spec->clear_cohorts();
    for (const auto& text : args_.GetAll("cohort")) {
      auto* cohort = spec->add_cohorts();
      auto colon = text.find(':');
      cohort->set_name(colon == std::string::npos ? text : text.substr(0, colon));
      cohort->set_filter(colon == std::string::npos ? text : text.substr(colon + 1));
    }
    if (args_.Has("scorecard-config")) spec->set_scorecard_config(ReadTextFile(args_.Get("scorecard-config"), "--scorecard-config"));
    request.set_validate_only(args_.Has("dry-run"));
    glassbox::v1::Run run;
    CheckNamingFlags(stub_->CreateRun(Context().get(), request, &run),
                     {{"class_labels", "--classes (glassbox register)"}});
    if (request.validate_only()) {
      std::cout << (json() ? ToJson(run) : RunFileText(run.spec())) << "\n";
      return 0;
    }
    if (!args_.Has("watch")) {
      std::cout << (json() ? ToJson(run) : run.id()) << "\n";
      return 0;
    }
    std::cerr << "run " << run.id() << "\n";
    return Follow(run.id());
  }

  glassbox::v1::TaskType Task() const {
    if (!args_.Has("task")) return glassbox::v1::TASK_TYPE_UNSPECIFIED;
    return EnumFlag<glassbox::v1::TaskType>(args_.Get("task"), "task");
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
    std::string out = absl::StrCat(model.name(), " version ", model.version(), "  ", EnumWord(model.format()), "  ",
                                   EnumWord(model.task()), "  sha256 ", model.sha256(), "\n  features: ",
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
    if (args_.Has("xgboost") == args_.Has("oip")) {
      Fail("register needs --xgboost FILE (a model saved by XGBoost as JSON or UBJSON) or --oip HOST:PORT (a model "
           "served over the Open Inference Protocol), one of them");
    }
    if (args_.Has("xgboost")) {
      request.set_format(glassbox::v1::XGBOOST);
      request.set_model_bytes(ReadTextFile(args_.Get("xgboost"), "--xgboost"));
    } else {
      request.set_format(glassbox::v1::OPEN_INFERENCE_PROTOCOL);
      request.mutable_remote()->set_endpoint(args_.Get("oip"));
      request.mutable_remote()->set_model_name(args_.Get("model-name", request.name()));
      request.mutable_remote()->set_model_version(args_.Get("model-version"));
    }
    request.set_task(Task());
    if (args_.Has("classes")) {
      for (auto label : absl::StrSplit(args_.Get("classes"), ',')) request.add_class_labels(std::string(label));
    }
    if (args_.Has("features")) {
      for (auto feature : absl::StrSplit(args_.Get("features"), ',')) request.add_feature_names(std::string(feature));
    }
    if (args_.Has("categories")) *request.mutable_categories() = CategoriesFile(args_.Get("categories"));
    request.set_categories_from_dataset_id(args_.Get("categories-from"));
    auto* sheet = request.mutable_datasheet();
    sheet->set_intended_use(args_.Get("intended-use"));
    sheet->set_architecture(args_.Get("architecture"));
    sheet->set_training_data(args_.Get("training-data"));
    sheet->set_evaluation_data(args_.Get("evaluation-data"));
    sheet->set_owner(args_.Get("owner"));
    sheet->set_notes(args_.Get("notes"));
    glassbox::v1::ModelVersion model;
    CheckNamingFlags(stub_->RegisterModel(Context().get(), request, &model),
                     {{"categories_from_dataset_id", "--categories-from"},
                      {"class_labels", "--classes"},
                      {"feature_names", "--features"},
                      {"remote.endpoint", "--oip"},
                      {"remote.model_name", "--model-name"},
                      {"or give categories", "or give --categories FILE.json"},
                      {"model_bytes", "--xgboost"}});
    if (!args_.Has("classes") && model.class_labels_size() > 0) {
      std::cerr << "note: no --classes given, so the classes are recorded as "
                << absl::StrJoin(model.class_labels(), ", ")
                << "; if the target column spells them otherwise, register again with --classes "
                << "(the labels in the model's class order)\n";
    }
    std::cout << (json() ? ToJson(model) + "\n" : Describe(model));
    return 0;
  }

  // {"feature": ["value", ...], ...}, the values in the model's code order.
  static google::protobuf::Map<std::string, glassbox::v1::CategoryList> CategoriesFile(const std::string& path) {
    google::protobuf::Struct file;
    auto status = google::protobuf::util::JsonStringToMessage(ReadTextFile(path, "--categories"), &file);
    if (!status.ok()) Fail(absl::StrCat("--categories ", path, ": not JSON: ", status.ToString()));
    google::protobuf::Map<std::string, glassbox::v1::CategoryList> categories;
    for (const auto& [feature, values] : file.fields()) {
      if (!values.has_list_value()) Fail(absl::StrCat("--categories ", path, ": '", feature, "' is not a list"));
      for (const auto& value : values.list_value().values()) {
        if (!value.has_string_value()) {
          Fail(absl::StrCat("--categories ", path, ": the categories of '", feature, "' must be strings"));
        }
        categories[feature].add_values(value.string_value());
      }
    }
    return categories;
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
      std::cout << model.name() << "@" << model.version() << "  " << EnumWord(model.format()) << "  "
                << EnumWord(model.task()) << "\n";
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
    glassbox::v1::WhatIfResponse changed;
    Check(stub_->WhatIf(Context().get(), request, &changed));
    std::optional<glassbox::v1::WhatIfResponse> original;
    if (!request.dataset_id().empty() && !request.values().empty()) {
      request.clear_values();
      Check(stub_->WhatIf(Context().get(), request, &original.emplace()));
    }
    if (json()) {
      std::cout << (original ? absl::StrCat("{\n\"original\": ", ToJson(*original), ",\n\"changed\": ",
                                            ToJson(changed), "}")
                             : ToJson(changed))
                << "\n";
      return 0;
    }
    std::cout << RenderWhatIf(changed, original ? &*original : nullptr);
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
      request.set_verdict(EnumFlag<glassbox::v1::VerdictFilter>(args_.Get("verdict"), "verdict"));
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
    if (args_.Has("output")) std::cerr << SaveScorecard(card.id(), args_.Get("output"));
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
    if (!args_.Has("output")) Fail("download needs -o OUT.pdf (where to save the PDF)");
    std::cout << SaveScorecard(Positional("a scorecard id"), args_.Get("output"));
    return 0;
  }

  // Streams the archived PDF into `path`; fails unless its SHA-256 is the archive's. Returns
  // "wrote PATH (N bytes, sha256 HEX)".
  std::string SaveScorecard(const std::string& id, const std::string& path) {
    glassbox::v1::GetScorecardRequest request;
    request.set_id(id);
    auto context = Context();
    auto reader = stub_->GetScorecard(context.get(), request);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) Fail(absl::StrCat("cannot write ", path));
    glassbox::v1::ScorecardChunk chunk;
    std::string archived_sha256;
    storage::Sha256 hasher;
    int64_t size = 0;
    while (reader->Read(&chunk)) {
      if (chunk.has_scorecard()) archived_sha256 = chunk.scorecard().sha256();
      out.write(chunk.data().data(), static_cast<std::streamsize>(chunk.data().size()));
      hasher.Update(chunk.data());
      size += static_cast<int64_t>(chunk.data().size());
    }
    Check(reader->Finish());
    out.close();
    if (!out) Fail(absl::StrCat("cannot write ", path));
    const std::string sha256 = hasher.HexDigest();
    if (!archived_sha256.empty() && sha256 != archived_sha256) {
      Fail(absl::StrCat("DATA_LOSS: ", path, " has sha256 ", sha256, " but the archived scorecard's is ",
                        archived_sha256, "; download it again"));
    }
    return absl::StrCat("wrote ", path, " (", size, " bytes, sha256 ", sha256, ")\n");
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
              << lineage.daemon_version() << ")\n  run " << run.id() << " " << EnumWord(run.state())
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

  int Compare() {
    if (args_.positional().size() != 2) Fail("'compare' needs two run ids: the baseline run, then the other");
    glassbox::v1::CompareRunsRequest request;
    request.set_run_id(args_.positional()[0]);
    request.set_other_run_id(args_.positional()[1]);
    glassbox::v1::CompareRunsResponse comparison;
    Check(stub_->CompareRuns(Context().get(), request, &comparison));
    std::cout << (json() ? ToJson(comparison) + "\n" : RenderComparison(comparison));
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
                << EnumWord(run.state()) << "  by " << run.creator() << "\n";
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
    if (args_.Has("state")) request.set_state(EnumFlag<glassbox::v1::RunState>(args_.Get("state"), "state"));
    SetFilters(request);
    auto response = ListAll(request, &Stub::ListRuns);
    if (json()) {
      std::cout << ToJson(response) << "\n";
      return 0;
    }
    for (const auto& run : response.runs()) {
      std::cout << run.id() << "  " << EnumWord(run.state()) << "  dataset " << run.spec().dataset_id()
                << "  " << run.analyses_size() << " analyses  by " << run.creator() << "\n";
    }
    return 0;
  }

  int Show() {
    glassbox::v1::GetRunRequest get;
    get.set_id(Positional("a run id"));
    glassbox::v1::Run run;
    Check(stub_->GetRun(Context().get(), get, &run));
    if (args_.Has("spec")) {
      std::cout << RunFileText(run.spec()) << "\n";
      return 0;
    }
    glassbox::v1::ListInsightsRequest list;
    list.set_run_id(run.id());
    const glassbox::v1::ListInsightsResponse insights = ListAll(list, &Stub::ListInsights);
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
  const std::string address_;
  std::unique_ptr<Stub> stub_;
};

// Help, unknown commands and flags, and completion, which need no daemon; nullopt for the other commands.
std::optional<int> AnswerLocally(const Args& args) {
  auto usage_error = [](const std::string& message) {
    std::fprintf(stderr, "glassbox: %s\n", message.c_str());
    return 2;
  };
  std::string name = args.command();
  if (name == "help" && !args.positional().empty()) name = args.positional()[0];
  if (name.empty() || (name == "help" && args.positional().empty())) {
    std::fputs(ProgramHelp().c_str(), stdout);
    return 0;
  }
  const CommandSpec* command = FindCommand(name);
  if (command == nullptr) return usage_error(UnknownCommandMessage(name));
  if (args.Has("help") || args.command() == "help") {
    std::fputs(CommandHelp(*command).c_str(), stdout);
    return 0;
  }
  std::set<std::string> known;
  for (const auto& flag : command->flags) known.insert(flag.name);
  for (const auto& flag : CommonFlags()) known.insert(flag.name);
  if (auto unknown = args.FirstUnknown(known)) return usage_error(UnknownFlagMessage(*command, *unknown));
  if (command->name == "completion") {
    auto script = CompletionScript(args.positional().empty() ? "" : args.positional()[0]);
    if (!script.ok()) return usage_error(std::string(script.status().message()));
    std::fputs(script->c_str(), stdout);
    return 0;
  }
  return std::nullopt;
}

}  // namespace
}  // namespace glassbox::cli

int main(int argc, char** argv) {
  using namespace glassbox::cli;
  auto args = Args::Parse(argc, argv, SwitchNames(), ShortNames());
  if (!args.ok()) {
    std::fprintf(stderr, "glassbox: %s (glassbox --help)\n", std::string(args.status().message()).c_str());
    return 2;
  }
  if (std::optional<int> exit_code = AnswerLocally(*args)) return *exit_code;
  const char* env_address = std::getenv("GLASSBOX_ADDRESS");
  std::string address = args->Get("address", env_address != nullptr ? env_address : "127.0.0.1:50051");
  try {
    grpc::ChannelArguments channel_args;
    channel_args.SetMaxReceiveMessageSize(256 << 20);
    auto channel = grpc::CreateCustomChannel(address, Credentials(*args), channel_args);
    return Cli(*args, address, channel).Dispatch();
  } catch (const Failure& failure) {
    std::fprintf(stderr, "glassbox: %s\n", failure.message.c_str());
    return 1;
  }
}
