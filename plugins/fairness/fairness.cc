// fairness: Fairlearn's MetricFrame on the run's rows (or one cohort). For
// each sensitive feature, and for their intersection when several are named,
// the requested metrics per group with their overall value, group min and
// max, and difference and ratio both between groups and to the overall value;
// for binary classification also demographic parity and equalized odds.
// Stakeholder targets for the differences and ratios give pass/fail verdicts.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "disparity.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/metrics.h"
#include "glassbox/sdk/parameter_spec.h"
#include "glassbox/sdk/report_declaration.h"
#include "glassbox/sdk/target.h"
#include "glassbox/v1/analyses/fairness.pb.h"
#include "group_scores.h"
#include "sensitive_groups.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;
using sdk::Metric;

// Bound on the groups of one feature or of the intersection, so that a
// high-cardinality column cannot explode the result.
constexpr int64_t kMaxGroups = 10000;

std::vector<std::string> MetricNames() {
  std::vector<std::string> names;
  for (const auto& info : sdk::AllMetrics()) names.emplace_back(info.name);
  return names;
}

// Reported per sensitive feature for binary classification, in this order.
constexpr const char* kParityMeasures[] = {"demographic_parity_difference", "demographic_parity_ratio",
                                           "equalized_odds_difference", "equalized_odds_ratio"};

std::vector<Metric> DefaultMetrics(glassbox::v1::TaskType task) {
  switch (task) {
    case glassbox::v1::BINARY_CLASSIFICATION:
      return {Metric::kCount,  Metric::kSelectionRate, Metric::kAccuracy,          Metric::kPrecision,
              Metric::kRecall, Metric::kF1,            Metric::kFalsePositiveRate, Metric::kFalseNegativeRate};
    case glassbox::v1::REGRESSION:
      return {Metric::kCount, Metric::kMeanAbsoluteError, Metric::kMeanSquaredError, Metric::kRootMeanSquaredError,
              Metric::kR2,    Metric::kMeanPrediction};
    default:
      return {Metric::kCount, Metric::kAccuracy, Metric::kPrecision, Metric::kRecall, Metric::kF1};
  }
}

std::string TaskName(glassbox::v1::TaskType task) {
  switch (task) {
    case glassbox::v1::BINARY_CLASSIFICATION: return "binary classification";
    case glassbox::v1::MULTICLASS_CLASSIFICATION: return "multiclass classification";
    case glassbox::v1::REGRESSION: return "regression";
    default: return "an unspecified task";
  }
}

absl::Status ParameterError(std::string_view parameter, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat("parameter '", std::string(parameter), "' ", message));
}

// The parameters, checked against each other and the task.
struct Settings {
  std::vector<std::string> sensitive_features;
  std::vector<Metric> metrics;
  Metric primary_metric = Metric::kCount;
  std::optional<glassbox::v1::Target> difference_target;
  std::optional<glassbox::v1::Target> ratio_target;
  std::string sample_weight_column;
  int num_bins = 0;
  std::string cohort;
};

absl::StatusOr<std::optional<glassbox::v1::Target>> ReadTarget(const sdk::Params& params, std::string_view name) {
  const std::string text = params.GetString(name);
  if (text.empty()) return std::nullopt;
  auto target = sdk::ParseTarget(text);
  if (!target.ok()) return ParameterError(name, absl::StrCat("is invalid: ", std::string(target.status().message())));
  return *target;
}

absl::StatusOr<Settings> ReadSettings(const sdk::Params& params, glassbox::v1::TaskType task) {
  Settings settings;
  settings.sensitive_features = params.GetStringList("sensitive_features");

  for (const auto& name : params.GetStringList("metrics")) {
    const auto metric = sdk::MetricNamed(name);
    if (!metric) {
      return ParameterError("metrics", absl::StrCat("has unknown metric '", name, "'; choose from ",
                                                    absl::StrJoin(MetricNames(), ", ")));
    }
    if (!sdk::MetricApplies(*metric, task)) {
      return ParameterError("metrics", absl::StrCat("has '", name, "', which does not apply to ", TaskName(task),
                                                    "; remove it"));
    }
    if (std::find(settings.metrics.begin(), settings.metrics.end(), *metric) == settings.metrics.end()) {
      settings.metrics.push_back(*metric);
    }
  }
  if (settings.metrics.empty()) settings.metrics = DefaultMetrics(task);

  const std::string primary = params.GetString("primary_metric");
  if (primary.empty()) {
    const auto first = std::find_if(settings.metrics.begin(), settings.metrics.end(),
                                    [](Metric metric) { return metric != Metric::kCount; });
    settings.primary_metric = first == settings.metrics.end() ? Metric::kCount : *first;
  } else {
    const auto metric = sdk::MetricNamed(primary);
    if (!metric || std::find(settings.metrics.begin(), settings.metrics.end(), *metric) == settings.metrics.end()) {
      std::vector<std::string> names;
      for (Metric m : settings.metrics) names.emplace_back(sdk::InfoOf(m).name);
      return ParameterError("primary_metric", absl::StrCat("is '", primary, "', which is not among the metrics (",
                                                           absl::StrJoin(names, ", "), "); choose one of them"));
    }
    settings.primary_metric = *metric;
  }

  auto difference_target = ReadTarget(params, "difference_target");
  if (!difference_target.ok()) return difference_target.status();
  settings.difference_target = *difference_target;
  auto ratio_target = ReadTarget(params, "ratio_target");
  if (!ratio_target.ok()) return ratio_target.status();
  settings.ratio_target = *ratio_target;

  settings.sample_weight_column = params.GetString("sample_weight_column");
  settings.num_bins = static_cast<int>(params.GetInt("num_bins"));
  settings.cohort = params.GetString("cohort");
  return settings;
}

