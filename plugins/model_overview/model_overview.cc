// model_overview: the model's performance on all rows and on each cohort of
// the run, with scikit-learn's metric definitions. Classification: accuracy,
// precision, recall, F1, ROC AUC and log loss (with probabilities), the
// confusion matrix and, for binary tasks, selection rate and false
// positive/negative rates. Regression: MAE, MSE, RMSE, R² and the mean
// prediction. Also the distribution of the predictions.
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "feature_summary.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/metrics.h"
#include "glassbox/sdk/parameter_spec.h"
#include "glassbox/sdk/report_declaration.h"
#include "glassbox/v1/analyses/model_overview.pb.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;
using sdk::Metric;

constexpr char kAllRows[] = "All data";

analyses::ClassificationMetrics ClassificationOf(const sdk::Outcomes& outcomes, std::span<const size_t> rows,
                                                 const sdk::ConfusionCounts& counts) {
  const int averaging = sdk::DefaultAveraging(outcomes);
  analyses::ClassificationMetrics metrics;
  metrics.set_accuracy_score(counts.Accuracy());
  metrics.set_precision_score(counts.Precision(averaging));
  metrics.set_recall_score(counts.Recall(averaging));
  metrics.set_f1_score(counts.F1(averaging));
  if (outcomes.has_probabilities()) {
    metrics.set_roc_auc_score(sdk::RocAuc(outcomes, rows));
    metrics.set_log_loss(sdk::LogLoss(outcomes, rows));
  }
  if (averaging != sdk::kMacroAverage) {
    const sdk::BinaryCounts binary = counts.OneVsRest(averaging);
    metrics.set_selection_rate(binary.SelectionRate());
    metrics.set_false_positive_rate(binary.FalsePositiveRate());
    metrics.set_false_negative_rate(binary.FalseNegativeRate());
  }
  return metrics;
}

analyses::RegressionMetrics RegressionOf(const sdk::RegressionSums& sums) {
  analyses::RegressionMetrics metrics;
  metrics.set_mean_absolute_error(sums.MeanAbsoluteError());
  metrics.set_mean_squared_error(sums.MeanSquaredError());
  metrics.set_root_mean_squared_error(sums.RootMeanSquaredError());
  metrics.set_r2_score(sums.R2());
  metrics.set_mean_prediction(sums.MeanPrediction());
  return metrics;
}

analyses::CohortPerformance PerformanceOf(const sdk::Outcomes& outcomes, std::span<const size_t> rows) {
  analyses::CohortPerformance performance;
  performance.set_size(static_cast<int64_t>(rows.size()));
  if (!outcomes.is_classification()) {
    *performance.mutable_regression() = RegressionOf(sdk::RegressionSums::Of(outcomes, rows));
    return performance;
  }
  const sdk::ConfusionCounts counts = sdk::ConfusionCounts::Of(outcomes, rows);
  *performance.mutable_classification() = ClassificationOf(outcomes, rows, counts);
  auto* matrix = performance.mutable_confusion_matrix();
  for (const auto& label : outcomes.classes) matrix->add_classes(label);
  for (int t = 0; t < counts.num_classes(); ++t) {
    for (int p = 0; p < counts.num_classes(); ++p) matrix->add_counts(std::llround(counts.weight(t, p)));
  }
  return performance;
}

std::string IntervalLabel(double low, double high, bool closed) {
  return absl::StrCat("[", low, ", ", high, closed ? "]" : ")");
}

analyses::PredictionDistribution DistributionOf(const sdk::Outcomes& outcomes, int num_bins) {
  analyses::PredictionDistribution distribution;
  if (outcomes.is_classification()) {
    std::vector<int64_t> predicted(outcomes.classes.size(), 0);
    std::vector<int64_t> actual(outcomes.classes.size(), 0);
    for (size_t row = 0; row < outcomes.num_rows(); ++row) {
      ++predicted[static_cast<size_t>(outcomes.y_pred[row])];
      ++actual[static_cast<size_t>(outcomes.y_true[row])];
    }
    for (const auto& label : outcomes.classes) distribution.add_categories(label);
    distribution.mutable_predicted()->Add(predicted.begin(), predicted.end());
    distribution.mutable_actual()->Add(actual.begin(), actual.end());
    return distribution;
  }
  const Histogram histogram = EqualWidthHistogram({outcomes.y_pred.data(), outcomes.num_rows()}, num_bins);
  for (size_t bin = 0; bin < histogram.counts.size(); ++bin) {
    distribution.add_categories(
        IntervalLabel(histogram.edges[bin], histogram.edges[bin + 1], bin + 1 == histogram.counts.size()));
  }
  distribution.mutable_predicted()->Add(histogram.counts.begin(), histogram.counts.end());
  distribution.mutable_bin_edges()->Add(histogram.edges.begin(), histogram.edges.end());
  return distribution;
}

// A metric of a cohort as the blocks show it.
struct Score {
  std::string_view name;
  std::string_view title;
  double value;
  glassbox::v1::Direction direction = glassbox::v1::DIRECTION_UNSPECIFIED;
};

