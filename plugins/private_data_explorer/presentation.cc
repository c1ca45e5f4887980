#include "presentation.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace glassbox::plugins::privacy {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;

const std::vector<std::string> kColumns = {"Feature", "Figure", "Estimate", "Noise scale", "95% lower", "95% upper"};

std::vector<Cell> Row(const std::string& feature, const std::string& figure, const analyses::PrivateValue& value) {
  return {feature, figure, value.value(), value.noise_scale(), value.lower(), value.upper()};
}

// Role INTERVALS (drawn as a chart of the intervals) only for `same_units`
// rows: counts beside sums and means would share one axis.
void AddIntervalTable(std::string title, std::vector<std::vector<Cell>> rows, bool same_units,
                      sdk::InsightBuilder& builder) {
  if (rows.empty()) return;
  builder.AddTable(std::move(title), kColumns, std::move(rows))
      .SetRole(same_units ? glassbox::v1::INTERVALS : glassbox::v1::TABLE_ROLE_UNSPECIFIED)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(1, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(2, glassbox::v1::COLUMN_ESTIMATE)
      .SetColumnRole(4, glassbox::v1::COLUMN_LOWER_BOUND)
      .SetColumnRole(5, glassbox::v1::COLUMN_UPPER_BOUND);
}

std::string Statement(const analyses::PrivateDataExplorer& payload) {
  const bool gaussian = payload.mechanism() == "gaussian";
  std::string guarantee =
      gaussian ? absl::StrFormat("(epsilon = %g, delta = %g)-differentially private (discrete Gaussian noise, "
                                 "rho = %.6g zero-concentrated DP)",
                                 payload.epsilon(), payload.delta(), payload.rho())
               : absl::StrFormat("epsilon = %g differentially private (discrete Laplace noise, pure DP)",
                                 payload.epsilon());
  return absl::StrCat(
      "Every figure in this section is ", guarantee, ": adding or removing one person's row changes the chance of "
      "any result by at most that much. The privacy loss is split equally among ", payload.releases(),
      " releases (epsilon = ", absl::StrFormat("%.6g", payload.epsilon_per_release()),
      " each) and charged to the dataset's privacy budget. Noise is sampled exactly from a cryptographically "
      "secure source. Each estimate is shown with its noise scale and a 95% interval; bounds, bins and categories "
      "were declared by the user, never read from the data. These are not the exact figures.");
}

void AddScope(const analyses::PrivateScope& scope, sdk::InsightBuilder& builder) {
  const std::string suffix = scope.cohort().empty() ? "" : absl::StrCat(" (", scope.cohort(), ")");
  builder.AddMetric(absl::StrCat("Rows, private", suffix), "private rows", scope.rows().value(), scope.cohort())
      .SetDisplayName("Rows (private count)")
      .SetUnit("rows");

  std::vector<std::vector<Cell>> numeric;
  for (const auto& feature : scope.numeric()) {
    const std::string bounds = absl::StrCat(" in [", feature.lower_bound(), ", ", feature.upper_bound(), "]");
    numeric.push_back(Row(feature.feature(), "count", feature.count()));
    numeric.push_back(Row(feature.feature(), absl::StrCat("sum", bounds), feature.sum()));
    numeric.push_back(Row(feature.feature(), absl::StrCat("mean", bounds), feature.mean()));
    for (const auto& quantile : feature.quantiles()) {
      numeric.push_back(Row(feature.feature(), absl::StrCat("quantile ", quantile.quantile()), quantile.value()));
    }
  }
  AddIntervalTable(absl::StrCat("Private numeric summaries", suffix), std::move(numeric), false, builder);

  std::vector<std::vector<Cell>> histograms;
  for (const auto& histogram : scope.histograms()) {
    for (int i = 0; i < histogram.counts_size(); ++i) {
      histograms.push_back(Row(histogram.feature(), histogram.bins(i), histogram.counts(i)));
    }
  }
  AddIntervalTable(absl::StrCat("Private histograms", suffix), std::move(histograms), true, builder);

  std::vector<std::vector<Cell>> fairness;
  for (const auto& feature : scope.fairness()) {
    for (const auto& group : feature.groups()) {
      const std::string label = absl::StrCat(group.group(), ": ");
      fairness.push_back(Row(feature.feature(), label + "rows", group.rows()));
      fairness.push_back(Row(feature.feature(), label + "selection rate", group.selection_rate()));
      fairness.push_back(Row(feature.feature(), label + "error rate", group.error_rate()));
      fairness.push_back(Row(feature.feature(), label + "false positive rate", group.false_positive_rate()));
      fairness.push_back(Row(feature.feature(), label + "false negative rate", group.false_negative_rate()));
    }
  }
  AddIntervalTable(absl::StrCat("Private group rates", suffix), std::move(fairness), false, builder);
}

}  // namespace

void AddBlocks(const analyses::PrivateDataExplorer& payload, sdk::InsightBuilder& builder) {
  builder.AddText("Differentially private figures", Statement(payload));
  builder.AddMetric("Privacy loss epsilon", "privacy_epsilon", payload.epsilon())
      .SetDisplayName("Privacy loss (epsilon)")
      .SetDirection(glassbox::v1::LOWER_IS_BETTER);
  if (payload.mechanism() == "gaussian") {
    builder.AddMetric("Privacy delta", "privacy_delta", payload.delta())
        .SetDisplayName("Privacy delta")
        .SetDirection(glassbox::v1::LOWER_IS_BETTER);
  }
  builder.AddMetric("Private releases", "private_releases", payload.releases())
      .SetDisplayName("Releases sharing epsilon")
      .SetUnit("releases");
  for (const auto& scope : payload.scopes()) AddScope(scope, builder);
}

}  // namespace glassbox::plugins::privacy
