#include "presentation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "settings.h"

namespace glassbox::plugins::explanations {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;

constexpr char kAllRows[] = "All data";

bool IsBinary(const analyses::Explanations& payload) {
  return payload.outputs_size() == 1 && !payload.outputs(0).empty();
}

std::string SpaceName(const analyses::Explanations& payload) {
  switch (payload.output_space()) {
    case analyses::OUTPUT_SPACE_MARGIN:
      return IsBinary(payload) ? absl::StrCat("log-odds of '", payload.outputs(0), "'") : "margin";
    case analyses::OUTPUT_SPACE_PROBABILITY:
      return IsBinary(payload) ? absl::StrCat("probability of '", payload.outputs(0), "'") : "class probability";
    case analyses::OUTPUT_SPACE_PREDICTION:
      return "prediction";
    default:
      return "";
  }
}

std::string ImportanceLabel(const analyses::Explanations& payload) {
  if (payload.method() == kPermutation) return absl::StrCat("mean drop in ", payload.scoring());
  return absl::StrCat("mean |SHAP value| (", SpaceName(payload), ")");
}

std::string MethodText(const analyses::Explanations& payload) {
  const int64_t rows = payload.overall().size();
  if (payload.method() == kPermutation) {
    return absl::StrCat("Permutation importance as scikit-learn defines it: the drop in ", payload.scoring(),
                        " when one feature's values are shuffled across the ", rows, " rows, averaged over ",
                        payload.n_repeats(), " shuffles. Baseline ", payload.scoring(), ": ",
                        payload.overall().baseline_score(), ".");
  }
  if (payload.method() == kTreeShap) {
    return absl::StrCat(
        "Exact TreeSHAP values (path-dependent, as SHAP's TreeExplainer and XGBoost's pred_contribs) "
        "in the model's ",
        SpaceName(payload), "; a feature's importance is its mean |SHAP value| over the ", rows, " rows.");
  }
  return absl::StrCat("KernelSHAP values (SHAP's KernelExplainer) of the ", SpaceName(payload), " against ",
                      payload.background_size(),
                      " background rows; a feature's importance is its mean |SHAP value| "
                      "over the ",
                      rows, " rows explained.");
}

std::vector<const analyses::CohortImportance*> Scopes(const analyses::Explanations& payload) {
  std::vector<const analyses::CohortImportance*> scopes = {&payload.overall()};
  for (const auto& cohort : payload.cohorts()) scopes.push_back(&cohort);
  return scopes;
}

std::string ScopeName(const analyses::CohortImportance& scope) {
  return scope.cohort().empty() ? kAllRows : scope.cohort();
}

const analyses::FeatureImportance* FindFeature(const analyses::CohortImportance& scope, const std::string& name) {
  for (const auto& feature : scope.features()) {
    if (feature.feature() == name) return &feature;
  }
  return nullptr;
}

void AddImportanceChart(const analyses::Explanations& payload, int top_n, sdk::InsightBuilder& builder) {
  const auto& overall = payload.overall().features();
  const int shown = std::min(top_n, overall.size());
  std::vector<std::string> categories;
  for (int i = 0; i < shown; ++i) categories.push_back(overall[i].feature());
  std::vector<sdk::SeriesData> series;
  for (const auto* scope : Scopes(payload)) {
    sdk::SeriesData& data = series.emplace_back();
    data.name = ScopeName(*scope);
    for (const std::string& name : categories) {
      const auto* feature = FindFeature(*scope, name);
      data.values.push_back(feature == nullptr ? std::nan("") : feature->importance());
    }
  }
  builder
      .AddBarChart(absl::StrCat("Top ", shown, " features by ", ImportanceLabel(payload)), std::move(categories),
                   std::move(series), "feature", ImportanceLabel(payload))
      .SetRole(glassbox::v1::FEATURE_IMPORTANCE);
}

void AddImportanceTable(const analyses::Explanations& payload, sdk::InsightBuilder& builder) {
  const bool with_std = payload.method() == kPermutation;
  const auto scopes = Scopes(payload);
  std::vector<std::string> columns = {"Feature"};
  for (const auto* scope : scopes) {
    columns.push_back(ScopeName(*scope));
    if (with_std) columns.push_back(absl::StrCat(ScopeName(*scope), " std"));
  }
  std::vector<std::vector<Cell>> rows;
  for (const auto& feature : payload.overall().features()) {
    std::vector<Cell>& row = rows.emplace_back();
    row.emplace_back(feature.feature());
    for (const auto* scope : scopes) {
      const auto* found = FindFeature(*scope, feature.feature());
      row.emplace_back(found == nullptr ? std::nan("") : found->importance());
      if (with_std) row.emplace_back(found == nullptr ? std::nan("") : found->std());
    }
  }
  builder.AddTable(absl::StrCat("Feature importance (", ImportanceLabel(payload), ")"), std::move(columns), rows)
      .SetRole(glassbox::v1::PER_FEATURE_IMPORTANCE)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(1, glassbox::v1::COLUMN_ESTIMATE);
}

void AddLocalTable(const analyses::Explanations& payload, int top_n, sdk::InsightBuilder& builder) {
  const bool several_outputs = payload.outputs_size() > 1;
  std::vector<std::string> columns = {"Row"};
  if (several_outputs) columns.push_back("Output");
  columns.insert(columns.end(), {"Feature", "Value", "Contribution"});
  std::vector<std::vector<Cell>> rows;
  for (const auto& local : payload.local()) {
    const auto add = [&](std::string feature, std::string value, double contribution) {
      std::vector<Cell>& row = rows.emplace_back();
      row.emplace_back(static_cast<double>(local.row()));
      if (several_outputs) row.emplace_back(local.output());
      row.emplace_back(std::move(feature));
      row.emplace_back(std::move(value));
      row.emplace_back(contribution);
    };
    std::vector<int> order(local.contributions_size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return std::abs(local.contributions(a)) > std::abs(local.contributions(b)); });
    const size_t shown = std::min<size_t>(static_cast<size_t>(top_n), order.size());
    add("(base value)", "", local.base_value());
    for (size_t i = 0; i < shown; ++i) {
      add(payload.model_features(order[i]), local.values(order[i]), local.contributions(order[i]));
    }
    if (shown < order.size()) {
      double rest = 0.0;
      for (size_t i = shown; i < order.size(); ++i) rest += local.contributions(order[i]);
      add(absl::StrCat("(", order.size() - shown, " other features)"), "", rest);
    }
    add("(model output)", "", local.output_value());
  }
  builder.AddTable(absl::StrCat("Local contributions (", payload.local_method(), ", ", SpaceName(payload), ")"),
                   std::move(columns), rows);
}

}  // namespace

void AddBlocks(const analyses::Explanations& payload, int top_n, sdk::InsightBuilder& builder) {
  builder.AddText("Method", MethodText(payload));
  AddImportanceChart(payload, top_n, builder);
  AddImportanceTable(payload, builder);
  if (payload.local_size() > 0) AddLocalTable(payload, top_n, builder);
}

}  // namespace glassbox::plugins::explanations
