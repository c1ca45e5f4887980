// calibration: whether a binary classifier's probabilities mean what they
// say. Bins the rows by their predicted probability of the positive class
// (uniform or quantile bins, as sklearn.calibration.calibration_curve) and
// reports the reliability diagram, the expected and maximum calibration
// errors over its bins, and the Brier score (sklearn.metrics.brier_score_loss).
//
// An example of an analyzer built out of the daemon's tree against the
// installed SDK (docs/plugins.md). Out-of-tree plugins cannot add messages to
// the daemon's protos, so the payload is a google.protobuf.Struct.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/parameter_spec.h"
#include "glassbox/sdk/report_declaration.h"
#include "google/protobuf/struct.pb.h"
#include "reliability.h"

namespace glassbox::examples {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// Rows between two checks for cancellation and progress reports.
constexpr size_t kRowsPerStep = size_t{1} << 16;

struct Settings {
  int num_bins;
  std::string strategy;
  std::string cohort;
};

Settings SettingsOf(const sdk::Params& params) {
  return {static_cast<int>(params.GetInt("num_bins")), params.GetString("strategy"), params.GetString("cohort")};
}

// The rows' probabilities of the positive class, in row order.
absl::StatusOr<std::vector<double>> PositiveScores(const sdk::Outcomes& outcomes, const std::vector<size_t>& rows) {
  const auto column = outcomes.probabilities.col(outcomes.positive_class);
  std::vector<double> scores(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    scores[i] = column[static_cast<Eigen::Index>(rows[i])];
    if (!(scores[i] >= 0 && scores[i] <= 1)) {
      return absl::FailedPreconditionError(absl::StrCat("row ", rows[i], ": the probability of '",
                                                        outcomes.classes[outcomes.positive_class], "' is ", scores[i],
                                                        ", not in [0, 1]"));
    }
  }
  return scores;
}

absl::StatusOr<CalibrationReport> Measure(const sdk::AnalysisContext& context, const Settings& settings) {
  const sdk::Outcomes& outcomes = *context.outcomes;
  if (!outcomes.has_probabilities()) {
    return absl::FailedPreconditionError(
        "calibration needs predicted probabilities: set predictions.probability_columns (or score the run with a "
        "model)");
  }
  const std::vector<size_t> rows = context.RowsOf(settings.cohort);
  if (rows.empty()) return absl::FailedPreconditionError(absl::StrCat("cohort '", settings.cohort, "' has no rows"));
  auto scores = PositiveScores(outcomes, rows);
  if (!scores.ok()) return scores.status();

  const BinStrategy strategy = settings.strategy == "quantile" ? BinStrategy::kQuantile : BinStrategy::kUniform;
  ReliabilityCounts counts(BinEdges(strategy, settings.num_bins, *scores));
  for (size_t begin = 0; begin < rows.size(); begin += kRowsPerStep) {
    if (context.cancelled()) return absl::CancelledError("calibration cancelled");
    const size_t end = std::min(rows.size(), begin + kRowsPerStep);
    for (size_t i = begin; i < end; ++i) {
      counts.Add((*scores)[i], outcomes.y_true[static_cast<Eigen::Index>(rows[i])] == outcomes.positive_class);
    }
    context.ReportProgress(static_cast<double>(end) / rows.size(), "binning rows");
  }
  return counts.Report();
}

// "[0, 0.1]" for the first bin, "(0.1, 0.2]" for the others.
std::string BinLabel(const ReliabilityBin& bin) {
  return absl::StrCat(bin.index == 0 ? "[" : "(", bin.lower, ", ", bin.upper, "]");
}

Value NumberValue(double number) {
  Value value;
  value.set_number_value(number);
  return value;
}

Value StringValue(std::string text) {
  Value value;
  value.set_string_value(std::move(text));
  return value;
}

Struct PayloadOf(const CalibrationReport& report, const Settings& settings) {
  Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["strategy"] = StringValue(settings.strategy);
  fields["num_bins"] = NumberValue(settings.num_bins);
  fields["cohort"] = StringValue(settings.cohort);
  fields["rows"] = NumberValue(static_cast<double>(report.rows));
  fields["brier_score_loss"] = NumberValue(report.brier_score_loss);
  fields["expected_calibration_error"] = NumberValue(report.expected_calibration_error);
  fields["maximum_calibration_error"] = NumberValue(report.maximum_calibration_error);
  auto* edges = fields["bin_edges"].mutable_list_value();
  for (double edge : report.edges) *edges->add_values() = NumberValue(edge);
  auto* bins = fields["bins"].mutable_list_value();
  for (const ReliabilityBin& bin : report.bins) {
    auto& out = *bins->add_values()->mutable_struct_value()->mutable_fields();
    out["index"] = NumberValue(bin.index);
    out["lower"] = NumberValue(bin.lower);
    out["upper"] = NumberValue(bin.upper);
    out["rows"] = NumberValue(static_cast<double>(bin.rows));
    out["mean_predicted_probability"] = NumberValue(bin.mean_predicted);
    out["fraction_of_positives"] = NumberValue(bin.fraction_positive);
  }
  return payload;
}

// The whole-data metric blocks, declared in Describe() so that CreateRun
// refuses a scorecard configuration naming a metric calibration does not report.
constexpr char kBrierScore[] = "brier_score_loss";
constexpr char kExpectedCalibrationError[] = "expected_calibration_error";
constexpr char kMaximumCalibrationError[] = "maximum_calibration_error";

void AddBlocks(const CalibrationReport& report, const Settings& settings, const std::string& positive_class,
               sdk::InsightBuilder& result) {
  // The typed meaning lets any renderer lay the blocks out: the scorecard draws
  // the bins' table as each bin's fraction of positives against its range.
  const struct {
    const char* title;
    const char* name;
    double value;
    // Of the bins' calibration gaps; unspecified for the Brier score, which is over the rows.
    glassbox::v1::Aggregate over_bins;
  } metrics[] = {
      {"Brier score", kBrierScore, report.brier_score_loss, glassbox::v1::AGGREGATE_UNSPECIFIED},
      {"Expected calibration error", kExpectedCalibrationError, report.expected_calibration_error,
       glassbox::v1::AGGREGATE_MEAN},
      {"Maximum calibration error", kMaximumCalibrationError, report.maximum_calibration_error,
       glassbox::v1::AGGREGATE_MAXIMUM},
  };
  for (const auto& metric : metrics) {
    auto meaning = result.AddMetric(metric.title, metric.name, metric.value, settings.cohort)
                       .SetDisplayName(metric.title)
                       .SetDirection(glassbox::v1::LOWER_IS_BETTER);
    if (metric.over_bins != glassbox::v1::AGGREGATE_UNSPECIFIED) {
      meaning.SetAggregate(metric.over_bins, "calibration_gap");
    }
  }

  std::vector<std::string> labels;
  sdk::SeriesData observed{"Fraction of positives", {}};
  sdk::SeriesData predicted{"Mean predicted probability", {}};
  std::vector<std::vector<sdk::Cell>> rows;
  for (const ReliabilityBin& bin : report.bins) {
    labels.push_back(BinLabel(bin));
    observed.values.push_back(bin.fraction_positive);
    predicted.values.push_back(bin.mean_predicted);
    rows.push_back({labels.back(), static_cast<double>(bin.rows), bin.mean_predicted, bin.fraction_positive, bin.gap(),
                    bin.lower, bin.upper});
  }
  result.AddLineChart("Reliability diagram", labels, {observed, predicted},
                      absl::StrCat("Predicted probability of '", positive_class, "'"), "Probability");
  result
      .AddTable("Reliability bins",
                {"Bin", "Rows", "Mean predicted probability", "Fraction of positives", "Calibration gap", "Bin from",
                 "Bin to"},
                rows)
      .SetRole(glassbox::v1::INTERVALS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(1, glassbox::v1::COLUMN_COUNT)
      .SetColumnRole(3, glassbox::v1::COLUMN_ESTIMATE)
      .SetColumnRole(5, glassbox::v1::COLUMN_LOWER_BOUND)
      .SetColumnRole(6, glassbox::v1::COLUMN_UPPER_BOUND);
  result.AddText("How to read it",
                 absl::StrCat(report.rows, " rows in ", settings.num_bins, " ", settings.strategy,
                              " bins of the predicted probability of '", positive_class, "'",
                              report.bins.size() < static_cast<size_t>(settings.num_bins)
                                  ? absl::StrCat(" (", settings.num_bins - report.bins.size(), " empty, omitted)")
                                  : "",
                              ". A calibrated model's fraction of positives equals its mean predicted probability "
                              "in every bin, so it falls within the bin's range of predicted probability; the "
                              "expected calibration error averages the gap weighted by the bins' rows."));
}

class CalibrationAnalyzer final : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("calibration");
    info.set_version(CALIBRATION_VERSION);
    info.set_description(
        "Calibration of a binary classifier's probabilities: reliability diagram, expected and maximum calibration "
        "error, Brier score (scikit-learn's calibration_curve and brier_score_loss). Needs probability columns or a "
        "model.");
    info.add_tasks(glassbox::v1::BINARY_CLASSIFICATION);
    *info.add_parameters() = sdk::IntParameter("num_bins", "Number of bins of the predicted probability", 10, 1, 1000);
    *info.add_parameters() = sdk::StringParameter(
        "strategy", "uniform: bins of equal width over [0, 1]; quantile: bins with equal numbers of rows", "uniform",
        {"uniform", "quantile"});
    *info.add_parameters() = sdk::CohortParameter();
    sdk::DeclareMetrics(*info.mutable_reports(),
                        {kBrierScore, kExpectedCalibrationError, kMaximumCalibrationError});
    return info;
  }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& result) const override {
    const Settings settings = SettingsOf(*context.params);
    auto report = Measure(context, settings);
    if (!report.ok()) return report.status();
    result.SetPayload(PayloadOf(*report, settings));
    AddBlocks(*report, settings, context.outcomes->classes[context.outcomes->positive_class], result);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::examples

GLASSBOX_PLUGIN(glassbox::examples::CalibrationAnalyzer)
