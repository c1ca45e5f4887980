#include "daemon/scorecard/summary_page.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "daemon/scorecard/cohort_sizes.h"
#include "daemon/scorecard/config_fit.h"
#include "daemon/scorecard/layout.h"
#include "daemon/scorecard/metric_glossary.h"
#include "daemon/scorecard/number_format.h"
#include "daemon/scorecard/sections.h"
#include "daemon/scorecard/table_drawer.h"
#include "glassbox/sdk/target.h"

namespace glassbox::scorecard {
namespace {

constexpr TextStyle kKickerStyle{style::kBodySize, true, style::kAccent};
constexpr TextStyle kTitleStyle{style::kTitleSize, true, style::kInk};
constexpr TextStyle kSubtitleStyle{style::kSubtitleSize, false, style::kMuted};
constexpr TextStyle kVerdictStyle{14, true, style::kInk};
constexpr TextStyle kVerdictDetailStyle{style::kBodySize, false, style::kInk};
constexpr float kBannerPadding = 10;

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixSeconds(timestamp.seconds()), absl::UTCTimeZone());
}

std::string RunStateName(glassbox::v1::RunState state) {
  switch (state) {
    case glassbox::v1::QUEUED:
      return "queued";
    case glassbox::v1::RUNNING:
      return "running";
    case glassbox::v1::SUCCEEDED:
      return "succeeded";
    case glassbox::v1::FAILED:
      return "failed (some analyses did not complete)";
    case glassbox::v1::CANCELLED:
      return "cancelled";
    case glassbox::v1::INTERRUPTED:
      return "interrupted";
    default:
      return "";
  }
}

std::string TaskName(glassbox::v1::TaskType task) {
  switch (task) {
    case glassbox::v1::BINARY_CLASSIFICATION:
      return "Binary classification";
    case glassbox::v1::MULTICLASS_CLASSIFICATION:
      return "Multiclass classification";
    case glassbox::v1::REGRESSION:
      return "Regression";
    default:
      return "";
  }
}

void DrawTitle(PdfCanvas& canvas, const ScorecardInput& input) {
  canvas.DrawText(PdfCanvas::left(), canvas.y() + kKickerStyle.size, "RESPONSIBLE AI SCORECARD", kKickerStyle);
  canvas.MoveDown(kKickerStyle.line_height() + 2);
  for (const auto& line : canvas.Wrap(ModelTitle(input), kTitleStyle, PdfCanvas::width())) {
    canvas.DrawText(PdfCanvas::left(), canvas.y() + kTitleStyle.size, line, kTitleStyle);
    canvas.MoveDown(kTitleStyle.line_height());
  }
  std::string subtitle = input.model.version.empty() ? "" : absl::StrCat("Version ", input.model.version, "   ·   ");
  absl::StrAppend(&subtitle, "Issued ", absl::FormatTime("%Y-%m-%d", input.issue_time, absl::UTCTimeZone()));
  canvas.DrawText(PdfCanvas::left(), canvas.y() + kSubtitleStyle.size, subtitle, kSubtitleStyle);
  canvas.MoveDown(kSubtitleStyle.line_height() + 14);
}

void DrawVerdict(PdfCanvas& canvas, const TargetSummary& summary, int unfinished, size_t missing) {
  const bool pass = summary.verdict == glassbox::v1::PASS;
  const bool fail = summary.verdict == glassbox::v1::FAIL;
  const Color accent = pass ? style::kPass : fail ? style::kFail : style::kAccent;
  const Color fill = pass ? style::kPassFill : fail ? style::kFailFill : style::kHeaderFill;
  std::string detail =
      summary.total == 0
          ? "Set targets in the configuration's Metrics and Fairness thresholds to have them checked here."
          : "Each target the configuration sets and its measured value is listed below; a target no analysis "
            "measured counts as not met.";
  if (unfinished > 0) {
    absl::StrAppend(&detail, " ", unfinished, unfinished == 1 ? " analysis" : " analyses",
                    " did not complete; see the notices below.");
  }
  if (missing > 0) {
    absl::StrAppend(&detail, " ", missing, missing == 1 ? " part" : " parts",
                    " of what the configuration asks for could not be filled; see \"Asked for but missing\".");
  }
  const auto lines = canvas.Wrap(detail, kVerdictDetailStyle, PdfCanvas::width() - 2 * kBannerPadding - 4);
  const float height =
      2 * kBannerPadding + kVerdictStyle.line_height() + lines.size() * kVerdictDetailStyle.line_height();
  const float top = canvas.y();
  canvas.FillRect(PdfCanvas::left(), top, PdfCanvas::width(), height, fill);
  canvas.FillRect(PdfCanvas::left(), top, 4, height, accent);
  const std::string mark = pass ? "✓ " : fail ? "✗ " : "";
  TextStyle verdict_style = kVerdictStyle;
  verdict_style.color = accent;
  float baseline = top + kBannerPadding + kVerdictStyle.size;
  canvas.DrawText(PdfCanvas::left() + 4 + kBannerPadding, baseline, absl::StrCat(mark, VerdictLine(summary)),
                  verdict_style);
  baseline += kVerdictStyle.line_height();
  for (const auto& line : lines) {
    canvas.DrawText(PdfCanvas::left() + 4 + kBannerPadding, baseline, line, kVerdictDetailStyle);
    baseline += kVerdictDetailStyle.line_height();
  }
  canvas.MoveDown(height + kBlockGap + 4);
}

