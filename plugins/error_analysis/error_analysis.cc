// error_analysis: where the model fails, as in the Responsible AI Toolbox's
// error analysis (erroranalysis / raiwidgets). A surrogate decision tree
// trained on the features to predict each row's error (error_tree.h) splits
// the data into cohorts; its leaves ranked by error rate give the worst and
// best cohorts. A heat map (heat_map.h) shows the error by one or two
// features.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "error_tree.h"
#include "feature_binning.h"
#include "feature_columns.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/parameter_spec.h"
#include "glassbox/sdk/report_declaration.h"
#include "glassbox/v1/analyses/error_analysis.pb.h"
#include "heat_map.h"
#include "row_errors.h"
#include "tree_report.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;
using sdk::Cell;

// Histogram bins per numeric feature of the tree (LightGBM's max_bin).
constexpr int kTreeBins = 255;

// Column headings that name the error as the task measures it.
struct ErrorWords {
  std::string error;
  std::string rate;
};

bool CountsErrors(const analyses::ErrorAnalysis& result) { return result.metric() == kErrorRate; }

ErrorWords WordsFor(const analyses::ErrorAnalysis& result) {
  if (CountsErrors(result)) return {"Errors", "Error rate"};
  return {"Absolute error", "Mean absolute error"};
}

std::string DescribeCohort(const analyses::ErrorTreeNode& node, const analyses::ErrorAnalysis& result) {
  const std::string amount = CountsErrors(result) ? absl::StrFormat("%.0f errors", node.error())
                                                  : absl::StrFormat("total absolute error %.6g", node.error());
  return absl::StrFormat("%s: %s %.4g over %d rows; %s (%.1f%% of the whole)", node.filter(), result.metric(),
                         node.error_rate(), node.size(), amount, 100 * node.error_coverage());
}

// The filter of the analysed cohort, empty for all rows.
std::string CohortFilter(const sdk::AnalysisContext& context, const std::string& cohort) {
  if (cohort.empty() || context.cohorts == nullptr) return "";
  for (const auto& defined : *context.cohorts) {
    if (defined.name == cohort) return defined.filter;
  }
  return "";
}

