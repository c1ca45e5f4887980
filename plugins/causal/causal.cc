// causal: the average effect of each treatment feature on the outcome by
// double machine learning, as EconML's LinearDML, and where the effect varies
// over the groups of a heterogeneity feature, which groups gain from raising
// or lowering the treatment.
//
// For each treatment T, with confounders W (the other feature columns, or the
// `confounders` parameter, plus the heterogeneity feature): nuisance models
// for E[Y|W] and E[T|W] (ridge, or gradient-boosted trees) are cross-fitted
// over `cv` folds (folds.h, cross_fit.h), and the outcome residuals are
// regressed on the treatment residuals with HC0 standard errors
// (final_stage.h). A numeric treatment's effect is per unit;
// a categorical one with two values is taken as the 0/1 indicator of its
// second category (LinearDML with discrete_treatment=False on that column),
// so its effect is that of the second category against the first.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cross_fit.h"
#include "design.h"
#include "feature_columns.h"
#include "final_stage.h"
#include "folds.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/parameter_spec.h"
#include "glassbox/v1/analyses/causal.pb.h"
#include "policy.h"
#include "sensitive_groups.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;

// Bound on the groups of the heterogeneity feature: the final stage has one
// regressor per group.
constexpr size_t kMaxGroups = 100;

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void AppendNew(std::vector<std::string>& names, const std::vector<std::string>& more) {
  for (const auto& name : more) {
    if (!Contains(names, name)) names.push_back(name);
  }
}

absl::Status CheckTreatment(const sdk::ValidationContext& context, const std::string& name) {
  if (name == context.target_column) {
    return absl::InvalidArgumentError(absl::StrCat(
        "parameter 'treatments': '", name, "' is the target column, the outcome itself; name a feature column"));
  }
  if (absl::Status status = CheckFeatureColumns("treatments", {name}, context.feature_columns); !status.ok()) {
    return status;
  }
  const sdk::ColumnInfo* column = context.FindColumn(name);
  if (column->type == sdk::ColumnType::kCategorical && column->categories.size() != 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "parameter 'treatments': '", name, "' is categorical with ", column->categories.size(), " values (",
        absl::StrJoin(column->categories, ", "),
        "); a treatment must be numeric or have exactly two values, so name another column or a two-valued version "
        "of it"));
  }
  return absl::OkStatus();
}

absl::Status CheckHeterogeneityFeature(const sdk::ValidationContext& context, const std::string& name,
                                       const std::vector<std::string>& treatments) {
  if (absl::Status status = CheckFeatureColumns("heterogeneity_feature", {name}, context.feature_columns);
      !status.ok()) {
    return status;
  }
  if (Contains(treatments, name)) {
    return absl::InvalidArgumentError(absl::StrCat("parameter 'heterogeneity_feature': '", name,
                                                   "' is also a treatment; choose a feature that is not treated"));
  }
  const sdk::ColumnInfo* column = context.FindColumn(name);
  if (column->type == sdk::ColumnType::kCategorical && column->categories.size() > kMaxGroups) {
    return absl::InvalidArgumentError(absl::StrCat("parameter 'heterogeneity_feature': '", name, "' has ",
                                                   column->categories.size(), " categories; at most ", kMaxGroups,
                                                   " are supported, so choose a coarser feature"));
  }
  return absl::OkStatus();
}

// What the analysis of one treatment needs to know about it.
struct Treatment {
  std::string name;
  bool binary = false;
  // The features of its nuisance models.
  std::vector<std::string> confounders;
};

// The treatments named, each with its confounders: the listed ones, or every
// feature column, but itself; and the heterogeneity feature, if any.
std::vector<Treatment> ResolveTreatments(const sdk::AnalysisContext& context, const std::string& feature) {
  const sdk::Params& params = *context.params;
  const std::vector<std::string> listed = params.GetStringList("confounders");
  std::vector<Treatment> treatments;
  for (const auto& name : params.GetStringList("treatments")) {
    Treatment treatment{name, context.table->Find(name)->is_categorical(), {}};
    for (const auto& other : listed.empty() ? context.feature_columns : listed) {
      if (other != name) treatment.confounders.push_back(other);
    }
    if (!feature.empty()) AppendNew(treatment.confounders, {feature});
    treatments.push_back(std::move(treatment));
  }
  return treatments;
}

