#include "counterfactual_report.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "feature_value.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;

const char* OutcomeText(analyses::QueryOutcome outcome) {
  switch (outcome) {
    case analyses::FOUND:
      return "found";
    case analyses::PARTIAL:
      return "partly found";
    case analyses::NOT_FOUND:
      return "none found";
    case analyses::ALREADY_DESIRED:
      return "already desired";
    default:
      return "";
  }
}

std::string DesiredText(const analyses::Counterfactuals& result) {
  if (result.desired_range_size() == 2) {
    return absl::StrCat("[", ShortestNumber(result.desired_range(0)), ", ", ShortestNumber(result.desired_range(1)), "]");
  }
  return result.desired_class();
}

std::string QueryTitle(const analyses::CounterfactualQuery& query, bool classification,
                       const analyses::Counterfactuals& result) {
  if (classification) {
    return absl::StrFormat("Counterfactuals for row %d: predicted %s (P(%s) = %.4g), desired %s", query.row(),
                           query.predicted_class(), query.desired_class(), query.desired_class_probability(),
                           query.desired_class());
  }
  return absl::StrFormat("Counterfactuals for row %d: prediction %.6g, desired %s", query.row(), query.prediction(),
                         DesiredText(result));
}

void AddQueryTable(const analyses::CounterfactualQuery& query, bool classification,
                   const analyses::Counterfactuals& result, sdk::InsightBuilder& builder) {
  std::vector<std::string> changed;
  for (const auto& feature : result.features()) {
    for (const auto& counterfactual : query.counterfactuals()) {
      bool changes = false;
      for (const auto& change : counterfactual.changes()) changes = changes || change.feature() == feature.name();
      if (changes) {
        changed.push_back(feature.name());
        break;
      }
    }
  }
  std::vector<std::string> columns = {"Counterfactual"};
  columns.insert(columns.end(), changed.begin(), changed.end());
  if (classification) {
    columns.push_back("Predicted class");
    columns.push_back(absl::StrCat("P(", query.desired_class(), ")"));
  } else {
    columns.push_back("Prediction");
  }
  columns.push_back("Distance");

  std::vector<std::vector<Cell>> rows;
  for (int i = 0; i < query.counterfactuals_size(); ++i) {
    const auto& counterfactual = query.counterfactuals(i);
    auto& row = rows.emplace_back();
    row.emplace_back(static_cast<double>(i + 1));
    for (const auto& name : changed) {
      auto& cell = std::get<std::string>(row.emplace_back(std::string()));
      for (const auto& change : counterfactual.changes()) {
        if (change.feature() == name) {
          cell =
              absl::StrCat(FormatFeatureValue(change.original()), " → ", FormatFeatureValue(change.counterfactual()));
        }
      }
    }
    if (classification) {
      row.emplace_back(counterfactual.predicted_class());
      row.emplace_back(counterfactual.desired_class_probability());
    } else {
      row.emplace_back(counterfactual.prediction());
    }
    row.emplace_back(counterfactual.distance());
  }
  builder.AddTable(QueryTitle(query, classification, result), std::move(columns), rows);
}

std::vector<Cell> MetricCells(const analyses::CounterfactualMetrics& metrics) {
  return {static_cast<double>(metrics.found()),
          NumberOrBlank(metrics.validity()),
          NumberOrBlank(metrics.proximity()),
          NumberOrBlank(metrics.continuous_proximity()),
          NumberOrBlank(metrics.categorical_proximity()),
          NumberOrBlank(metrics.sparsity()),
          NumberOrBlank(metrics.diversity()),
          NumberOrBlank(metrics.count_diversity())};
}

void AddMetricsTable(const analyses::Counterfactuals& result, sdk::InsightBuilder& builder) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& query : result.queries()) {
    std::vector<Cell> row = {static_cast<double>(query.row()), std::string(OutcomeText(query.outcome()))};
    const std::vector<Cell> metrics = MetricCells(query.metrics());
    row.insert(row.end(), metrics.begin(), metrics.end());
    rows.push_back(std::move(row));
  }
  std::vector<Cell> overall = {std::string("all rows"), std::string(result.all_found() ? "found" : "not all found")};
  const std::vector<Cell> metrics = MetricCells(result.overall());
  overall.insert(overall.end(), metrics.begin(), metrics.end());
  rows.push_back(std::move(overall));
  builder.AddTable("Counterfactual metrics per query row",
                   {"Row", "Outcome", "Found", "Validity", "Proximity", "Continuous proximity", "Categorical proximity",
                    "Sparsity", "Diversity", "Count diversity"},
                   rows)
      .SetRole(glassbox::v1::PER_GROUP_METRICS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL);
}