void DrawTargets(PdfCanvas& canvas, const ScorecardInput& input, const std::string& title,
                 const std::vector<TargetCheck>& checks) {
  if (checks.empty()) return;
  const CohortSizes sizes(input);
  std::vector<std::string> cohorts;
  for (const auto& check : checks) {
    if (!check.cohort.empty()) cohorts.push_back(check.cohort);
  }
  TableData table;
  table.columns = {"Metric", "Name", "What it measures"};
  if (!cohorts.empty()) table.columns.push_back("Cohort");
  table.columns.insert(table.columns.end(), {"Value", "Target", "Result"});
  for (const auto& check : checks) {
    auto& row = table.rows.emplace_back();
    TableCell words = TextCell(check.words.empty() ? check.metric : check.words);
    words.bold = true;
    row.push_back(std::move(words));
    row.push_back(NameCell(check.metric));
    row.push_back(TextCell(check.description));
    if (!cohorts.empty()) row.push_back(NameCell(check.cohort.empty() ? "All data" : sizes.Label(check.cohort)));
    row.push_back(check.value ? NumberCell(*check.value) : TextCell("—"));
    row.push_back(TextCell(sdk::FormatTarget(check.target)));
    row.push_back(MarkCell(check.verdict, check.value.has_value()));
  }
  table.note = sizes.Warning(cohorts);
  DrawTable(canvas, title, table);
}

void DrawMissing(PdfCanvas& canvas, const std::vector<Shortfall>& shortfalls) {
  if (shortfalls.empty()) return;
  TableData table;
  table.columns = {"Asked for", "Why it is missing"};
  for (const auto& shortfall : shortfalls) {
    table.rows.push_back({NameCell(shortfall.key), TextCell(shortfall.reason)});
  }
  DrawTable(canvas, "Asked for but missing", table);
}

void DrawAnalystThresholds(PdfCanvas& canvas, const ScorecardInput& input, const std::vector<TargetCheck>& thresholds) {
  if (thresholds.empty()) return;
  DrawTargets(canvas, input, "Thresholds the analyst set (not counted in the verdict)", thresholds);
  Notice(canvas,
         "These thresholds were set as parameters of the analyses (for example fairness' difference_target), not "
         "by the scorecard configuration: they are the analyst's, and count neither as met nor as missed above.",
         NoticeKind::kInfo);
}

TableData KeyValues(const std::vector<std::pair<std::string, std::string>>& pairs) {
  TableData table;
  table.columns = {"", ""};
  table.show_header = false;
  for (const auto& [key, value] : pairs) {
    if (value.empty()) continue;
    TableCell key_cell = TextCell(key);
    key_cell.bold = true;
    table.rows.push_back({key_cell, TextCell(value)});
  }
  return table;
}

void DrawModel(PdfCanvas& canvas, const ScorecardInput& input) {
  const auto& model = input.model;
  const auto& configured = input.config.model();
  std::string type = TaskName(input.run.spec().task());
  if (type.empty() && !configured.model_type().empty()) type = configured.model_type();
  const TableData table = KeyValues({
      {"Model", model.name},
      {"Version", model.version},
      {"Type", type},
      {"Summary", configured.model_summary()},
      {"Intended use", model.intended_use},
      {"Architecture", model.architecture},
      {"Training data", model.training_data},
      {"Evaluation data", model.evaluation_data},
      {"Owner", model.owner},
      {"Notes", model.notes},
  });
  if (!table.rows.empty()) DrawTable(canvas, "About the model", table);
}