// The cohort's rows with a value in each of `features`; counts the others in `dropped`.
std::vector<size_t> CompleteRows(const sdk::Table& table, const std::vector<size_t>& rows,
                                 const std::vector<std::string>& features, int64_t& dropped) {
  std::vector<const sdk::Column*> columns;
  for (const auto& name : features) columns.push_back(table.Find(name));
  std::vector<size_t> complete;
  complete.reserve(rows.size());
  for (size_t row : rows) {
    if (std::none_of(columns.begin(), columns.end(), [&](const sdk::Column* c) { return c->IsMissing(row); })) {
      complete.push_back(row);
    }
  }
  dropped = static_cast<int64_t>(rows.size() - complete.size());
  return complete;
}

Eigen::VectorXd OutcomeOf(const sdk::Outcomes& outcomes, const std::vector<size_t>& rows) {
  Eigen::VectorXd y(static_cast<Eigen::Index>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    const double value = outcomes.y_true[static_cast<Eigen::Index>(rows[i])];
    y[static_cast<Eigen::Index>(i)] =
        outcomes.is_classification() ? (value == outcomes.positive_class ? 1.0 : 0.0) : value;
  }
  return y;
}

std::string OutcomeName(const sdk::AnalysisContext& context) {
  const sdk::Outcomes& outcomes = *context.outcomes;
  if (!outcomes.is_classification()) return context.target_column;
  return absl::StrCat("P(", context.target_column, " = ", outcomes.classes[outcomes.positive_class], ")");
}

// FAILED_PRECONDITION unless the treatment takes two values or more among `rows`.
absl::Status CheckVaries(const sdk::Column& column, const std::vector<size_t>& rows) {
  const bool varies = column.is_numeric()
                          ? std::any_of(rows.begin(), rows.end(),
                                        [&](size_t r) { return column.values()[r] != column.values()[rows[0]]; })
                          : std::any_of(rows.begin(), rows.end(),
                                        [&](size_t r) { return column.codes()[r] != column.codes()[rows[0]]; });
  if (varies) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("treatment '", column.name(),
                                                    "' takes a single value in the analysed rows; its effect cannot "
                                                    "be estimated there"));
}

NuisanceOptions NuisanceOptionsOf(const sdk::Params& params) {
  NuisanceOptions options;
  options.learner = params.GetString("nuisance_model") == "gradient_boosting" ? NuisanceOptions::Learner::kBoostedTrees
                                                                              : NuisanceOptions::Learner::kRidge;
  options.ridge_alpha = params.GetDouble("ridge_alpha");
  options.boosting = {.num_trees = static_cast<int>(params.GetInt("n_estimators")),
                      .learning_rate = params.GetDouble("learning_rate"),
                      .max_depth = static_cast<int>(params.GetInt("max_depth"))};
  return options;
}

// The payload with the analysis's settings filled in.
analyses::Causal Settings(const sdk::AnalysisContext& context, const NuisanceOptions& nuisance) {
  const sdk::Params& params = *context.params;
  analyses::Causal result;
  result.set_cohort(params.GetString("cohort"));
  result.set_outcome(OutcomeName(context));
  result.set_nuisance_model(params.GetString("nuisance_model"));
  if (nuisance.learner == NuisanceOptions::Learner::kRidge) {
    result.set_ridge_alpha(nuisance.ridge_alpha);
  } else {
    result.set_n_estimators(nuisance.boosting.num_trees);
    result.set_learning_rate(nuisance.boosting.learning_rate);
    result.set_max_depth(nuisance.boosting.max_depth);
  }
  result.set_cv(static_cast<int32_t>(params.GetInt("cv")));
  result.set_seed(params.GetInt("seed"));
  result.set_alpha(params.GetDouble("alpha"));
  result.set_heterogeneity_feature(params.GetString("heterogeneity_feature"));
  return result;
}