void AddTreeBlocks(const analyses::ErrorAnalysis& result, sdk::InsightBuilder& builder) {
  const ErrorWords words = WordsFor(result);
  const auto& root = result.nodes(0);
  builder.AddMetric(absl::StrCat("Overall ", result.metric()), result.metric(), root.error_rate(), result.cohort())
      .SetDisplayName(words.rate)
      .SetDirection(glassbox::v1::LOWER_IS_BETTER);

  std::vector<std::vector<Cell>> rows;
  for (int32_t id : result.leaves_by_error_rate()) {
    const auto& leaf = result.nodes(id);
    rows.push_back({leaf.filter().empty() ? std::string("(all rows)") : leaf.filter(),
                    static_cast<double>(leaf.size()), leaf.error(), leaf.error_rate(), leaf.error_coverage()});
  }
  builder.AddTable("Error tree leaves, worst first", {"Cohort", "Rows", words.error, words.rate, "Error coverage"},
                   rows)
      .SetRole(glassbox::v1::COHORT_PATHS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(1, glassbox::v1::COLUMN_COUNT);

  if (result.leaves_by_error_rate_size() < 2) {
    builder.AddText("Worst and best cohorts", "The error tree found no split: no cohort stands out.");
    return;
  }
  const auto& worst = result.nodes(result.leaves_by_error_rate(0));
  const auto& best = result.nodes(*result.leaves_by_error_rate().rbegin());
  builder.AddText("Worst cohort", DescribeCohort(worst, result));
  builder.AddText("Best cohort", DescribeCohort(best, result));
}

void AddHeatMapBlocks(const analyses::ErrorAnalysis& result, sdk::InsightBuilder& builder) {
  const auto& heat_map = result.heat_map();
  if (heat_map.features_size() == 0) return;
  const ErrorWords words = WordsFor(result);
  const bool two = heat_map.features_size() == 2;
  std::vector<std::string> columns = {heat_map.features(0)};
  if (two) columns.push_back(heat_map.features(1));
  for (const auto& name : {std::string("Rows"), words.error, words.rate}) columns.push_back(name);

  columns.push_back("Cohort filter");

  std::vector<std::vector<Cell>> rows;
  for (const auto& cell : heat_map.cells()) {
    std::vector<Cell> row = {heat_map.row_labels(cell.row())};
    if (two) row.push_back(heat_map.column_labels(cell.column()));
    row.insert(row.end(), {static_cast<double>(cell.count()), cell.error(), cell.error_rate(), cell.filter()});
    rows.push_back(std::move(row));
  }
  const std::string title = absl::StrCat("Heat map of the ", result.metric(), " by ", heat_map.features(0),
                                         two ? absl::StrCat(" and ", heat_map.features(1)) : "");
  auto table = builder.AddTable(title, columns, rows)
                   .SetRole(glassbox::v1::PER_GROUP_METRICS)
                   .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
                   .SetColumnRole(two ? 2 : 1, glassbox::v1::COLUMN_COUNT);
  if (two) return;
  table.SetFeature(heat_map.features(0));

  std::vector<std::string> categories;
  sdk::SeriesData rates{words.rate, {}};
  for (const auto& cell : heat_map.cells()) {
    categories.push_back(heat_map.row_labels(cell.row()));
    rates.values.push_back(cell.error_rate());
  }
  builder
      .AddBarChart(absl::StrCat(words.rate, " by ", heat_map.features(0)), std::move(categories), {rates},
                   heat_map.features(0), words.rate)
      .SetFeature(heat_map.features(0));
}

class ErrorAnalysisAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("error_analysis");
    info.set_version("1.0.0");
    info.set_description(
        "Error analysis as in the Responsible AI Toolbox: a surrogate decision tree of the model's error "
        "(misclassification, or absolute error for regression) finds the cohorts with the highest and lowest error; "
        "a heat map shows the error by one or two features");
    *info.add_parameters() = sdk::IntParameter("max_depth", "Maximum depth of the surrogate error tree", 3, 1, 20);
    *info.add_parameters() = sdk::IntParameter("num_leaves", "Maximum number of leaves of the tree", 31, 2, 4096);
    *info.add_parameters() =
        sdk::IntParameter("min_child_samples", "Minimum number of rows in a leaf of the tree", 20, 1, std::nullopt);
    *info.add_parameters() =
        sdk::ColumnListParameter("features", "Features the tree may split on; empty for every feature column", false);
    *info.add_parameters() = sdk::ColumnListParameter(
        "heatmap_features", "One or two features of the heat map; empty for the feature of the tree's first split",
        false, 2);
    *info.add_parameters() = sdk::IntParameter(
        "num_bins", "Bins of a numeric heat map feature that has more distinct values", 8, 1, 1000);
    *info.add_parameters() = sdk::StringParameter("binning", "How numeric heat map features are binned",
                                                  "equal_width", {"equal_width", "quantile"});
    *info.add_parameters() = sdk::CohortParameter();
    auto& reports = *info.mutable_reports();
    reports.set_section(glassbox::v1::SCORECARD_SECTION_COHORTS);
    *reports.add_metrics() = sdk::ReportedMetric(
        kErrorRate, {glassbox::v1::BINARY_CLASSIFICATION, glassbox::v1::MULTICLASS_CLASSIFICATION});
    *reports.add_metrics() = sdk::ReportedMetric(kMeanAbsoluteError, {glassbox::v1::REGRESSION});
    return info;
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    const sdk::Params& params = *context.params;
    const std::string cohort = params.GetString("cohort");
    const std::vector<size_t> rows = context.RowsOf(cohort);
    if (rows.empty()) return absl::FailedPreconditionError(absl::StrCat("cohort '", cohort, "' has no rows"));
    const std::vector<double> errors = ComputeRowErrors(*context.outcomes, rows);

    const std::vector<std::string> names = FeaturesOrAll(params, "features", context.feature_columns);
    std::vector<BinnedFeature> features;
    for (const auto& name : names) {
      if (context.cancelled()) return absl::CancelledError("error_analysis cancelled");
      const sdk::Column* column = context.table->Find(name);
      if (column == nullptr) return absl::InvalidArgumentError(absl::StrCat("parameter 'features': no column '", name, "'"));
      absl::StatusOr<BinnedFeature> binned = BinFeature(*column, rows, kTreeBins);
      if (!binned.ok()) return binned.status();
      features.push_back(*std::move(binned));
    }
    context.ReportProgress(0.3, "features binned");

    TreeLimits limits{.max_depth = static_cast<int>(params.GetInt("max_depth")),
                      .num_leaves = static_cast<int>(params.GetInt("num_leaves")),
                      .min_child_samples = static_cast<int>(params.GetInt("min_child_samples"))};
    const std::vector<ErrorTreeNode> nodes = GrowErrorTree(features, errors, limits);
    context.ReportProgress(0.7, "error tree grown");

    analyses::ErrorAnalysis result;
    result.set_cohort(cohort);
    result.set_metric(ErrorMetricName(*context.outcomes));
    result.set_num_rows(static_cast<int64_t>(rows.size()));
    for (const auto& name : names) result.add_features(name);
    result.set_max_depth(limits.max_depth);
    result.set_num_leaves(limits.num_leaves);
    result.set_min_child_samples(limits.min_child_samples);
    const std::string cohort_filter = CohortFilter(context, cohort);
    ReportTree(nodes, features, cohort_filter, result);

    std::vector<std::string> heatmap_features = params.GetStringList("heatmap_features");
    if (heatmap_features.empty() && !nodes.front().is_leaf()) {
      heatmap_features.push_back(features[nodes.front().split_feature].name);
    }
    if (!heatmap_features.empty()) {
      const Binning binning = params.GetString("binning") == "quantile" ? Binning::kQuantile : Binning::kEqualWidth;
      const int num_bins = static_cast<int>(params.GetInt("num_bins"));
      std::vector<HeatMapAxis> axes;
      for (const auto& name : heatmap_features) {
        const sdk::Column* column = context.table->Find(name);
        if (column == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat("parameter 'heatmap_features': no column '", name, "'"));
        }
        axes.push_back(BinAxis(*column, rows, num_bins, binning));
      }
      *result.mutable_heat_map() = BuildHeatMap(axes, binning, errors, cohort_filter);
    }

    builder.SetPayload(result);
    AddTreeBlocks(result, builder);
    AddHeatMapBlocks(result, builder);
    context.ReportProgress(1.0);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins

GLASSBOX_PLUGIN(glassbox::plugins::ErrorAnalysisAnalyzer)