// An upper bound on a column's groups: its categories or bins, and "(missing)".
int64_t MaxGroupsOf(const sdk::ColumnInfo& column, int num_bins) {
  return (column.type == sdk::ColumnType::kNumeric ? num_bins : static_cast<int64_t>(column.categories.size())) + 1;
}

// The weights of the table's rows, checked over `rows`; empty for unit weights.
absl::StatusOr<std::span<const double>> SampleWeights(const sdk::Table& table, const std::string& column_name,
                                                      std::span<const size_t> rows) {
  if (column_name.empty()) return std::span<const double>();
  const sdk::Column* column = table.Find(column_name);
  if (column == nullptr || !column->is_numeric()) {
    return ParameterError("sample_weight_column", absl::StrCat("'", column_name, "' is not a numeric column"));
  }
  const auto weights = column->values();
  double total = 0;
  for (size_t row : rows) {
    if (!std::isfinite(weights[row]) || weights[row] < 0) {
      return ParameterError("sample_weight_column",
                            absl::StrCat("column '", column_name, "' holds ", weights[row], " in data row ", row + 1,
                                         "; weights must be finite and >= 0"));
    }
    total += weights[row];
  }
  if (total <= 0) {
    return ParameterError("sample_weight_column", absl::StrCat("column '", column_name,
                                                               "' weighs the analysed rows 0 in total; give positive weights"));
  }
  return weights;
}

glassbox::v1::Verdict VerdictOf(double value, const std::optional<glassbox::v1::Target>& target) {
  if (!target) return glassbox::v1::VERDICT_UNSPECIFIED;
  return sdk::MeetsTarget(value, *target) ? glassbox::v1::PASS : glassbox::v1::FAIL;
}

// The metrics the analysis evaluates: those requested, then those parity
// measures need. Index i of `metrics` is column i of every GroupScores.
struct Evaluated {
  std::vector<Metric> metrics;

  size_t IndexOf(Metric metric) const {
    return static_cast<size_t>(std::find(metrics.begin(), metrics.end(), metric) - metrics.begin());
  }
  void Include(Metric metric) {
    if (IndexOf(metric) == metrics.size()) metrics.push_back(metric);
  }
};

std::vector<double> ValuesOf(const std::vector<GroupScores>& groups, size_t metric_index) {
  std::vector<double> values;
  values.reserve(groups.size());
  for (const auto& group : groups) values.push_back(group.values[metric_index]);
  return values;
}

