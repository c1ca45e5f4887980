// data_explorer: what the analysed rows look like. Per feature, a numeric
// summary (count, missing, mean, std, min, quartiles, max) or the counts of
// its categories; the distribution of the true label; the size of every
// cohort of the run.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "feature_columns.h"
#include "feature_summary.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/parameter_spec.h"
#include "glassbox/sdk/report_declaration.h"
#include "glassbox/v1/analyses/data_explorer.pb.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;

// Categories listed per feature in the categorical table; the rest are summed
// into one "other" row.
constexpr char kRowsMetric[] = "rows";
constexpr int kTopCategories = 10;
// Bins of the label histogram for regression.
constexpr int kLabelBins = 10;

analyses::LabelDistribution DescribeLabel(const sdk::AnalysisContext& context, const std::vector<size_t>& rows) {
  const sdk::Outcomes& outcomes = *context.outcomes;
  analyses::LabelDistribution label;
  label.set_target(context.target_column);
  if (outcomes.is_classification()) {
    std::vector<int64_t> counts(outcomes.classes.size(), 0);
    for (size_t row : rows) ++counts[static_cast<size_t>(outcomes.y_true[row])];
    for (size_t c = 0; c < counts.size(); ++c) {
      auto* entry = label.add_classes();
      entry->set_category(outcomes.classes[c]);
      entry->set_count(counts[c]);
    }
    return label;
  }
  std::span<const double> values(outcomes.y_true.data(), outcomes.num_rows());
  *label.mutable_values() = SummarizeNumeric(context.target_column, values, rows);
  std::vector<double> selected;
  selected.reserve(rows.size());
  for (size_t row : rows) selected.push_back(values[row]);
  Histogram histogram = EqualWidthHistogram(selected, kLabelBins);
  label.mutable_histogram_edges()->Add(histogram.edges.begin(), histogram.edges.end());
  label.mutable_histogram_counts()->Add(histogram.counts.begin(), histogram.counts.end());
  return label;
}

std::string IntervalLabel(double low, double high) { return absl::StrCat("[", low, ", ", high, ")"); }

void AddBlocks(const analyses::DataExplorer& result, sdk::InsightBuilder& builder) {
  builder.AddMetric("Rows analysed", kRowsMetric, static_cast<double>(result.num_rows()), result.cohort())
      .SetDisplayName("Rows analysed")
      .SetUnit("rows");

  if (result.numeric_features_size() > 0) {
    std::vector<std::vector<Cell>> rows;
    for (const auto& s : result.numeric_features()) {
      rows.push_back({s.feature(), static_cast<double>(s.count()), static_cast<double>(s.missing()), s.mean(), s.std(),
                      s.min(), s.p25(), s.median(), s.p75(), s.max()});
    }
    builder
        .AddTable("Numeric features",
                  {"Feature", "Count", "Missing", "Mean", "Std", "Min", "25%", "Median", "75%", "Max"}, rows)
        .SetRole(glassbox::v1::FIVE_NUMBER_SUMMARY)
        .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
        .SetColumnRole(1, glassbox::v1::COLUMN_COUNT)
        .SetColumnRole(5, glassbox::v1::COLUMN_MINIMUM)
        .SetColumnRole(6, glassbox::v1::COLUMN_FIRST_QUARTILE)
        .SetColumnRole(7, glassbox::v1::COLUMN_MEDIAN)
        .SetColumnRole(8, glassbox::v1::COLUMN_THIRD_QUARTILE)
        .SetColumnRole(9, glassbox::v1::COLUMN_MAXIMUM);
  }

  if (result.categorical_features_size() > 0) {
    std::vector<std::vector<Cell>> rows;
    for (const auto& s : result.categorical_features()) {
      int64_t listed = 0;
      for (int i = 0; i < s.categories_size() && i < kTopCategories; ++i) {
        const auto& entry = s.categories(i);
        rows.push_back({s.feature(), entry.category(), static_cast<double>(entry.count()),
                        static_cast<double>(entry.count()) / static_cast<double>(result.num_rows())});
        listed += entry.count();
      }
      if (s.categories_size() > kTopCategories) {
        int64_t other = s.count() - listed;
        rows.push_back({s.feature(), absl::StrCat("(", s.categories_size() - kTopCategories, " other categories)"),
                        static_cast<double>(other), static_cast<double>(other) / static_cast<double>(result.num_rows())});
      }
      if (s.missing() > 0) {
        rows.push_back({s.feature(), std::string("(missing)"), static_cast<double>(s.missing()),
                        static_cast<double>(s.missing()) / static_cast<double>(result.num_rows())});
      }
    }
    builder.AddTable("Categorical features", {"Feature", "Category", "Count", "Share"}, rows)
        .SetRole(glassbox::v1::CATEGORY_COUNTS)
        .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
        .SetColumnRole(1, glassbox::v1::COLUMN_LABEL)
        .SetColumnRole(2, glassbox::v1::COLUMN_COUNT);
  }

  const auto& label = result.label();
  std::vector<std::string> categories;
  sdk::SeriesData counts{"rows", {}};
  if (label.classes_size() > 0) {
    for (const auto& entry : label.classes()) {
      categories.push_back(entry.category());
      counts.values.push_back(static_cast<double>(entry.count()));
    }
  } else {
    for (int i = 0; i < label.histogram_counts_size(); ++i) {
      categories.push_back(IntervalLabel(label.histogram_edges(i), label.histogram_edges(i + 1)));
      counts.values.push_back(static_cast<double>(label.histogram_counts(i)));
    }
  }
  builder
      .AddBarChart(absl::StrCat("Label distribution (", label.target(), ")"), std::move(categories), {counts},
                   label.target(), "rows")
      .SetRole(glassbox::v1::CATEGORY_DISTRIBUTION)
      .SetFeature(label.target());

  if (result.cohorts_size() > 0) {
    std::vector<std::vector<Cell>> rows;
    for (const auto& cohort : result.cohorts()) {
      rows.push_back({cohort.name(), cohort.filter(), static_cast<double>(cohort.size()), cohort.fraction()});
    }
    builder.AddTable("Cohort sizes", {"Cohort", "Filter", "Rows", "Share of dataset"}, rows)
        .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
        .SetColumnRole(2, glassbox::v1::COLUMN_COUNT);
  }
}

class DataExplorerAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("data_explorer");
    info.set_version("1.0.0");
    info.set_description(
        "Per-feature summaries (count, missing, mean, std, min, quartiles by numpy's linear interpolation, max; "
        "category counts), the label distribution and the cohort sizes");
    *info.add_parameters() =
        sdk::ColumnListParameter("features", "Columns to summarise; empty for every feature column", false);
    *info.add_parameters() = sdk::CohortParameter();
    auto& reports = *info.mutable_reports();
    reports.set_explored_features_parameter("features");
    reports.set_section(glassbox::v1::SCORECARD_SECTION_DATA);
    *reports.add_metrics() = sdk::ReportedMetric(kRowsMetric);
    return info;
  }

  absl::Status Validate(const sdk::ValidationContext& context) const override {
    return CheckFeatureColumns("features", context.params->GetStringList("features"), context.feature_columns);
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    const sdk::Table& table = *context.table;
    const std::string cohort = context.params->GetString("cohort");
    const std::vector<size_t> rows = context.RowsOf(cohort);
    const std::vector<std::string> features = FeaturesOrAll(*context.params, "features", context.feature_columns);

    analyses::DataExplorer result;
    result.set_cohort(cohort);
    result.set_num_rows(static_cast<int64_t>(rows.size()));
    for (size_t i = 0; i < features.size(); ++i) {
      if (context.cancelled()) return absl::CancelledError("data_explorer cancelled");
      const sdk::Column* column = table.Find(features[i]);
      if (column == nullptr) return absl::InvalidArgumentError(absl::StrCat("no column '", features[i], "'"));
      if (column->is_numeric()) {
        *result.add_numeric_features() = SummarizeNumeric(column->name(), column->values(), rows);
      } else {
        *result.add_categorical_features() = SummarizeCategorical(*column, rows);
      }
      context.ReportProgress(static_cast<double>(i + 1) / static_cast<double>(features.size() + 1));
    }
    *result.mutable_label() = DescribeLabel(context, rows);
    if (context.cohorts != nullptr) {
      for (const auto& run_cohort : *context.cohorts) {
        auto* entry = result.add_cohorts();
        entry->set_name(run_cohort.name);
        entry->set_filter(run_cohort.filter);
        entry->set_size(static_cast<int64_t>(run_cohort.rows.size()));
        entry->set_fraction(static_cast<double>(run_cohort.rows.size()) / static_cast<double>(table.num_rows()));
      }
    }
    builder.SetPayload(result);
    AddBlocks(result, builder);
    context.ReportProgress(1.0);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins

GLASSBOX_PLUGIN(glassbox::plugins::DataExplorerAnalyzer)
