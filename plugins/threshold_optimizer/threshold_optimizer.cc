// threshold_optimizer: Fairlearn's ThresholdOptimizer as an analysis. For a
// binary task with positive-class scores (a model's, a remote model's or a
// probability column), it fits one randomised threshold rule per group of
// the sensitive feature that maximises the objective under the parity
// constraint on the fitted rows, and reports the rules, each group's rates
// before and after (expected and one seeded draw), the disparities, and the
// trade-off between objective and disparity.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/v1/analyses/threshold_optimizer.pb.h"
#include "numpy_uniform.h"
#include "rule_outcomes.h"
#include "sensitive_groups.h"
#include "settings.h"
#include "threshold_search.h"

namespace glassbox::plugins::threshold_optimizer {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;

// Samples of the objective-against-disparity curve of a simple constraint.
constexpr int kTradeoffSamples = 21;

// The groups that hold rows, renumbered densely.
struct FittedGroups {
  std::string feature;
  std::vector<std::string> names;
  std::vector<int32_t> group_of_row;
};

FittedGroups GroupsOf(const sdk::AnalysisContext& context, const Settings& settings,
                      const std::vector<size_t>& rows) {
  std::vector<SensitiveGroups> features;
  for (const auto& name : settings.sensitive_features) {
    features.push_back(GroupRows(*context.table->Find(name), rows, settings.num_bins));
  }
  SensitiveGroups groups = features.size() == 1 ? std::move(features.front()) : Intersect(features);
  std::vector<int32_t> renumbered(groups.groups.size(), -1);
  for (int32_t g : groups.group_of_row) renumbered[static_cast<size_t>(g)] = 0;
  FittedGroups fitted{groups.name, {}, {}};
  for (size_t g = 0; g < renumbered.size(); ++g) {
    if (renumbered[g] < 0) continue;
    renumbered[g] = static_cast<int32_t>(fitted.names.size());
    fitted.names.push_back(groups.groups[g]);
  }
  for (int32_t g : groups.group_of_row) fitted.group_of_row.push_back(renumbered[static_cast<size_t>(g)]);
  return fitted;
}

void SetRates(const Rates& rates, analyses::RateMetrics& out) {
  out.set_selection_rate(rates.selection_rate);
  out.set_true_positive_rate(rates.true_positive_rate);
  out.set_false_positive_rate(rates.false_positive_rate);
  out.set_accuracy(rates.accuracy);
}

void SetOperation(const ThresholdOperation& operation, analyses::ThresholdOperation& out) {
  out.set_operator_(operation.flipped ? "<" : ">");
  out.set_threshold(operation.threshold);
}

double Spread(const std::vector<GroupRates>& groups, double (*value)(const GroupRates&)) {
  double low = INFINITY;
  double high = -INFINITY;
  for (const auto& group : groups) {
    low = std::fmin(low, value(group));
    high = std::fmax(high, value(group));
  }
  return high - low;
}

template <Rates GroupRates::*kWhich>
analyses::Disparities DisparitiesOf(const std::vector<GroupRates>& groups, const Settings& settings) {
  analyses::Disparities out;
  out.set_selection_rate(Spread(groups, [](const GroupRates& g) { return (g.*kWhich).selection_rate; }));
  out.set_true_positive_rate(Spread(groups, [](const GroupRates& g) { return (g.*kWhich).true_positive_rate; }));
  out.set_false_positive_rate(Spread(groups, [](const GroupRates& g) { return (g.*kWhich).false_positive_rate; }));
  out.set_accuracy(Spread(groups, [](const GroupRates& g) { return (g.*kWhich).accuracy; }));
  if (!settings.search.constraint_metric) {
    out.set_constraint(std::fmax(out.true_positive_rate(), out.false_positive_rate()));
    return out;
  }
  switch (*settings.search.constraint_metric) {
    case RateMetric::kSelectionRate: out.set_constraint(out.selection_rate()); break;
    case RateMetric::kTruePositiveRate:
    case RateMetric::kFalseNegativeRate: out.set_constraint(out.true_positive_rate()); break;
    default: out.set_constraint(out.false_positive_rate()); break;
  }
  return out;
}

std::string OperationText(const analyses::ThresholdOperation& operation) {
  return absl::StrCat("score ", operation.operator_(), " ", absl::StrFormat("%.6g", operation.threshold()));
}

// The constraint's measure in words and as a metric name, e.g. ("Selection rate", "selection_rate").
std::pair<std::string, std::string> ConstraintMeasure(const Settings& settings) {
  if (!settings.search.constraint_metric) return {"Equalized odds", "equalized_odds"};
  switch (*settings.search.constraint_metric) {
    case RateMetric::kSelectionRate: return {"Selection rate", "selection_rate"};
    case RateMetric::kTruePositiveRate:
    case RateMetric::kFalseNegativeRate: return {"True positive rate", "true_positive_rate"};
    default: return {"False positive rate", "false_positive_rate"};
  }
}

void AddBlocks(const analyses::ThresholdOptimizer& result, const Settings& settings, sdk::InsightBuilder& builder) {
  const std::string& feature = result.sensitive_feature();
  std::vector<std::vector<Cell>> rows;
  for (const auto& rule : result.rules()) {
    rows.push_back({rule.group(), rule.constraint_value(), rule.p0(), OperationText(rule.operation0()), rule.p1(),
                    OperationText(rule.operation1()), rule.p_ignore(), rule.prediction_constant()});
  }
  builder
      .AddTable(absl::StrCat("Threshold rules by ", feature),
                {feature, "Constraint value", "p0", "Operation 0", "p1", "Operation 1", "p_ignore",
                 "Prediction constant"},
                rows)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetFeature(feature);

  rows.clear();
  for (const auto& group : result.groups()) {
    rows.push_back({group.group(), static_cast<double>(group.count())});
    for (const auto* rates : {&group.before(), &group.expected(), &group.measured()}) {
      rows.back().insert(rows.back().end(), {rates->selection_rate(), rates->true_positive_rate(),
                                             rates->false_positive_rate(), rates->accuracy()});
    }
  }
  std::vector<std::string> columns = {feature, "Count"};
  for (const char* when : {"before", "expected", "measured"}) {
    for (const char* rate : {"Selection rate", "TPR", "FPR", "Accuracy"}) columns.push_back(absl::StrCat(rate, " ", when));
  }
  builder.AddTable(absl::StrCat("Rates by ", feature, " before and after the rules"), std::move(columns), rows)
      .SetRole(glassbox::v1::PER_GROUP_METRICS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetFeature(feature);

  const auto [words, measure] = ConstraintMeasure(settings);
  const struct {
    const char* when;
    const analyses::Disparities& disparities;
  } stages[] = {{"before", result.before()}, {"expected after", result.expected()}, {"measured after", result.measured()}};
  // Values of measures of their own, not AGGREGATE_DIFFERENCE of the metric:
  // a scorecard's fairness target judges the run's model (the fairness
  // analyzer's blocks), never this before/after comparison of rules.
  for (const auto& stage : stages) {
    std::string stage_measure = absl::StrCat(measure, "_difference_", stage.when);
    std::replace(stage_measure.begin(), stage_measure.end(), ' ', '_');
    builder
        .AddMetric(absl::StrCat(words, " difference ", stage.when, " (", feature, ")"),
                   absl::StrCat(stage_measure, " (", feature, ")"), stage.disparities.constraint(), result.cohort())
        .SetDisplayName(absl::StrCat(words, " difference ", stage.when))
        .SetFeature(feature)
        .SetAggregate(glassbox::v1::AGGREGATE_VALUE, stage_measure)
        .SetDirection(glassbox::v1::LOWER_IS_BETTER);
  }
  builder.AddMetric(absl::StrCat("Best ", settings.objective, " on the grid"),
                    absl::StrCat(settings.objective, " at the optimum"), result.best_objective(), result.cohort())
      .SetDisplayName(absl::StrCat(settings.objective, " at the optimum"))
      .SetDirection(glassbox::v1::HIGHER_IS_BETTER);

  std::vector<std::string> categories;
  sdk::SeriesData objective{settings.objective, {}};
  for (const auto& point : result.tradeoff()) {
    categories.push_back(absl::StrFormat("%.3f", point.disparity()));
    objective.values.push_back(point.objective());
  }
  const bool odds = !settings.search.constraint_metric;
  builder
      .AddLineChart(odds ? "Objective along the common ROC curve" : "Objective against allowed disparity",
                    std::move(categories), {std::move(objective)},
                    odds ? "Common false positive rate" : absl::StrCat(words, " difference allowed"),
                    settings.objective)
      .SetFeature(feature);
}

class ThresholdOptimizerAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("threshold_optimizer");
    info.set_version("1.0.0");
    info.set_description(
        "Fairlearn ThresholdOptimizer: per-group randomised thresholds on the positive-class score that maximise "
        "the objective under a parity constraint on the fitted rows; rules, rates before and after, disparities "
        "and the objective/disparity trade-off");
    info.add_tasks(glassbox::v1::BINARY_CLASSIFICATION);
    for (auto& spec : ParameterSpecs()) *info.add_parameters() = std::move(spec);
    return info;
  }

