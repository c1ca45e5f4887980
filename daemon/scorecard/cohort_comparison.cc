#include "daemon/scorecard/cohort_comparison.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "daemon/scorecard/cohort_sizes.h"
#include "daemon/scorecard/metric_glossary.h"
#include "daemon/scorecard/number_format.h"
#include "daemon/scorecard/section_plan.h"
#include "daemon/scorecard/table_drawer.h"
#include "daemon/scorecard/text_match.h"
#include "glassbox/sdk/target.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::MetricBlock;

// Cohorts per table: more would squeeze the numbers below a readable size.
constexpr size_t kCohortsPerTable = 4;
constexpr char kAllData[] = "All data";

// A value of the metric itself, not of one group or an aggregate over groups.
bool IsPlainValue(const MetricBlock& metric) {
  return metric.group().empty() && metric.feature().empty() &&
         (metric.aggregate() == glassbox::v1::AGGREGATE_UNSPECIFIED ||
          metric.aggregate() == glassbox::v1::AGGREGATE_VALUE);
}

bool IsSize(const MetricBlock& metric) { return metric.unit() == "rows"; }

struct Comparison {
  // Metric keys (MetricKey) in row order, and a block naming each in words.
  std::vector<std::string> keys;
  std::map<std::string, const MetricBlock*> exemplar;
  // (cohort, key) -> the metric; cohort "" is all the data.
  std::map<std::pair<std::string, std::string>, const MetricBlock*> values;
};

Comparison Collect(const ScorecardInput& input, const std::vector<std::string>& cohorts) {
  Comparison comparison;
  for (const auto& insight : input.insights) {
    for (const auto& block : insight.blocks()) {
      if (!block.has_metric() || !IsPlainValue(block.metric()) || IsSize(block.metric())) continue;
      const MetricBlock& metric = block.metric();
      const bool shown = metric.cohort().empty() ||
                         std::find(cohorts.begin(), cohorts.end(), metric.cohort()) != cohorts.end();
      if (!shown) continue;
      const std::string key = MetricKey(metric.name());
      comparison.values.try_emplace({metric.cohort(), key}, &metric);
      if (metric.cohort().empty()) continue;
      if (comparison.exemplar.try_emplace(key, &metric).second && input.config.metrics().empty()) {
        comparison.keys.push_back(key);
      }
    }
  }
  for (const auto& configured : input.config.metrics()) {
    const std::string key = MetricKey(configured.name());
    if (std::find(comparison.keys.begin(), comparison.keys.end(), key) == comparison.keys.end()) {
      comparison.keys.push_back(key);
    }
  }
  return comparison;
}

std::optional<glassbox::v1::Target> TargetOf(const ScorecardInput& input, const std::string& key) {
  for (const auto& configured : input.config.metrics()) {
    if (MetricKey(configured.name()) == key && configured.has_target()) return configured.target();
  }
  return std::nullopt;
}

TableCell ValueCell(const MetricBlock* metric, const std::optional<glassbox::v1::Target>& target) {
  if (metric == nullptr) return TextCell("—");
  TableCell cell = NumberCell(metric->value());
  if (target) absl::StrAppend(&cell.text, sdk::MeetsTarget(metric->value(), *target) ? " ✓" : " ✗");
  return cell;
}

void DrawTableOf(PdfCanvas& canvas, const ScorecardInput& input, const Comparison& comparison,
                 const CohortSizes& sizes, const std::vector<std::string>& cohorts, bool first, std::string note) {
  TableData table;
  table.note = std::move(note);
  table.columns = {"Metric", "Target", kAllData};
  for (const auto& cohort : cohorts) table.columns.push_back(sizes.Label(cohort));
  auto& size_row = table.rows.emplace_back();
  TableCell rows_name = TextCell("Rows");
  rows_name.bold = true;
  size_row.push_back(rows_name);
  size_row.push_back(TextCell("—"));
  size_row.push_back(input.dataset.row_count() > 0 ? NumberCell(static_cast<double>(input.dataset.row_count()))
                                                   : TextCell("—"));
  for (const auto& cohort : cohorts) {
    const auto rows = sizes.RowsOf(cohort);
    size_row.push_back(rows ? NumberCell(static_cast<double>(*rows)) : TextCell("—"));
  }
  for (const auto& key : comparison.keys) {
    auto& row = table.rows.emplace_back();
    const auto exemplar = comparison.exemplar.find(key);
    TableCell name = TextCell(exemplar != comparison.exemplar.end() ? MetricInWords(*exemplar->second) : key);
    name.bold = true;
    row.push_back(std::move(name));
    const auto target = TargetOf(input, key);
    row.push_back(TextCell(target ? sdk::FormatTarget(*target) : "—"));
    auto value = [&](const std::string& cohort) -> const MetricBlock* {
      auto it = comparison.values.find({cohort, key});
      return it == comparison.values.end() ? nullptr : it->second;
    };
    row.push_back(ValueCell(value(""), target));
    for (const auto& cohort : cohorts) row.push_back(ValueCell(value(cohort), target));
  }
  DrawTable(canvas, first ? "The run's cohorts side by side" : "", table);
}

}  // namespace

std::vector<std::string> DrawCohortComparison(PdfCanvas& canvas, const ScorecardInput& input) {
  const auto cohorts = ShownCohorts(input);
  const CohortSizes sizes(input);
  const Comparison comparison = Collect(input, cohorts);
  std::vector<std::string> reported, absent;
  for (const auto& cohort : cohorts) {
    const bool any = sizes.RowsOf(cohort).has_value() ||
                     std::any_of(comparison.values.begin(), comparison.values.end(),
                                 [&](const auto& entry) { return entry.first.first == cohort; });
    (any ? reported : absent).push_back(cohort);
  }
  for (size_t start = 0; start < reported.size(); start += kCohortsPerTable) {
    const size_t end = std::min(reported.size(), start + kCohortsPerTable);
    DrawTableOf(canvas, input, comparison, sizes,
                std::vector<std::string>(reported.begin() + start, reported.begin() + end), start == 0,
                end == reported.size() ? sizes.Warning(reported) : "");
  }
  return absent;
}

}  // namespace glassbox::scorecard