void SetEstimate(const Inference& inference, analyses::Estimate& estimate) {
  estimate.set_point(inference.point);
  estimate.set_standard_error(inference.standard_error);
  estimate.set_z(inference.z);
  estimate.set_p_value(inference.p_value);
  estimate.set_ci_lower(inference.ci_lower);
  estimate.set_ci_upper(inference.ci_upper);
}

// Fills `effect` from the residuals of the treatment's outcome model (column
// `first_model` of `fitted`) and of its treatment model (the next column).
void ReportTreatment(const Treatment& treatment, const sdk::Column& column, const CrossFitResult& fitted,
                     Eigen::Index first_model, const SensitiveGroups* groups, int64_t min_group_rows, double alpha,
                     analyses::TreatmentEffect& effect) {
  const Eigen::VectorXd outcome_residuals = fitted.residuals.col(first_model);
  const Eigen::VectorXd treatment_residuals = fitted.residuals.col(first_model + 1);
  effect.set_treatment(treatment.name);
  effect.set_binary(treatment.binary);
  if (treatment.binary) {
    effect.set_baseline(column.categories()[0]);
    effect.set_treated(column.categories()[1]);
  }
  for (const auto& name : treatment.confounders) effect.add_confounders(name);
  const Inference average = AverageEffect(outcome_residuals, treatment_residuals, alpha);
  SetEstimate(average, *effect.mutable_average_effect());
  effect.set_recommendation(Recommend(average));
  effect.set_outcome_model_r2(fitted.r2[first_model]);
  effect.set_treatment_model_r2(fitted.r2[first_model + 1]);
  if (groups == nullptr) return;

  const int num_groups = static_cast<int>(groups->groups.size());
  const auto group_effects =
      GroupEffects(outcome_residuals, treatment_residuals, groups->group_of_row, num_groups, min_group_rows, alpha);
  std::vector<int64_t> sizes(num_groups, 0);
  for (int32_t g : groups->group_of_row) ++sizes[g];
  for (int g = 0; g < num_groups; ++g) {
    analyses::GroupEffect& group = *effect.add_groups();
    group.set_group(groups->groups[g]);
    group.set_num_rows(sizes[g]);
    if (group_effects[g]) SetEstimate(*group_effects[g], *group.mutable_effect());
    group.set_recommendation(Recommend(group_effects[g]));
  }
}

void AddBlocks(const analyses::Causal& result, sdk::InsightBuilder& builder) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& treatment : result.treatments()) {
    const auto& effect = treatment.average_effect();
    const std::string change =
        treatment.binary() ? absl::StrCat(treatment.treated(), " vs ", treatment.baseline()) : std::string("+1 unit");
    rows.push_back({treatment.treatment(), change, effect.point(), effect.standard_error(), effect.p_value(),
                    effect.ci_lower(), effect.ci_upper()});
  }
  builder.AddTable(absl::StrCat("Average treatment effects on ", result.outcome(), " (", 100 * (1 - result.alpha()),
                                "% CI, LinearDML)"),
                   {"Treatment", "Change", "Effect", "Std. error", "p-value", "CI lower", "CI upper"}, rows)
      .SetRole(glassbox::v1::INTERVALS)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(2, glassbox::v1::COLUMN_ESTIMATE)
      .SetColumnRole(5, glassbox::v1::COLUMN_LOWER_BOUND)
      .SetColumnRole(6, glassbox::v1::COLUMN_UPPER_BOUND);

  for (const auto& treatment : result.treatments()) {
    if (!treatment.groups().empty()) {
      std::vector<std::string> groups;
      sdk::SeriesData point{"Effect", {}}, lower{"CI lower", {}}, upper{"CI upper", {}};
      for (const auto& group : treatment.groups()) {
        groups.push_back(group.group());
        const bool estimated = group.has_effect();
        point.values.push_back(estimated ? group.effect().point() : std::nan(""));
        lower.values.push_back(estimated ? group.effect().ci_lower() : std::nan(""));
        upper.values.push_back(estimated ? group.effect().ci_upper() : std::nan(""));
      }
      builder
          .AddBarChart(absl::StrCat("Effect of ", treatment.treatment(), " on ", result.outcome(), " by ",
                                    result.heterogeneity_feature()),
                       std::move(groups), {point, lower, upper}, result.heterogeneity_feature(), "Effect")
          .SetFeature(result.heterogeneity_feature());
    }
    builder.AddText(absl::StrCat("Treatment policy for ", treatment.treatment()),
                    PolicyText(treatment, result.outcome(), result.heterogeneity_feature(), result.alpha()));
  }
}

class CausalAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("causal");
    info.set_version("1.0.0");
    info.set_description(
        "Causal effects as EconML's LinearDML: for each treatment feature, the average effect on the outcome (the "
        "positive class's probability, or the regression target) of one more unit, or of its second category "
        "against its first, by cross-fitted double machine learning with ridge or gradient-boosting nuisance "
        "models and HC0 standard errors; the effect by the groups of a heterogeneity feature, and which groups gain "
        "from raising or "
        "lowering the treatment");
    info.set_requires_model(false);
    info.add_tasks(glassbox::v1::BINARY_CLASSIFICATION);
    info.add_tasks(glassbox::v1::REGRESSION);
    *info.add_parameters() = sdk::ColumnListParameter(
        "treatments", "Features whose effect is estimated: numeric, or categorical with two values", true);
    *info.add_parameters() = sdk::ColumnListParameter(
        "confounders", "Features the nuisance models adjust for; empty for every other feature column", false);
    *info.add_parameters() = sdk::ColumnParameter(
        "heterogeneity_feature", "Feature by whose groups (categories, or quantile bins) the effect is also estimated",
        false);
    *info.add_parameters() = sdk::IntParameter("heterogeneity_bins", "Quantile bins of a numeric heterogeneity feature",
                                               4, 1, static_cast<double>(kMaxGroups));
    *info.add_parameters() = sdk::IntParameter(
        "min_group_rows", "Groups of the heterogeneity feature with fewer rows get no estimate", 30, 2, std::nullopt);
    *info.add_parameters() = sdk::IntParameter("cv", "Folds of the cross-fitting", 5, 2, 100);
    *info.add_parameters() = sdk::IntParameter("seed", "Seed of the fold assignment", 0, 0, std::nullopt);
    *info.add_parameters() =
        sdk::DoubleParameter("alpha", "Significance level: confidence intervals cover 1 - alpha", 0.05, 0, 1);
    *info.add_parameters() = sdk::StringParameter(
        "nuisance_model",
        "Models of E[Y|W] and E[T|W]: ridge regression, or gradient-boosted trees (slower, for non-linear confounding)",
        "ridge", {"ridge", "gradient_boosting"});
    *info.add_parameters() = sdk::DoubleParameter(
        "ridge_alpha", "Penalty of the ridge nuisance models (scikit-learn's Ridge alpha)", 1.0, 0, std::nullopt);
    *info.add_parameters() =
        sdk::IntParameter("n_estimators", "Trees of the gradient-boosting nuisance models", 100, 1, 10000);
    *info.add_parameters() =
        sdk::DoubleParameter("learning_rate", "Learning rate of the gradient-boosting nuisance models", 0.1, 0, 1);
    *info.add_parameters() =
        sdk::IntParameter("max_depth", "Depth of the trees of the gradient-boosting nuisance models", 3, 1, 20);
    *info.add_parameters() = sdk::CohortParameter();
    info.mutable_reports()->set_treatments_parameter("treatments");
    info.mutable_reports()->set_section(glassbox::v1::SCORECARD_SECTION_CAUSAL);
    return info;
  }

  absl::Status Validate(const sdk::ValidationContext& context) const override {
    const sdk::Params& params = *context.params;
    const std::vector<std::string> treatments = params.GetStringList("treatments");
    // The host has refused a column list that names a column twice.
    for (const auto& treatment : treatments) {
      if (absl::Status status = CheckTreatment(context, treatment); !status.ok()) return status;
    }
    if (absl::Status status =
            CheckFeatureColumns("confounders", params.GetStringList("confounders"), context.feature_columns);
        !status.ok()) {
      return status;
    }
    if (const std::string feature = params.GetString("heterogeneity_feature"); !feature.empty()) {
      if (absl::Status status = CheckHeterogeneityFeature(context, feature, treatments); !status.ok()) return status;
    }
    const double alpha = params.GetDouble("alpha");
    if (!(alpha > 0 && alpha < 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter 'alpha' must be strictly between 0 and 1 (e.g. 0.05); got ", alpha));
    }
    if (!(params.GetDouble("learning_rate") > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter 'learning_rate' must be > 0 (e.g. 0.1); got ", params.GetDouble("learning_rate")));
    }
    if (!(params.GetDouble("ridge_alpha") > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter 'ridge_alpha' must be > 0 (e.g. 1.0); got ", params.GetDouble("ridge_alpha")));
    }
    return absl::OkStatus();
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    const sdk::Params& params = *context.params;
    const sdk::Table& table = *context.table;
    const NuisanceOptions nuisance = NuisanceOptionsOf(params);
    analyses::Causal result = Settings(context, nuisance);
    const std::string& feature = result.heterogeneity_feature();

    const std::vector<Treatment> treatments = ResolveTreatments(context, feature);
    std::vector<std::string> used;
    for (const auto& treatment : treatments) {
      AppendNew(used, {treatment.name});
      AppendNew(used, treatment.confounders);
    }

    int64_t dropped = 0;
    const std::vector<size_t> rows = CompleteRows(table, context.RowsOf(result.cohort()), used, dropped);
    result.set_num_rows(static_cast<int64_t>(rows.size()));
    result.set_num_rows_dropped(dropped);
    if (rows.size() < static_cast<size_t>(2 * result.cv())) {
      const std::string where = result.cohort().empty() ? "" : absl::StrCat(" of cohort '", result.cohort(), "'");
      return absl::FailedPreconditionError(absl::StrCat(rows.size(), " rows", where,
                                                        " have a value in every column involved; cross-fitting over ",
                                                        result.cv(), " folds needs at least ", 2 * result.cv()));
    }
    for (const auto& treatment : treatments) {
      if (absl::Status status = CheckVaries(*table.Find(treatment.name), rows); !status.ok()) return status;
    }

    const Design design(table, used, rows, OutcomeOf(*context.outcomes, rows));
    std::vector<NuisanceModel> models;
    for (const auto& treatment : treatments) {
      const std::vector<int> predictors = design.EntriesOf(treatment.confounders);
      const Design::Feature& column = *design.Find(treatment.name);
      models.push_back({predictors, design.outcome_entry()});
      models.push_back({predictors, column.first + (treatment.binary ? 1 : 0)});
    }
    CrossFitHooks hooks;
    hooks.progress = [&](double fraction, const std::string& message) {
      context.ReportProgress(0.9 * fraction, message);
    };
    hooks.cancelled = [&] { return context.cancelled(); };
    absl::StatusOr<CrossFitResult> fitted = CrossFit(
        design, AssignFolds(rows.size(), result.cv(), static_cast<uint64_t>(result.seed())), models, nuisance, hooks);
    if (!fitted.ok()) return fitted.status();

    std::optional<SensitiveGroups> groups;
    if (!feature.empty()) {
      groups = GroupRows(*table.Find(feature), rows, static_cast<int>(params.GetInt("heterogeneity_bins")));
      for (const auto& binning : groups->binnings) {
        for (double edge : binning.edges) result.add_heterogeneity_bin_edges(edge);
      }
    }

    for (size_t t = 0; t < treatments.size(); ++t) {
      ReportTreatment(treatments[t], *table.Find(treatments[t].name), *fitted, 2 * t, groups ? &*groups : nullptr,
                      params.GetInt("min_group_rows"), result.alpha(), *result.add_treatments());
    }

    builder.SetPayload(result);
    AddBlocks(result, builder);
    context.ReportProgress(1.0);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins

GLASSBOX_PLUGIN(glassbox::plugins::CausalAnalyzer)