  absl::Status Validate(const sdk::ValidationContext& context) const override {
    auto settings = ReadSettings(*context.params);
    if (!settings.ok()) return settings.status();
    if (context.task != glassbox::v1::BINARY_CLASSIFICATION) {
      return absl::InvalidArgumentError("threshold_optimizer needs a binary classification task");
    }
    int64_t groups = 1;
    for (const auto& name : settings->sensitive_features) {
      const sdk::ColumnInfo* column = context.FindColumn(name);
      if (column == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("parameter 'sensitive_features' names '", name, "', which is not a column"));
      }
      const int64_t values = (column->type == sdk::ColumnType::kNumeric
                                  ? settings->num_bins
                                  : static_cast<int64_t>(column->categories.size())) + 1;
      groups = std::min(groups * values, kMaxGroups + 1);
    }
    if (groups > kMaxGroups) {
      return absl::InvalidArgumentError(absl::StrCat("parameter 'sensitive_features' can form more than ", kMaxGroups,
                                                     " groups; name fewer columns or columns with fewer values"));
    }
    if (groups * (settings->search.grid_size + 1) > kMaxGridCells) {
      return absl::InvalidArgumentError(absl::StrCat(
          "parameter 'grid_size' is ", settings->search.grid_size, " for up to ", groups,
          " groups, more than ", kMaxGridCells, " grid cells in all; give a grid_size of at most ",
          kMaxGridCells / groups - 1));
    }
    return absl::OkStatus();
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    const sdk::Outcomes& outcomes = *context.outcomes;
    if (outcomes.task != glassbox::v1::BINARY_CLASSIFICATION) {
      return absl::FailedPreconditionError("threshold_optimizer needs a binary classification task");
    }
    if (!outcomes.has_probabilities() || static_cast<size_t>(outcomes.y_pred.size()) != outcomes.num_rows()) {
      return absl::FailedPreconditionError(
          "threshold_optimizer needs positive-class scores: give a probability column or a model");
    }
    auto settings = ReadSettings(*context.params);
    if (!settings.ok()) return settings.status();
    for (const auto& name : settings->sensitive_features) {
      if (context.table->Find(name) == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("parameter 'sensitive_features' names '", name, "', which is not a column"));
      }
    }
    const std::vector<size_t> rows = context.RowsOf(settings->cohort);
    if (rows.empty()) {
      return absl::FailedPreconditionError(absl::StrCat("cohort '", settings->cohort, "' has no rows to fit on"));
    }
    const FittedGroups groups = GroupsOf(context, *settings, rows);
    if (groups.names.size() > static_cast<size_t>(kMaxGroups)) {
      return absl::FailedPreconditionError(
          absl::StrCat("the sensitive features form ", groups.names.size(), " groups, more than ", kMaxGroups));
    }

    const Eigen::VectorXd scores = outcomes.PositiveScores();
    const double positive = outcomes.positive_class;
    FittedRows fitted;
    std::vector<GroupData> data(groups.names.size());
    for (size_t g = 0; g < data.size(); ++g) data[g].name = groups.names[g];
    for (size_t i = 0; i < rows.size(); ++i) {
      const double score = scores[static_cast<Eigen::Index>(rows[i])];
      if (!std::isfinite(score)) {
        return absl::FailedPreconditionError(absl::StrCat("the positive-class score of data row ", rows[i] + 1, " is ",
                                                          score, "; threshold_optimizer needs finite scores"));
      }
      const int label = outcomes.y_true[static_cast<Eigen::Index>(rows[i])] == positive ? 1 : 0;
      const int32_t group = groups.group_of_row[i];
      fitted.scores.push_back(score);
      fitted.labels.push_back(label);
      fitted.decisions.push_back(outcomes.y_pred[static_cast<Eigen::Index>(rows[i])] == positive ? 1 : 0);
      fitted.groups.push_back(group);
      data[static_cast<size_t>(group)].scores.push_back(score);
      data[static_cast<size_t>(group)].labels.push_back(label);
    }
    fitted.draws = NumpyUniforms(settings->seed, rows.size());
    context.ReportProgress(0.1, "fitting the rules");

    auto search = SearchThresholds(data, settings->search);
    if (!search.ok()) return search.status();
    if (context.cancelled()) return absl::CancelledError("threshold_optimizer cancelled");
    context.ReportProgress(0.5, "tracing the trade-off curve");
    auto tradeoff = TradeoffCurve(data, settings->search, kTradeoffSamples);
    if (!tradeoff.ok()) return tradeoff.status();
    const std::vector<GroupRates> rates = RatesByGroup(fitted, search->rules);

    analyses::ThresholdOptimizer result;
    result.set_cohort(settings->cohort);
    result.set_num_rows(static_cast<int64_t>(rows.size()));
    result.set_sensitive_feature(groups.feature);
    result.set_constraints(settings->constraints);
    result.set_objective(settings->objective);
    result.set_grid_size(settings->search.grid_size);
    result.set_flip(settings->search.flip);
    result.set_tolerance(settings->search.tolerance);
    result.set_seed(settings->seed);
    result.set_best_constraint_value(search->best_x);
    result.set_best_true_positive_rate(search->best_y);
    result.set_best_objective(search->best_objective);
    for (size_t g = 0; g < data.size(); ++g) {
      const GroupRule& rule = search->rules[g];
      auto* out = result.add_rules();
      out->set_group(groups.names[g]);
      out->set_p0(rule.p0);
      SetOperation(rule.operation0, *out->mutable_operation0());
      out->set_p1(rule.p1);
      SetOperation(rule.operation1, *out->mutable_operation1());
      out->set_p_ignore(rule.p_ignore);
      out->set_prediction_constant(rule.prediction_constant);
      out->set_constraint_value(search->constraint_values[g]);
      auto* outcome = result.add_groups();
      outcome->set_group(groups.names[g]);
      outcome->set_count(rates[g].count);
      SetRates(rates[g].before, *outcome->mutable_before());
      SetRates(rates[g].expected, *outcome->mutable_expected());
      SetRates(rates[g].measured, *outcome->mutable_measured());
    }
    *result.mutable_before() = DisparitiesOf<&GroupRates::before>(rates, *settings);
    *result.mutable_expected() = DisparitiesOf<&GroupRates::expected>(rates, *settings);
    *result.mutable_measured() = DisparitiesOf<&GroupRates::measured>(rates, *settings);
    for (const auto& sample : *tradeoff) {
      auto* point = result.add_tradeoff();
      point->set_disparity(sample.disparity);
      point->set_objective(sample.objective);
    }
    builder.SetPayload(result);
    AddBlocks(result, *settings, builder);
    context.ReportProgress(1.0);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins::threshold_optimizer

GLASSBOX_PLUGIN(glassbox::plugins::threshold_optimizer::ThresholdOptimizerAnalyzer)