// Whether a model is better for a larger value; neither for rates that
// describe its decisions (selection rate) or its outputs (mean prediction).
glassbox::v1::Direction DirectionOf(Metric metric) {
  switch (metric) {
    case Metric::kAccuracy:
    case Metric::kPrecision:
    case Metric::kRecall:
    case Metric::kF1:
    case Metric::kTruePositiveRate:
    case Metric::kTrueNegativeRate:
    case Metric::kR2:
      return glassbox::v1::HIGHER_IS_BETTER;
    case Metric::kFalsePositiveRate:
    case Metric::kFalseNegativeRate:
    case Metric::kMeanAbsoluteError:
    case Metric::kMeanSquaredError:
    case Metric::kRootMeanSquaredError:
      return glassbox::v1::LOWER_IS_BETTER;
    default:
      return glassbox::v1::DIRECTION_UNSPECIFIED;
  }
}

// Metrics of probabilities, which sdk::Metric does not name.
constexpr char kRocAuc[] = "roc_auc_score";
constexpr char kLogLoss[] = "log_loss";

// The whole-data metrics ScoresOf gives, by task.
void DeclareReports(glassbox::v1::ReportDeclaration& reports) {
  const auto binary = glassbox::v1::BINARY_CLASSIFICATION;
  const auto multiclass = glassbox::v1::MULTICLASS_CLASSIFICATION;
  for (Metric metric : {Metric::kMeanAbsoluteError, Metric::kMeanSquaredError, Metric::kRootMeanSquaredError,
                        Metric::kR2, Metric::kMeanPrediction}) {
    *reports.add_metrics() = sdk::ReportedMetric(metric, {glassbox::v1::REGRESSION});
  }
  for (Metric metric : {Metric::kAccuracy, Metric::kPrecision, Metric::kRecall, Metric::kF1}) {
    *reports.add_metrics() = sdk::ReportedMetric(metric, {binary, multiclass});
  }
  sdk::DeclareMetrics(reports, {kRocAuc, kLogLoss}, {binary, multiclass}, /*needs_probabilities=*/true);
  for (Metric metric : {Metric::kSelectionRate, Metric::kFalsePositiveRate, Metric::kFalseNegativeRate}) {
    *reports.add_metrics() = sdk::ReportedMetric(metric, {binary});
  }
}

Score ScoreOf(Metric metric, double value) {
  return {sdk::InfoOf(metric).name, sdk::InfoOf(metric).title, value, DirectionOf(metric)};
}

std::vector<Score> ScoresOf(const analyses::CohortPerformance& performance) {
  if (performance.has_regression()) {
    const auto& m = performance.regression();
    return {ScoreOf(Metric::kMeanAbsoluteError, m.mean_absolute_error()),
            ScoreOf(Metric::kMeanSquaredError, m.mean_squared_error()),
            ScoreOf(Metric::kRootMeanSquaredError, m.root_mean_squared_error()), ScoreOf(Metric::kR2, m.r2_score()),
            ScoreOf(Metric::kMeanPrediction, m.mean_prediction())};
  }
  const auto& m = performance.classification();
  std::vector<Score> scores = {ScoreOf(Metric::kAccuracy, m.accuracy_score()),
                               ScoreOf(Metric::kPrecision, m.precision_score()),
                               ScoreOf(Metric::kRecall, m.recall_score()), ScoreOf(Metric::kF1, m.f1_score())};
  if (m.has_roc_auc_score()) scores.push_back({kRocAuc, "ROC AUC", m.roc_auc_score(), glassbox::v1::HIGHER_IS_BETTER});
  if (m.has_log_loss()) scores.push_back({kLogLoss, "Log loss", m.log_loss(), glassbox::v1::LOWER_IS_BETTER});
  if (m.has_selection_rate()) scores.push_back(ScoreOf(Metric::kSelectionRate, m.selection_rate()));
  if (m.has_false_positive_rate()) scores.push_back(ScoreOf(Metric::kFalsePositiveRate, m.false_positive_rate()));
  if (m.has_false_negative_rate()) scores.push_back(ScoreOf(Metric::kFalseNegativeRate, m.false_negative_rate()));
  return scores;
}

std::vector<Cell> CohortRow(const analyses::CohortPerformance& performance) {
  std::vector<Cell> row = {performance.cohort().empty() ? std::string(kAllRows) : performance.cohort(),
                           static_cast<double>(performance.size())};
  for (const Score& score : ScoresOf(performance)) row.emplace_back(score.value);
  return row;
}