analyses::SensitiveFeatureResult FeatureResult(const SensitiveGroups& groups, const std::vector<GroupScores>& scores,
                                               const GroupScores& overall, const Evaluated& evaluated,
                                               const Settings& settings, bool binary) {
  analyses::SensitiveFeatureResult result;
  result.set_name(groups.name);
  for (const auto& column : groups.columns) result.add_columns(column);
  for (const auto& binning : groups.binnings) {
    auto* out = result.add_binnings();
    out->set_column(binning.column);
    out->mutable_edges()->Add(binning.edges.begin(), binning.edges.end());
  }
  for (size_t g = 0; g < groups.groups.size(); ++g) {
    auto* group = result.add_groups();
    group->set_name(groups.groups[g]);
    for (const auto& value : groups.group_values[g]) group->add_values(value);
    group->set_count(scores[g].rows);
    group->set_weight(scores[g].weight);
    for (size_t m = 0; m < settings.metrics.size(); ++m) group->add_metric_values(scores[g].values[m]);
  }
  for (size_t m = 0; m < settings.metrics.size(); ++m) {
    const Disparity disparity = Disparities(ValuesOf(scores, m), overall.values[m]);
    auto* out = result.add_disparities();
    out->set_metric(std::string(sdk::InfoOf(settings.metrics[m]).name));
    out->set_overall(disparity.overall);
    out->set_group_min(disparity.group_min);
    out->set_group_max(disparity.group_max);
    out->set_difference(disparity.difference);
    out->set_ratio(disparity.ratio);
    out->set_difference_to_overall(disparity.difference_to_overall);
    out->set_ratio_to_overall(disparity.ratio_to_overall);
    // Targets concern disparities in outcomes, not in group sizes.
    if (settings.metrics[m] != Metric::kCount) {
      out->set_difference_verdict(VerdictOf(disparity.difference, settings.difference_target));
      out->set_ratio_verdict(VerdictOf(disparity.ratio, settings.ratio_target));
    }
  }
  if (binary) {
    auto disparity_of = [&](Metric metric) {
      const size_t index = evaluated.IndexOf(metric);
      return Disparities(ValuesOf(scores, index), overall.values[index]);
    };
    const Disparity selection = disparity_of(Metric::kSelectionRate);
    const Disparity tpr = disparity_of(Metric::kTruePositiveRate);
    const Disparity fpr = disparity_of(Metric::kFalsePositiveRate);
    auto* parity = result.mutable_parity();
    parity->set_demographic_parity_difference(selection.difference);
    parity->set_demographic_parity_ratio(selection.ratio);
    parity->set_equalized_odds_difference(std::fmax(tpr.difference, fpr.difference));
    parity->set_equalized_odds_ratio(std::fmin(tpr.ratio, fpr.ratio));
    parity->set_demographic_parity_difference_verdict(
        VerdictOf(parity->demographic_parity_difference(), settings.difference_target));
    parity->set_demographic_parity_ratio_verdict(VerdictOf(parity->demographic_parity_ratio(), settings.ratio_target));
    parity->set_equalized_odds_difference_verdict(
        VerdictOf(parity->equalized_odds_difference(), settings.difference_target));
    parity->set_equalized_odds_ratio_verdict(VerdictOf(parity->equalized_odds_ratio(), settings.ratio_target));
  }
  return result;
}

