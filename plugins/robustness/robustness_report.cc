#include "robustness_report.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "feature_value.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;

std::string DescribeChanges(const analyses::RowAttack& row) {
  std::vector<std::string> parts;
  for (const auto& change : row.changes()) {
    parts.push_back(absl::StrCat(change.feature(), ": ", FormatFeatureValue(change.original()), " → ",
                                 FormatFeatureValue(change.counterfactual())));
  }
  return absl::StrJoin(parts, "; ");
}

void AddHeadline(const analyses::Robustness& result, sdk::InsightBuilder& builder) {
  builder
      .AddMetric(
          absl::StrCat("Attack success rate within the budget (perturbation <= ", ShortestNumber(result.epsilon()), ")"),
          "attack_success_rate", result.success_rate())
      .SetDisplayName("Attack success rate")
      .SetDirection(glassbox::v1::LOWER_IS_BETTER);
  builder.AddMetric("Share of rows flipped within the query budget", "flip_rate", result.flip_rate())
      .SetDisplayName("Share of rows flipped")
      .SetDirection(glassbox::v1::LOWER_IS_BETTER);
  if (!std::isnan(result.median_perturbation())) {
    builder
        .AddMetric("Median minimal perturbation of the flipped rows", "median_perturbation",
                   result.median_perturbation())
        .SetDisplayName("Median minimal perturbation")
        .SetDirection(glassbox::v1::HIGHER_IS_BETTER);
  }
  for (const auto& noise : result.noise()) {
    builder
        .AddMetric(absl::StrCat("Prediction stability under noise of scale ", ShortestNumber(noise.scale())),
                   absl::StrCat("noise_stability (scale ", ShortestNumber(noise.scale()), ")"), noise.stability())
        .SetDisplayName(absl::StrCat("Stability at noise ", ShortestNumber(noise.scale())))
        .SetDirection(glassbox::v1::HIGHER_IS_BETTER);
  }
}

void AddPerFeature(const analyses::Robustness& result, sdk::InsightBuilder& builder) {
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> numeric;
  std::vector<double> medians;
  for (const auto& feature : result.per_feature()) {
    if (feature.categorical()) {
      rows.push_back(
          {feature.feature(), std::string("n/a"), std::string("n/a"), NumberOrBlank(feature.share_changed())});
      continue;
    }
    rows.push_back({feature.feature(), NumberOrBlank(feature.median_absolute_change()),
                    NumberOrBlank(feature.median_scaled_change()), NumberOrBlank(feature.share_changed())});
    if (!std::isnan(feature.median_scaled_change())) {
      numeric.push_back(feature.feature());
      medians.push_back(feature.median_scaled_change());
    }
  }
  builder
      .AddTable("Median minimal perturbation per feature (flipped rows)",
                {"Feature", "Median |change|", "Median scaled change", "Share of flipped rows changing it"}, rows)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(2, glassbox::v1::COLUMN_MEDIAN);
  if (!numeric.empty()) {
    builder.AddBarChart("Median scaled change per numeric feature", numeric, {{"median scaled change", medians}},
                        "feature", "median |change| / scale");
  }
}

void AddFragileRows(const analyses::Robustness& result, sdk::InsightBuilder& builder) {
  std::vector<const analyses::RowAttack*> flipped;
  for (const auto& row : result.rows()) {
    if (row.outcome() == analyses::FLIPPED) flipped.push_back(&row);
  }
  if (flipped.empty()) {
    builder.AddText("No row flipped",
                    absl::StrCat("The attack found no perturbation that changes the predicted class of any of the ",
                                 result.rows_size(), " rows within its budget of ", result.max_model_queries(),
                                 " model queries per row (max_model_queries)."));
    return;
  }
  std::stable_sort(flipped.begin(), flipped.end(),
                   [](const auto* a, const auto* b) { return a->perturbation() < b->perturbation(); });
  flipped.resize(std::min<size_t>(flipped.size(), kFragileRowsShown));
  std::vector<std::vector<Cell>> rows;
  for (const auto* row : flipped) {
    rows.push_back({static_cast<double>(row->row()), row->predicted_class(), row->adversarial_class(),
                    row->perturbation(), row->numeric_l2(), static_cast<double>(row->categorical_changes()),
                    DescribeChanges(*row)});
  }
  builder
      .AddTable("Most fragile rows (smallest perturbation that flips the class)",
                {"Row", "Predicted", "Flipped to", "Perturbation", "Numeric L2", "Categorical changes", "Changes"},
                rows)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL);
}

void AddSensitiveFlips(const analyses::Robustness& result, sdk::InsightBuilder& builder) {
  if (result.sensitive_features().empty()) return;
  const std::string features = absl::StrJoin(result.sensitive_features(), ", ");
  if (result.sensitive_flips().empty()) {
    builder.AddText("No row flipped by one sensitive change",
                    absl::StrCat("Changing one of ", features, " alone flips the class of none of the ",
                                 result.rows_size(), " rows."));
    return;
  }
  std::vector<std::vector<Cell>> rows;
  for (const auto& flip : result.sensitive_flips()) {
    rows.push_back({static_cast<double>(flip.row()), flip.feature(), FormatFeatureValue(flip.original()),
                    FormatFeatureValue(flip.changed()), flip.predicted_class(), flip.new_class()});
  }
  builder
      .AddTable(absl::StrCat("Rows whose class one change of a sensitive feature (", features, ") alone flips"),
                {"Row", "Feature", "From", "To", "Predicted", "Flipped to"}, rows)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(1, glassbox::v1::COLUMN_FEATURE);
}

void AddNoiseChart(const analyses::Robustness& result, sdk::InsightBuilder& builder) {
  std::vector<std::string> scales;
  std::vector<double> stability;
  for (const auto& noise : result.noise()) {
    scales.push_back(ShortestNumber(noise.scale()));
    stability.push_back(noise.stability());
  }
  builder.AddLineChart("Prediction stability under Gaussian noise", scales, {{"share keeping the class", stability}},
                       "noise scale (perturbation units)", "stability");
}

}  // namespace

void AddRobustnessBlocks(const analyses::Robustness& result, sdk::InsightBuilder& builder) {
  AddHeadline(result, builder);
  AddFragileRows(result, builder);
  AddPerFeature(result, builder);
  AddSensitiveFlips(result, builder);
  AddNoiseChart(result, builder);
  builder.AddText(
      "Method",
      absl::StrCat(
          "For each of ", result.rows_size(), " rows drawn from the cohort (seed ", result.seed(),
          "), HopSkipJumpAttack (Chen, Jordan and Wainwright, IEEE S&P 2020), a decision-based attack that reads only "
          "the predicted class: from an adversarial start drawn in the permitted ranges, a binary search to the "
          "decision boundary, then ",
          result.max_iterations(),
          " iterations of a gradient-direction estimate from labels of random probes, a geometric step and a binary "
          "search back, then the numeric changes the flip does not need reverted, within ",
          result.max_model_queries(),
          " model queries per row; plus every movable categorical feature changed alone. Immutable features never "
          "change; every value stays in its permitted range. Perturbation = sqrt(sum over numeric features of "
          "(change / scale)^2 + number of categorical changes), scale = ",
          result.scale() == "range" ? "the feature's permitted high - low" : "1 (the feature's own unit)",
          "; the attack succeeds within the budget if it is at most ", ShortestNumber(result.epsilon()),
          ". Stability: the share of ", result.noise_samples(),
          " copies of a row with Gaussian noise of the given scale (perturbation units) on every movable numeric "
          "feature, clipped to its range, that keep the row's class; the mean over rows."));
}

}  // namespace glassbox::plugins