// A binary run's positive class, and the class its one probability column is read as.
std::string PositiveClass(const glassbox::v1::RunSpec& spec) {
  if (spec.task() != glassbox::v1::BINARY_CLASSIFICATION || spec.positive_class().empty()) return "";
  std::string text = absl::StrCat("'", spec.positive_class(), "' of ", spec.target_column());
  if (spec.predictions().probability_columns_size() == 1) {
    absl::StrAppend(&text, "; column '", spec.predictions().probability_columns(0), "' is read as P(",
                    spec.target_column(), " = '", spec.positive_class(), "')");
  }
  return text;
}

void DrawRun(PdfCanvas& canvas, const ScorecardInput& input) {
  const auto& run = input.run;
  const auto& dataset = input.dataset;
  std::string data = dataset.display_name().empty() ? dataset.id() : dataset.display_name();
  if (dataset.row_count() > 0)
    absl::StrAppend(&data, " (", FormatNumber(static_cast<double>(dataset.row_count())), " rows)");
  const TableData table = KeyValues({
      {"Run",
       run.spec().display_name().empty() ? run.id() : absl::StrCat(run.spec().display_name(), " (", run.id(), ")")},
      {"State", RunStateName(run.state())},
      {"Created by", run.creator()},
      {"Started", FormatTimestamp(run.start_time().seconds() != 0 ? run.start_time() : run.create_time())},
      {"Finished", FormatTimestamp(run.end_time())},
      {"Evaluation dataset", data},
      {"Positive class", PositiveClass(run.spec())},
      {"Dataset SHA-256", dataset.sha256()},
  });
  if (!table.rows.empty()) DrawTable(canvas, "About this run", table);

  TableData analyses;
  analyses.columns = {"Analysis", "Analyzer version", "Outcome"};
  for (const auto& status : run.analyses()) {
    auto& row = analyses.rows.emplace_back();
    row.push_back(TextCell(status.analyzer()));
    row.push_back(TextCell(status.analyzer_version()));
    TableCell outcome;
    const bool succeeded = status.state() == glassbox::v1::ANALYSIS_SUCCEEDED;
    outcome.mark = succeeded ? CellMark::kPass : CellMark::kFail;
    outcome.text = succeeded                                            ? "✓ Succeeded"
                   : status.state() == glassbox::v1::ANALYSIS_CANCELLED ? "✗ Cancelled"
                   : status.state() == glassbox::v1::ANALYSIS_FAILED    ? "✗ Failed"
                                                                        : "✗ Did not finish";
    row.push_back(outcome);
  }
  if (!analyses.rows.empty()) DrawTable(canvas, "Analyses in this run", analyses);
}

}  // namespace

std::string ModelTitle(const ScorecardInput& input) {
  if (!input.config.model().model_name().empty()) return input.config.model().model_name();
  return input.model.name.empty() ? "Unnamed model" : input.model.name;
}

std::string VerdictLine(const TargetSummary& summary) {
  if (summary.total == 0) return "No targets were set.";
  if (summary.met == summary.total) {
    return summary.total == 1 ? "The target was met." : absl::StrCat("All ", summary.total, " targets met.");
  }
  return absl::StrCat("Not all targets met: ", summary.met, " of ", summary.total, " met.");
}

void DrawSummary(PdfCanvas& canvas, const ScorecardInput& input, const std::vector<TargetCheck>& checks) {
  const auto unfinished = std::count_if(input.run.analyses().begin(), input.run.analyses().end(),
                                        [](const auto& s) { return s.state() != glassbox::v1::ANALYSIS_SUCCEEDED; });
  const auto missing = FindShortfalls(input.config, ReportOfInsights(input.run, input.insights));
  DrawTitle(canvas, input);
  DrawVerdict(canvas, Summarize(checks), static_cast<int>(unfinished), missing.size());
  for (const auto& status : input.run.analyses()) {
    if (status.state() != glassbox::v1::ANALYSIS_SUCCEEDED)
      Notice(canvas, DescribeUnfinished(status), NoticeKind::kFailure);
  }
  DrawTargets(canvas, input, "Targets", checks);
  DrawMissing(canvas, missing);
  DrawAnalystThresholds(canvas, input, AnalystThresholds(input.config, input.insights));
  DrawModel(canvas, input);
  DrawRun(canvas, input);
}

}  // namespace glassbox::scorecard