std::string Capitalized(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

void AddFeatureBlocks(const analyses::Fairness& fairness, const analyses::SensitiveFeatureResult& feature,
                      const Settings& settings, sdk::InsightBuilder& builder) {
  const std::string& name = feature.name();
  std::vector<std::string> columns = {name};
  for (Metric metric : settings.metrics) columns.emplace_back(sdk::InfoOf(metric).title);
  const auto primary_index = static_cast<size_t>(
      std::find(settings.metrics.begin(), settings.metrics.end(), settings.primary_metric) - settings.metrics.begin());
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> chart_groups;
  sdk::SeriesData primary{std::string(sdk::InfoOf(settings.primary_metric).name), {}};
  for (const auto& group : feature.groups()) {
    if (group.count() == 0) continue;
    rows.push_back({group.name()});
    for (double value : group.metric_values()) rows.back().emplace_back(value);
    chart_groups.push_back(group.name());
    primary.values.push_back(group.metric_values(static_cast<int>(primary_index)));
  }
  builder.AddTable(absl::StrCat("Metrics by ", name), std::move(columns), rows)
      .SetRole(glassbox::v1::PER_GROUP_METRICS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetFeature(name);

  rows.clear();
  for (const auto& d : feature.disparities()) {
    if (d.metric() == sdk::InfoOf(Metric::kCount).name) continue;
    rows.push_back({std::string(sdk::InfoOf(*sdk::MetricNamed(d.metric())).title), d.overall(), d.group_min(),
                    d.group_max(), d.difference(), d.ratio(), d.difference_to_overall(), d.ratio_to_overall()});
  }
  builder.AddTable(absl::StrCat("Disparities by ", name),
                   {"Metric", "Overall", "Group min", "Group max", "Difference", "Ratio", "Difference to overall",
                    "Ratio to overall"},
                   rows)
      .SetFeature(name);

  const std::string primary_title(sdk::InfoOf(settings.primary_metric).title);
  builder
      .AddBarChart(absl::StrCat(primary_title, " by ", name), std::move(chart_groups), {std::move(primary)}, name,
                   primary_title)
      .SetFeature(name);

  for (const auto& d : feature.disparities()) {
    if (d.metric() == sdk::InfoOf(Metric::kCount).name) continue;
    const std::string title(sdk::InfoOf(*sdk::MetricNamed(d.metric())).title);
    builder
        .AddMetric(absl::StrCat(title, " difference (", name, ")"),
                   absl::StrCat(d.metric(), " difference (", name, ")"), d.difference(), fairness.cohort(),
                   settings.difference_target)
        .SetDisplayName(absl::StrCat(title, " difference"))
        .SetFeature(name)
        .SetAggregate(glassbox::v1::AGGREGATE_DIFFERENCE, d.metric())
        .SetDirection(glassbox::v1::LOWER_IS_BETTER);
    builder
        .AddMetric(absl::StrCat(title, " ratio (", name, ")"), absl::StrCat(d.metric(), " ratio (", name, ")"),
                   d.ratio(), fairness.cohort(), settings.ratio_target)
        .SetDisplayName(absl::StrCat(title, " ratio"))
        .SetFeature(name)
        .SetAggregate(glassbox::v1::AGGREGATE_RATIO, d.metric())
        .SetDirection(glassbox::v1::HIGHER_IS_BETTER);
  }
  if (feature.has_parity()) {
    const auto& parity = feature.parity();
    const struct {
      const char* measure;
      double value;
      const std::optional<glassbox::v1::Target>& target;
      glassbox::v1::Direction direction;
    } measures[] = {
        {kParityMeasures[0], parity.demographic_parity_difference(), settings.difference_target,
         glassbox::v1::LOWER_IS_BETTER},
        {kParityMeasures[1], parity.demographic_parity_ratio(), settings.ratio_target, glassbox::v1::HIGHER_IS_BETTER},
        {kParityMeasures[2], parity.equalized_odds_difference(), settings.difference_target,
         glassbox::v1::LOWER_IS_BETTER},
        {kParityMeasures[3], parity.equalized_odds_ratio(), settings.ratio_target, glassbox::v1::HIGHER_IS_BETTER},
    };
    for (const auto& measure : measures) {
      std::string title = Capitalized(measure.measure);
      std::replace(title.begin(), title.end(), '_', ' ');
      builder
          .AddMetric(absl::StrCat(title, " (", name, ")"), absl::StrCat(measure.measure, " (", name, ")"),
                     measure.value, fairness.cohort(), measure.target)
          .SetDisplayName(title)
          .SetFeature(name)
          .SetDirection(measure.direction);
    }
  }
}

void DeclareReports(glassbox::v1::DeclaredGroupComparison& comparison) {
  comparison.set_measures_parameter("metrics");
  comparison.set_features_parameter("sensitive_features");
  comparison.set_intersection(true);
  comparison.add_uncompared_measures(std::string(sdk::InfoOf(Metric::kCount).name));
  for (auto task : {glassbox::v1::BINARY_CLASSIFICATION, glassbox::v1::MULTICLASS_CLASSIFICATION,
                    glassbox::v1::REGRESSION}) {
    for (Metric metric : DefaultMetrics(task)) {
      if (metric != Metric::kCount) *comparison.add_default_measures() = sdk::ReportedMetric(metric, {task});
    }
  }
  for (const char* measure : kParityMeasures) {
    *comparison.add_feature_metrics() = sdk::ReportedMetric(measure, {glassbox::v1::BINARY_CLASSIFICATION});
  }
}

class FairnessAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("fairness");
    info.set_version("1.0.0");
    info.set_description(
        "Fairlearn MetricFrame: metrics per group of each sensitive feature and of their intersection, with overall, "
        "group min/max, difference and ratio (between groups and to overall); demographic parity and equalized odds "
        "for binary classification; targets for the differences and ratios");
    *info.add_parameters() = sdk::ColumnListParameter(
        "sensitive_features",
        "Columns whose groups are compared, e.g. [\"sex\", \"race\"]; numeric ones are cut into quantile bins; "
        "several also give their intersection",
        true);
    *info.add_parameters() = sdk::StringListParameter(
        "metrics", "Metrics to compare across groups; empty for the task's defaults", MetricNames());
    *info.add_parameters() = sdk::StringParameter(
        "primary_metric", "The metric charted by group; empty for the first of 'metrics' other than count", "");
    *info.add_parameters() = sdk::ColumnParameter(
        "sample_weight_column", "Numeric column of non-negative sample weights; absent for equal weights", false);
    *info.add_parameters() =
        sdk::IntParameter("num_bins", "Quantile bins a numeric sensitive feature is cut into", 4, 2, 100);
    *info.add_parameters() = sdk::StringParameter(
        "difference_target", "Target for every between-groups difference, e.g. \"<=0.05\"; empty for none", "");
    *info.add_parameters() = sdk::StringParameter(
        "ratio_target", "Target for every between-groups ratio, e.g. \">=0.8\"; empty for none", "");
    *info.add_parameters() = sdk::CohortParameter();
    DeclareReports(*info.mutable_reports()->mutable_group_comparison());
    info.mutable_reports()->set_section(glassbox::v1::SCORECARD_SECTION_FAIRNESS);
    return info;
  }

  absl::Status Validate(const sdk::ValidationContext& context) const override {
    auto settings = ReadSettings(*context.params, context.task);
    if (!settings.ok()) return settings.status();
    int64_t intersection_groups = 1;
    for (const auto& name : settings->sensitive_features) {
      const sdk::ColumnInfo* column = context.FindColumn(name);
      if (column == nullptr) {
        return ParameterError("sensitive_features", absl::StrCat("names '", name, "', which is not a column"));
      }
      intersection_groups = std::min(intersection_groups * MaxGroupsOf(*column, settings->num_bins), kMaxGroups + 1);
    }
    if (intersection_groups > kMaxGroups) {
      return ParameterError("sensitive_features",
                            absl::StrCat("(", absl::StrJoin(settings->sensitive_features, ", "),
                                         ") can form more than ", kMaxGroups,
                                         " groups; name fewer columns or columns with fewer values"));
    }
    if (!settings->sample_weight_column.empty()) {
      const sdk::ColumnInfo* column = context.FindColumn(settings->sample_weight_column);
      if (column == nullptr || column->type != sdk::ColumnType::kNumeric) {
        return ParameterError("sample_weight_column",
                              absl::StrCat("'", settings->sample_weight_column, "' is not a numeric column"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    const sdk::Outcomes& outcomes = *context.outcomes;
    if (static_cast<size_t>(outcomes.y_pred.size()) != outcomes.num_rows()) {
      return absl::FailedPreconditionError("fairness needs predictions: give a prediction column or a model");
    }
    auto settings = ReadSettings(*context.params, outcomes.task);
    if (!settings.ok()) return settings.status();
    const std::vector<size_t> rows = context.RowsOf(settings->cohort);
    if (rows.empty()) {
      return absl::FailedPreconditionError(absl::StrCat("cohort '", settings->cohort, "' has no rows to analyse"));
    }
    auto weights = SampleWeights(*context.table, settings->sample_weight_column, rows);
    if (!weights.ok()) return weights.status();

    const bool binary = outcomes.task == glassbox::v1::BINARY_CLASSIFICATION;
    Evaluated evaluated{settings->metrics};
    if (binary) {
      for (Metric metric : {Metric::kSelectionRate, Metric::kTruePositiveRate, Metric::kFalsePositiveRate}) {
        evaluated.Include(metric);
      }
    }
    const GroupScorer scorer(outcomes, rows, *weights, evaluated.metrics);
    const GroupScores overall = scorer.ScoreAll();

    std::vector<SensitiveGroups> features;
    for (const auto& name : settings->sensitive_features) {
      const sdk::Column* column = context.table->Find(name);
      if (column == nullptr) return ParameterError("sensitive_features", absl::StrCat("'", name, "' is not a column"));
      features.push_back(GroupRows(*column, rows, settings->num_bins));
    }
    if (features.size() > 1) features.push_back(Intersect(features));

    analyses::Fairness result;
    result.set_cohort(settings->cohort);
    result.set_num_rows(static_cast<int64_t>(rows.size()));
    result.set_sample_weight_column(settings->sample_weight_column);
    for (Metric metric : settings->metrics) result.add_metrics(std::string(sdk::InfoOf(metric).name));
    result.set_primary_metric(std::string(sdk::InfoOf(settings->primary_metric).name));
    if (settings->difference_target) *result.mutable_difference_target() = *settings->difference_target;
    if (settings->ratio_target) *result.mutable_ratio_target() = *settings->ratio_target;
    for (size_t f = 0; f < features.size(); ++f) {
      if (context.cancelled()) return absl::CancelledError("fairness cancelled");
      const auto scores = scorer.Score(features[f].group_of_row, features[f].groups.size());
      *result.add_features() = FeatureResult(features[f], scores, overall, evaluated, *settings, binary);
      context.ReportProgress(static_cast<double>(f + 1) / static_cast<double>(features.size()));
    }

    builder.SetPayload(result);
    for (const auto& feature : result.features()) AddFeatureBlocks(result, feature, *settings, builder);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins

GLASSBOX_PLUGIN(glassbox::plugins::FairnessAnalyzer)
