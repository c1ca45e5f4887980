#include "clients/cli/commands.h"

#include "daemon/common/enum_words.h"
#include "glassbox/v1/dataset.pb.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/scorecard.pb.h"
#include "glassbox/v1/task.pb.h"

namespace glassbox::cli {
namespace {

FlagSpec TaskFlag(const std::string& description, const std::string& default_value) {
  return {.name = "task",
          .value = "TASK",
          .description = description,
          .default_value = default_value,
          .choices = EnumWords<glassbox::v1::TaskType>()};
}

// The history filters of runs, scorecards and history.
std::vector<FlagSpec> HistoryFilters() {
  return {
      {.name = "model", .value = "NAME[@VERSION]", .description = "Only what this model (all versions, or one) scored"},
      {.name = "creator", .value = "PRINCIPAL", .description = "Only what this principal created"},
      {.name = "since", .value = "DATE", .description = "Created at or after DATE (YYYY-MM-DD in UTC, or RFC 3339)"},
      {.name = "until", .value = "DATE", .description = "Created before DATE's end (a day includes the whole day)"},
      {.name = "verdict",
       .value = "VERDICT",
       .description = "The latest scorecard's verdict (no scorecard: no-targets)",
       .choices = EnumWords<glassbox::v1::VerdictFilter>()},
  };
}

std::vector<FlagSpec> With(std::vector<FlagSpec> flags, const std::vector<FlagSpec>& more) {
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

// Where a command creates or looks things up, or which projects a list covers.
FlagSpec ProjectFlag(bool lists) {
  return {.name = "project",
          .value = "PROJECT",
          .description = lists ? "Only this project's" : "The project to work in",
          .default_value = lists ? "$GLASSBOX_PROJECT, else every project you may read"
                                 : "$GLASSBOX_PROJECT, else default"};
}

FlagSpec DatasheetFlag(const std::string& name, const std::string& what) {
  return {.name = name, .value = "TEXT", .description = "Datasheet: " + what};
}

std::vector<CommandSpec> MakeCommands() {
  const FlagSpec output = {.name = "output", .short_name = 'o', .value = "OUT.pdf", .description = "Save the PDF here"};
  return {
      {"upload",
       "FILE.csv",
       "Upload a CSV file as a dataset",
       {{.name = "name",
         .value = "NAME",
         .description = "The dataset's display name",
         .default_value = "the file's name"},
        {.name = "type",
         .value = "COLUMN=TYPE",
         .description = "A column's type, numeric or categorical",
         .default_value = "inferred from the values",
         .repeatable = true},
        {.name = "privacy-epsilon",
         .value = "EPSILON",
         .description = "The new dataset's privacy budget: the epsilon its private releases may spend in all",
         .default_value = "1"},
        {.name = "privacy-delta",
         .value = "DELTA",
         .description = "With --privacy-epsilon: the budget's delta",
         .default_value = "1e-6"},
        ProjectFlag(false)}},
      {"datasets", "", "List the datasets", {ProjectFlag(true)}},
      {"dataset", "ID", "Show a dataset's columns"},
      {"privacy",
       "DATASET",
       "Show a dataset's privacy budget and the private releases charged to it",
       {{.name = "set-epsilon",
         .value = "EPSILON",
         .description = "Admin: set the budget's epsilon (it must cover what was spent)"},
        {.name = "set-delta", .value = "DELTA", .description = "Admin, with --set-epsilon: the budget's delta",
         .default_value = "1e-6"}}},
      {"register",
       "NAME",
       "Register a model file or a served model as the next version of model NAME",
       {{.name = "xgboost", .value = "FILE", .description = "The model, saved by XGBoost as JSON or UBJSON"},
        {.name = "oip",
         .value = "HOST:PORT",
         .description = "Or a model served over the Open Inference Protocol (KServe v2) gRPC here"},
        {.name = "model-name",
         .value = "NAME",
         .description = "--oip: the server's name of the model",
         .default_value = "NAME"},
        {.name = "model-version", .value = "VERSION", .description = "--oip: the server's version of the model"},
        {.name = "features",
         .value = "A,B,...",
         .description = "The model's input columns in order (needed with --oip)",
         .default_value = "the names in the model file"},
        {.name = "categories",
         .value = "FILE.json",
         .description = "Categories of each categorical feature in the model's code order: {\"feature\": [...]}"},
        {.name = "classes",
         .value = "A,B,...",
         .description = "Class labels in the model's class order, as the target column spells them",
         .default_value = "0,1,... (the model's class numbers)"},
        {.name = "categories-from",
         .value = "DATASET",
         .description = "Dataset whose sorted categories the model's categorical features were coded with"},
        TaskFlag("Checked against the model's objective", "the model's objective"),
        DatasheetFlag("intended-use", "what the model is for"),
        DatasheetFlag("architecture", "how it is built"),
        DatasheetFlag("training-data", "what it was trained on"),
        DatasheetFlag("evaluation-data", "what it was evaluated on"),
        DatasheetFlag("owner", "who answers for it"),
        DatasheetFlag("notes", "anything else"),
        ProjectFlag(false)}},
      {"models", "", "List the models (the latest version of each)", {ProjectFlag(true)}},
      {"model", "NAME[@VERSION]", "Show a model version", {ProjectFlag(false)}},
      {"whatif",
       "NAME[@VERSION]",
       "Predict one row as it is and with some values changed",
       {{.name = "dataset", .value = "ID", .description = "The dataset the row is taken from"},
        {.name = "row-index", .value = "N", .description = "The row's index in the dataset", .default_value = "0"},
        {.name = "row", .value = "FEATURE=VALUE,...", .description = "The values to change (or the whole row)"},
        ProjectFlag(false)}},
      {"analyzers", "", "List the loaded analyzers and their parameters"},
      {"reload-plugins", "", "Rescan the plugin folders"},
      {"run",
       "",
       "Start a run of analyses on a dataset",
       {{.name = "file",
         .short_name = 'f',
         .value = "RUN.yaml|RUN.json",
         .description = "The run spec (proto JSON mapping of RunSpec, as JSON or YAML); flags override its fields"},
        {.name = "dataset", .value = "ID", .description = "The dataset to analyse"},
        {.name = "target", .value = "COLUMN", .description = "The column holding the true label or value"},
        TaskFlag("What the model predicts", ""),
        {.name = "prediction", .value = "COLUMN", .description = "Column holding the predictions"},
        {.name = "probability",
         .value = "COLUMN",
         .description = "Column holding a class probability",
         .repeatable = true},
        {.name = "model", .value = "NAME[@VERSION]", .description = "A registered model scores the rows instead"},
        {.name = "positive-class",
         .value = "LABEL",
         .description = "Binary: the label counted as positive",
         .default_value = "the last label in sorted order"},
        {.name = "analyzer",
         .value = "NAME[=JSON]",
         .description = "An analysis and its parameters (glassbox analyzers lists them)",
         .repeatable = true},
        {.name = "cohort", .value = "[NAME:]FILTER", .description = "A named subset of rows", .repeatable = true},
        {.name = "scorecard-config", .value = "FILE.json", .description = "Issue a scorecard as the run ends"},
        {.name = "name", .value = "NAME", .description = "The run's display name"},
        {.name = "watch", .description = "Follow the run's progress until it ends"},
        {.name = "dry-run", .description = "Check the run and print its spec as a run file; queue nothing"},
        ProjectFlag(false)}},
      {"watch", "RUN", "Follow a run's progress until it ends (exit 0 if it succeeded)"},
      {"runs", "", "List runs, newest first",
       With({{.name = "dataset", .value = "ID", .description = "Only runs of this dataset"},
             {.name = "state",
              .value = "STATE",
              .description = "Only runs in this state",
              .choices = EnumWords<glassbox::v1::RunState>()}},
            With(HistoryFilters(), {ProjectFlag(true)}))},
      {"show",
       "RUN",
       "Show a run and its insights",
       {{.name = "spec", .description = "Print only the run's spec, as a run file that glassbox run -f reruns"}}},
      {"scorecard",
       "RUN",
       "Issue a scorecard for a run",
       {{.name = "config", .value = "FILE.json", .description = "The scorecard configuration (Azure ML pdf_gen.json)"},
        output}},
      {"scorecards", "", "List scorecards, newest first",
       With({{.name = "run", .value = "RUN", .description = "Only scorecards of this run"}},
            With(HistoryFilters(), {ProjectFlag(true)}))},
      {"download", "SCORECARD", "Save an archived scorecard's PDF, byte for byte", {output}},
      {"lineage", "RESOURCE", "Where a run, insight or scorecard came from (runs/ID, insights/ID, scorecards/ID)"},
      {"history", "", "The runs and scorecards of a model", With(HistoryFilters(), {ProjectFlag(true)})},
      {"compare", "RUN OTHER_RUN",
       "Every metric two runs share with its delta, and their features' importance side by side"},
      {"audit",
       "",
       "The audit log, oldest first",
       {{.name = "principal", .value = "PRINCIPAL", .description = "Only this principal's events"},
        {.name = "action", .value = "ACTION", .description = "Only this action, e.g. CreateRun"},
        {.name = "resource", .value = "PREFIX", .description = "Only resources starting with PREFIX"},
        ProjectFlag(true)}},
      {"verify-audit", "", "Recompute the audit log's hash chain"},
      {"insight", "ID", "Show one insight"},
      {"cancel", "RUN", "Cancel a run"},
      {"completion", "bash|zsh", "Print the shell completion script", {}, false},
      {"help", "[COMMAND]", "Show the commands, or one command's flags", {}, false},
  };
}

template <typename Visit>
void ForEachFlag(Visit visit) {
  for (const auto& flag : CommonFlags()) visit(flag);
  for (const auto& command : Commands()) {
    for (const auto& flag : command.flags) visit(flag);
  }
}

}  // namespace

const std::vector<CommandSpec>& Commands() {
  static const auto* commands = new std::vector<CommandSpec>(MakeCommands());
  return *commands;
}

const std::vector<FlagSpec>& CommonFlags() {
  static const auto* flags = new std::vector<FlagSpec>{
      {.name = "address",
       .value = "HOST:PORT",
       .description = "The daemon's address",
       .default_value = "$GLASSBOX_ADDRESS, else 127.0.0.1:50051"},
      {.name = "json", .description = "Print the API's answer as JSON"},
      {.name = "token", .value = "TOKEN", .description = "Bearer token", .default_value = "$GLASSBOX_TOKEN"},
      {.name = "token-file",
       .value = "FILE",
       .description = "File holding the bearer token",
       .default_value = "$GLASSBOX_TOKEN_FILE"},
      {.name = "tls-ca",
       .value = "CA.pem",
       .description = "Use TLS, trusting this CA",
       .default_value = "$GLASSBOX_TLS_CA; none: plain text"},
      {.name = "tls-cert", .value = "CERT.pem", .description = "Client certificate (mutual TLS)"},
      {.name = "tls-key", .value = "KEY.pem", .description = "Client private key (mutual TLS)"},
      {.name = "help", .short_name = 'h', .description = "Show help"},
  };
  return *flags;
}

const CommandSpec* FindCommand(const std::string& name) {
  for (const auto& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

std::vector<std::string> CommandNames() {
  std::vector<std::string> names;
  for (const auto& command : Commands()) names.push_back(command.name);
  return names;
}

std::set<std::string> SwitchNames() {
  std::set<std::string> names;
  ForEachFlag([&](const FlagSpec& flag) {
    if (flag.value.empty()) names.insert(flag.name);
  });
  return names;
}

std::map<char, std::string> ShortNames() {
  std::map<char, std::string> names;
  ForEachFlag([&](const FlagSpec& flag) {
    if (flag.short_name != '\0') names[flag.short_name] = flag.name;
  });
  return names;
}

}  // namespace glassbox::cli
