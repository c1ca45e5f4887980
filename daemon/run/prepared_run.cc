#include "daemon/run/prepared_run.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/data/schema.h"
#include "daemon/run/cohort_filter.h"
#include "daemon/run/model_task_fit.h"
#include "daemon/run/outcomes.h"
#include "daemon/run/parameter_validation.h"

namespace glassbox::run {
namespace {

absl::Status Prefixed(const absl::Status& status, const std::string& field) {
  return absl::Status(status.code(), absl::StrCat(field, ": ", status.message()));
}

absl::StatusOr<std::vector<sdk::Cohort>> EvaluateCohorts(const glassbox::v1::RunSpec& spec, const sdk::Table& table) {
  std::vector<sdk::Cohort> cohorts;
  std::set<std::string> names;
  for (int i = 0; i < spec.cohorts_size(); ++i) {
    const auto& cohort = spec.cohorts(i);
    std::string field = absl::StrCat("cohorts[", i, "]");
    if (cohort.name().empty()) return absl::InvalidArgumentError(absl::StrCat(field, ".name is empty; name the cohort"));
    if (!names.insert(cohort.name()).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".name: '", cohort.name(),
                                                     "' is used by an earlier cohort; cohort names must be unique"));
    }
    std::string filter_field = absl::StrCat(field, ".filter ('", cohort.name(), "')");
    auto conditions = ParseCohortFilter(cohort.filter());
    if (!conditions.ok()) return Prefixed(conditions.status(), filter_field);
    auto rows = SelectRows(table, *conditions);
    if (!rows.ok()) return Prefixed(rows.status(), filter_field);
    if (rows->empty()) {
      return absl::FailedPreconditionError(absl::StrCat(filter_field, ": '", cohort.filter(), "' selects 0 of the ",
                                                        table.num_rows(), " rows; a cohort needs rows to measure"));
    }
    cohorts.push_back({cohort.name(), cohort.filter(), *std::move(rows)});
  }
  return cohorts;
}

bool HandlesTask(const glassbox::v1::Analyzer& analyzer, glassbox::v1::TaskType task) {
  return analyzer.tasks().empty() || std::find(analyzer.tasks().begin(), analyzer.tasks().end(), task) != analyzer.tasks().end();
}

}  // namespace

absl::StatusOr<PreparedRun> PrepareRun(const glassbox::v1::RunSpec& spec, std::shared_ptr<const sdk::Table> table,
                                       const plugins::PluginHost& host, std::shared_ptr<const sdk::Model> model) {
  if (spec.analyses().empty()) {
    return absl::InvalidArgumentError("analyses is empty; name at least one analyzer (ListAnalyzers shows them)");
  }
  if (model == nullptr && !spec.has_predictions()) {
    return absl::InvalidArgumentError("neither a model nor predictions is set; give predictions.prediction_column "
                                      "or reference a registered model");
  }
  if (spec.has_predictions() && spec.predictions().prediction_column().empty()) {
    return absl::InvalidArgumentError(
        "predictions.prediction_column is empty; name the column holding the model's predictions");
  }
  PreparedRun run;
  run.table = table;
  run.target_column = spec.target_column();
  run.model = model;
  run.needs_scoring = model != nullptr && !spec.has_predictions();
  OutcomeColumns columns{spec.target_column(), spec.task(), spec.predictions().prediction_column(),
                         {spec.predictions().probability_columns().begin(), spec.predictions().probability_columns().end()},
                         spec.positive_class()};
  if (model != nullptr) {
    columns.extra_classes = model->info().classes;
    if (auto status = CheckModelFitsTask(model->info(), spec.model().name(), spec.task(), *table, spec.target_column());
        !status.ok()) {
      return status;
    }
  }
  auto outcomes = ResolveOutcomes(*table, columns);
  if (!outcomes.ok()) return outcomes.status();
  run.outcomes = *std::move(outcomes);

  if (model != nullptr) {
    run.feature_columns = model->info().feature_names;
  } else {
    std::set<std::string> excluded = {spec.target_column(), spec.predictions().prediction_column()};
    excluded.insert(spec.predictions().probability_columns().begin(), spec.predictions().probability_columns().end());
    for (const auto& name : table->ColumnNames()) {
      if (!excluded.contains(name)) run.feature_columns.push_back(name);
    }
  }

  auto cohorts = EvaluateCohorts(spec, *table);
  if (!cohorts.ok()) return cohorts.status();
  run.cohorts = *std::move(cohorts);

  sdk::ValidationContext validation;
  validation.columns = data::ColumnInfos(*table);
  validation.target_column = spec.target_column();
  validation.feature_columns = run.feature_columns;
  validation.task = spec.task();
  validation.classes = run.outcomes.classes;
  validation.num_rows = run.table->num_rows();
  validation.model = model == nullptr ? nullptr : &model->info();
  for (const auto& cohort : run.cohorts) validation.cohorts.push_back(cohort.name);

  for (int i = 0; i < spec.analyses_size(); ++i) {
    const auto& analysis = spec.analyses(i);
    std::string field = absl::StrCat("analyses[", i, "]");
    auto plugin = host.Find(analysis.analyzer());
    if (plugin == nullptr) {
      std::vector<std::string> names;
      for (const auto& loaded : host.List()) names.push_back(loaded->descriptor.name());
      return absl::InvalidArgumentError(absl::StrCat(field, ".analyzer: no analyzer named '", analysis.analyzer(),
                                                     "' is loaded (available: ", absl::StrJoin(names, ", "), ")"));
    }
    const auto& descriptor = plugin->descriptor;
    if (descriptor.requires_model() && model == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(field, ": analyzer '", descriptor.name(),
                                                        "' queries a model, but this run has only prediction columns; "
                                                        "register a model and reference it"));
    }
    if (!HandlesTask(descriptor, spec.task())) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": analyzer '", descriptor.name(), "' does not handle task ",
                                                     glassbox::v1::TaskType_Name(spec.task())));
    }
    auto params = ValidateParameters(descriptor, analysis.params(), validation, absl::StrCat(field, ".params"));
    if (!params.ok()) return params.status();
    sdk::Params checked(*std::move(params));
    validation.params = &checked;
    auto status = CallValidate(*plugin, validation);
    validation.params = nullptr;
    if (!status.ok()) {
      if (status.code() == absl::StatusCode::kInternal) return Prefixed(status, field);
      return Prefixed(status, absl::StrCat(field, ".params"));
    }
    run.analyses.push_back({plugin, std::move(checked)});
  }
  return run;
}