void AddBlocks(const analyses::ModelOverview& overview, sdk::InsightBuilder& builder) {
  const std::vector<Score> overall = ScoresOf(overview.overall());
  for (const Score& score : overall) {
    builder.AddMetric(std::string(score.title), std::string(score.name), score.value)
        .SetDisplayName(std::string(score.title))
        .SetDirection(score.direction);
  }
  // Each cohort's size and metrics as typed blocks too, so any renderer can set cohorts side by side.
  for (const auto& cohort : overview.cohorts()) {
    const std::string_view count = sdk::InfoOf(Metric::kCount).name;
    builder
        .AddMetric(absl::StrCat("Rows in ", cohort.cohort()), std::string(count),
                   static_cast<double>(cohort.size()), cohort.cohort())
        .SetDisplayName("Rows")
        .SetUnit("rows");
    for (const Score& score : ScoresOf(cohort)) {
      builder
          .AddMetric(absl::StrCat(std::string(score.title), " on ", cohort.cohort()), std::string(score.name), score.value,
                     cohort.cohort())
          .SetDisplayName(std::string(score.title))
          .SetDirection(score.direction);
    }
  }

  std::vector<std::string> columns = {"Cohort", "Size"};
  for (const Score& score : overall) columns.emplace_back(score.title);
  std::vector<std::vector<Cell>> rows = {CohortRow(overview.overall())};
  for (const auto& cohort : overview.cohorts()) rows.push_back(CohortRow(cohort));
  builder.AddTable("Metrics by cohort", std::move(columns), rows)
      .SetRole(glassbox::v1::PER_GROUP_METRICS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(1, glassbox::v1::COLUMN_COUNT);

  const auto& distribution = overview.prediction_distribution();
  std::vector<std::string> categories(distribution.categories().begin(), distribution.categories().end());
  std::vector<sdk::SeriesData> series = {
      {"Predicted", std::vector<double>(distribution.predicted().begin(), distribution.predicted().end())}};
  if (overview.overall().has_confusion_matrix()) {
    const auto& matrix = overview.overall().confusion_matrix();
    const int k = matrix.classes_size();
    std::vector<std::vector<Cell>> cells;
    for (int t = 0; t < k; ++t) {
      cells.push_back({matrix.classes(t)});
      for (int p = 0; p < k; ++p) cells.back().emplace_back(static_cast<double>(matrix.counts(t * k + p)));
    }
    std::vector<std::string> headers = {"True \\ predicted"};
    headers.insert(headers.end(), matrix.classes().begin(), matrix.classes().end());
    builder.AddTable("Confusion matrix", std::move(headers), cells)
        .SetRole(glassbox::v1::CONFUSION_MATRIX)
        .SetColumnRole(0, glassbox::v1::COLUMN_LABEL);
    series.push_back({"Actual", std::vector<double>(distribution.actual().begin(), distribution.actual().end())});
    builder.AddBarChart("Prediction distribution", std::move(categories), std::move(series), "class", "rows");
  } else {
    builder.AddBarChart("Prediction distribution", std::move(categories), std::move(series), "prediction", "rows");
  }
}

class ModelOverviewAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("model_overview");
    info.set_version("1.0.0");
    info.set_description(
        "Model performance on all rows and each cohort, with scikit-learn's definitions: accuracy, precision, recall, "
        "F1, ROC AUC, log loss, confusion matrix, selection rate and error rates (classification); MAE, MSE, RMSE, "
        "R2 and mean prediction (regression); the distribution of the predictions");
    *info.add_parameters() =
        sdk::IntParameter("num_bins", "Equal-width bins of the prediction histogram (regression)", 10, 1, 100);
    DeclareReports(*info.mutable_reports());
    info.mutable_reports()->set_section(glassbox::v1::SCORECARD_SECTION_PERFORMANCE);
    return info;
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    const sdk::Outcomes& outcomes = *context.outcomes;
    if (static_cast<size_t>(outcomes.y_pred.size()) != outcomes.num_rows()) {
      return absl::FailedPreconditionError("model_overview needs predictions: give a prediction column or a model");
    }
    analyses::ModelOverview overview;
    overview.set_task(outcomes.task);
    for (const auto& label : outcomes.classes) overview.add_classes(label);
    if (outcomes.task == glassbox::v1::BINARY_CLASSIFICATION) {
      overview.set_positive_class(outcomes.classes[outcomes.positive_class]);
    }
    *overview.mutable_overall() = PerformanceOf(outcomes, context.RowsOf(""));
    const size_t num_cohorts = context.cohorts == nullptr ? 0 : context.cohorts->size();
    for (size_t i = 0; i < num_cohorts; ++i) {
      if (context.cancelled()) return absl::CancelledError("model_overview cancelled");
      const sdk::Cohort& cohort = (*context.cohorts)[i];
      auto* performance = overview.add_cohorts();
      *performance = PerformanceOf(outcomes, cohort.rows);
      performance->set_cohort(cohort.name);
      performance->set_filter(cohort.filter);
      context.ReportProgress(static_cast<double>(i + 1) / static_cast<double>(num_cohorts + 1));
    }
    *overview.mutable_prediction_distribution() =
        DistributionOf(outcomes, static_cast<int>(context.params->GetInt("num_bins")));
    builder.SetPayload(overview);
    AddBlocks(overview, builder);
    context.ReportProgress(1.0);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins

GLASSBOX_PLUGIN(glassbox::plugins::ModelOverviewAnalyzer)