void AddShortfallText(const analyses::Counterfactuals& result, sdk::InsightBuilder& builder) {
  std::vector<std::string> none, partial, desired;
  for (const auto& query : result.queries()) {
    if (query.outcome() == analyses::NOT_FOUND) none.push_back(absl::StrCat(query.row()));
    if (query.outcome() == analyses::PARTIAL) {
      partial.push_back(absl::StrCat(query.row(), " (", query.counterfactuals_size(), " of ", result.total_cfs(), ")"));
    }
    if (query.outcome() == analyses::ALREADY_DESIRED) desired.push_back(absl::StrCat(query.row()));
  }
  if (!none.empty() || !partial.empty()) {
    std::string text = absl::StrCat("The search did not find all ", result.total_cfs(),
                                    " counterfactuals asked for within its budget of ", result.max_iterations(),
                                    " rounds of ", result.sample_size(),
                                    " sampled candidates (max_iterations, "
                                    "sample_size).");
    if (!none.empty()) absl::StrAppend(&text, " None was found for row(s) ", absl::StrJoin(none, ", "), ".");
    if (!partial.empty()) absl::StrAppend(&text, " Fewer were found for row(s) ", absl::StrJoin(partial, ", "), ".");
    absl::StrAppend(&text,
                    " More rounds, a larger sample, more features to vary or wider permitted ranges may help; "
                    "the desired outcome may also be out of reach.");
    builder.AddText("Counterfactuals not found", text);
  }
  if (!desired.empty()) {
    builder.AddText("Rows already at the desired outcome",
                    absl::StrCat("The model already predicts the desired outcome for row(s) ",
                                 absl::StrJoin(desired, ", "), "; no counterfactual was searched for them."));
  }
}

}  // namespace

void AddCounterfactualBlocks(const analyses::Counterfactuals& result, bool classification,
                             sdk::InsightBuilder& builder) {
  const auto& overall = result.overall();
  builder.AddMetric("Validity (share of requested counterfactuals found)", kCounterfactualMetrics[0], overall.validity())
      .SetDisplayName("Validity")
      .SetDirection(glassbox::v1::HIGHER_IS_BETTER);
  builder.AddMetric("Proximity (mean distance to the query row)", kCounterfactualMetrics[1], overall.proximity())
      .SetDisplayName("Proximity");
  builder.AddMetric("Sparsity (mean number of features changed)", kCounterfactualMetrics[2], overall.sparsity())
      .SetDisplayName("Sparsity")
      .SetUnit("features");
  builder.AddMetric("Diversity (mean distance between a row's counterfactuals)", kCounterfactualMetrics[3], overall.diversity())
      .SetDisplayName("Diversity");
  AddShortfallText(result, builder);
  AddMetricsTable(result, builder);
  for (const auto& query : result.queries()) {
    if (query.counterfactuals_size() > 0) AddQueryTable(query, classification, result, builder);
  }
  builder.AddText(
      "Method",
      absl::StrCat(
          "DiCE's random sampling (dice_ml method='random'): candidates change 1, then 2, ... of the features to vary "
          "to values drawn from their permitted ranges; those the model gives the desired outcome are chosen greedily "
          "for proximity and diversity, then made sparse by reverting every change not needed and moving numeric "
          "values as near the original as the model allows. Distance, as in DiCE's proximity loss: dist(a, b) = "
          "(1/d) [sum over numeric features |a - b| / MAD + sum over categorical features 1(a != b)], d the model's ",
          result.features_size(),
          " features, MAD the median absolute deviation in the data (1 where it is 0). Proximity is the mean "
          "dist(counterfactual, query row); continuous and categorical proximity are DiCE's evaluation figures "
          "(-mean numeric term per numeric feature, 1 - mean share of categorical features changed); sparsity the "
          "mean number of features changed; diversity the mean dist between two counterfactuals of a row; count "
          "diversity the mean share of features in which two differ; validity the share of the requested "
          "counterfactuals found, each checked with the model."));
}

}  // namespace glassbox::plugins