absl::Status ScoreWithModel(PreparedRun& run) {
  if (!run.needs_scoring) return absl::OkStatus();
  auto scores = run.model->Predict(*run.table);
  if (!scores.ok()) return absl::Status(scores.status().code(), absl::StrCat("model: ", scores.status().message()));
  sdk::Outcomes& outcomes = run.outcomes;
  const Eigen::Index rows = static_cast<Eigen::Index>(run.table->num_rows());
  if (scores->rows() != rows) {
    return absl::InternalError(absl::StrCat("model: returned ", scores->rows(), " rows of scores for ", rows, " rows"));
  }
  if (!outcomes.is_classification()) {
    outcomes.y_pred = scores->col(0);
    run.needs_scoring = false;
    return absl::OkStatus();
  }
  const auto& model_classes = run.model->info().classes;
  if (static_cast<size_t>(scores->cols()) != model_classes.size()) {
    return absl::InternalError(absl::StrCat("model: returned ", scores->cols(), " score columns for ",
                                            model_classes.size(), " classes"));
  }
  outcomes.probabilities = Eigen::MatrixXd::Zero(rows, static_cast<Eigen::Index>(outcomes.classes.size()));
  for (size_t j = 0; j < model_classes.size(); ++j) {
    auto it = std::find(outcomes.classes.begin(), outcomes.classes.end(), model_classes[j]);
    outcomes.probabilities.col(it - outcomes.classes.begin()) = scores->col(static_cast<Eigen::Index>(j));
  }
  outcomes.y_pred.resize(rows);
  for (Eigen::Index row = 0; row < rows; ++row) {
    Eigen::Index best = 0;
    if (outcomes.task == glassbox::v1::BINARY_CLASSIFICATION) {
      best = outcomes.probabilities(row, outcomes.positive_class) >= 0.5 ? outcomes.positive_class
                                                                          : 1 - outcomes.positive_class;
    } else {
      outcomes.probabilities.row(row).maxCoeff(&best);
    }
    outcomes.y_pred[row] = static_cast<double>(best);
  }
  run.needs_scoring = false;
  return absl::OkStatus();
}

absl::StatusOr<glassbox::v1::Insight> ExecuteAnalysis(
    const PreparedRun& run, size_t index, std::function<void(double, std::string_view)> report_progress,
    const std::atomic<bool>* cancel_requested) {
  return ExecuteAnalysis(run, index, run.model.get(), std::move(report_progress), cancel_requested);
}

absl::StatusOr<glassbox::v1::Insight> ExecuteAnalysis(
    const PreparedRun& run, size_t index, const sdk::Model* model,
    std::function<void(double, std::string_view)> report_progress, const std::atomic<bool>* cancel_requested) {
  const PreparedAnalysis& analysis = run.analyses[index];
  sdk::AnalysisContext context;
  context.table = run.table.get();
  context.target_column = run.target_column;
  context.feature_columns = run.feature_columns;
  context.outcomes = &run.outcomes;
  context.cohorts = &run.cohorts;
  context.params = &analysis.params;
  context.model = model;
  context.report_progress = std::move(report_progress);
  context.cancel_requested = cancel_requested;
  sdk::InsightBuilder builder;
  auto status = CallAnalyze(*analysis.plugin, context, builder);
  if (!status.ok()) return status;
  glassbox::v1::Insight insight = builder.Release();
  insight.set_analyzer(analysis.plugin->descriptor.name());
  insight.set_analyzer_version(analysis.plugin->descriptor.version());
  insight.set_plugin_sha256(analysis.plugin->descriptor.library_sha256());
  return insight;
}

}  // namespace glassbox::run
