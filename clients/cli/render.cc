#include "clients/cli/render.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/cli/display_width.h"
#include "daemon/common/enum_words.h"
#include "glassbox/sdk/target.h"
#include "google/protobuf/util/json_util.h"

namespace glassbox::cli {
namespace {

std::string CellText(const glassbox::v1::Cell& cell) {
  return cell.has_number() ? FormatNumber(cell.number()) : cell.text();
}

std::string RenderTable(const glassbox::v1::TableBlock& table) {
  std::vector<size_t> widths(table.columns_size());
  for (int i = 0; i < table.columns_size(); ++i) widths[i] = DisplayWidth(table.columns(i));
  for (const auto& row : table.rows()) {
    for (int i = 0; i < row.cells_size() && i < static_cast<int>(widths.size()); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(CellText(row.cells(i))));
    }
  }
  auto line = [&](auto cell_at, int count) {
    std::string out = " ";
    for (int i = 0; i < count; ++i) absl::StrAppend(&out, " ", PadToWidth(cell_at(i), widths[i]));
    return absl::StrCat(out, "\n");
  };
  std::string out = line([&](int i) { return table.columns(i); }, table.columns_size());
  size_t total = 1;
  for (size_t width : widths) total += width + 1;
  absl::StrAppend(&out, "  ", std::string(total - 2, '-'), "\n");
  for (const auto& row : table.rows()) {
    out += line([&](int i) { return CellText(row.cells(i)); }, std::min<int>(row.cells_size(), widths.size()));
  }
  return out;
}

std::string RenderChart(const glassbox::v1::ChartBlock& chart) {
  constexpr int kBarWidth = 40;
  double max_value = 0;
  size_t label_width = 0;
  for (const auto& category : chart.categories()) label_width = std::max(label_width, DisplayWidth(category));
  for (const auto& series : chart.series()) {
    for (double value : series.values()) max_value = std::max(max_value, std::abs(value));
  }
  std::string out;
  for (const auto& series : chart.series()) {
    if (chart.series_size() > 1) absl::StrAppend(&out, "  ", series.name(), ":\n");
    for (int i = 0; i < series.values_size() && i < chart.categories_size(); ++i) {
      double value = series.values(i);
      int length = max_value > 0 ? static_cast<int>(std::lround(std::abs(value) / max_value * kBarWidth)) : 0;
      absl::StrAppend(&out, "  ", PadToWidth(chart.categories(i), label_width), " |",
                      std::string(length, '#'), " ", FormatNumber(value), "\n");
    }
  }
  return out;
}

}  // namespace

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (value == std::floor(value) && std::abs(value) < 1e15) return absl::StrFormat("%.0f", value);
  return absl::StrFormat("%.4g", value);
}

std::string RenderBlock(const glassbox::v1::Block& block) {
  std::string out;
  switch (block.content_case()) {
    case glassbox::v1::Block::kMetric: {
      const auto& metric = block.metric();
      out = absl::StrCat("  ", block.title().empty() ? metric.name() : block.title(),
                         metric.cohort().empty() ? "" : absl::StrCat(" [", metric.cohort(), "]"), ": ",
                         FormatNumber(metric.value()));
      if (metric.direction() != glassbox::v1::DIRECTION_UNSPECIFIED) {
        absl::StrAppend(&out, metric.direction() == glassbox::v1::HIGHER_IS_BETTER ? " (higher is better)"
                                                                                 : " (lower is better)");
      }
      if (metric.verdict() != glassbox::v1::VERDICT_UNSPECIFIED) {
        absl::StrAppend(&out, "  (target ", sdk::FormatTarget(metric.target()), ": ",
                        metric.verdict() == glassbox::v1::PASS ? "PASS" : "FAIL", ")");
      }
      return absl::StrCat(out, "\n");
    }
    case glassbox::v1::Block::kTable:
      return absl::StrCat("  ", block.title(), "\n", RenderTable(block.table()));
    case glassbox::v1::Block::kChart:
      return absl::StrCat("  ", block.title(), "\n", RenderChart(block.chart()));
    case glassbox::v1::Block::kText:
      // A text's later lines (e.g. a list of bullets) are indented under its first.
      return absl::StrCat("  ", block.title(), block.title().empty() ? "" : ": ",
                          absl::StrReplaceAll(block.text().text(), {{"\n", "\n    "}}), "\n");
    default:
      return "";
  }
}

std::string RenderInsight(const glassbox::v1::Insight& insight) {
  std::string out = absl::StrCat("== ", insight.analyzer(), " ", insight.analyzer_version(), " (", insight.id(), ")\n");
  bool previous_was_metric = false;
  for (const auto& block : insight.blocks()) {
    bool is_metric = block.has_metric();
    if (!(is_metric && previous_was_metric)) out += "\n";
    out += RenderBlock(block);
    previous_was_metric = is_metric;
  }
  return out;
}

std::string RenderRunSummary(const glassbox::v1::Run& run) {
  std::string out =
      absl::StrCat("run ", run.id(), "  ", EnumWord(run.state()), "  dataset ", run.spec().dataset_id(), "\n");
  if (!run.error().empty()) absl::StrAppend(&out, "  error: ", run.error(), "\n");
  for (const auto& analysis : run.analyses()) {
    absl::StrAppend(&out, "  ", PadToWidth(analysis.analyzer(), 18), " ", EnumWord(analysis.state()),
                    analysis.error().empty() ? "" : absl::StrCat(": ", analysis.error()), "\n");
  }
  // After the analyses, which scripts read as the lines under the first.
  const auto& spec = run.spec();
  if (spec.task() == glassbox::v1::BINARY_CLASSIFICATION && !spec.positive_class().empty()) {
    absl::StrAppend(&out, "  positive class '", spec.positive_class(), "' of ", spec.target_column());
    if (spec.predictions().probability_columns_size() == 1) {
      absl::StrAppend(&out, "; probability column '", spec.predictions().probability_columns(0), "' is read as P(",
                      spec.target_column(), " = '", spec.positive_class(), "')");
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

std::string RenderParameter(const glassbox::v1::ParameterSpec& parameter) {
  std::vector<std::string> facts = {EnumWord(parameter.type())};
  if (parameter.required()) facts.push_back("required");
  if (parameter.has_default_value() && !parameter.default_value().has_null_value()) {
    std::string value;
    if (google::protobuf::util::MessageToJsonString(parameter.default_value(), &value).ok()) {
      facts.push_back("default " + value);
    }
  }
  if (parameter.has_min() && parameter.has_max()) {
    facts.push_back(absl::StrCat("range [", FormatNumber(parameter.min()), ", ", FormatNumber(parameter.max()), "]"));
  } else if (parameter.has_min()) {
    facts.push_back("at least " + FormatNumber(parameter.min()));
  } else if (parameter.has_max()) {
    facts.push_back("at most " + FormatNumber(parameter.max()));
  }
  if (parameter.choices_size() > 0) facts.push_back("one of " + absl::StrJoin(parameter.choices(), ", "));
  if (parameter.max_items() > 0) facts.push_back(absl::StrCat("at most ", parameter.max_items(), " items"));
  return absl::StrCat(parameter.name(), " (", absl::StrJoin(facts, "; "), "): ", parameter.description());
}

std::string RenderWhatIf(const glassbox::v1::WhatIfResponse& changed, const glassbox::v1::WhatIfResponse* original) {
  glassbox::v1::TableBlock table_block;
  auto* table = &table_block;
  table->add_columns("");
  if (original != nullptr) table->add_columns("original");
  table->add_columns(original != nullptr ? "changed" : "prediction");
  auto add_row = [&](const std::string& label, auto cell_of) {
    auto* row = table->add_rows();
    row->add_cells()->set_text(label);
    if (original != nullptr) *row->add_cells() = cell_of(*original);
    *row->add_cells() = cell_of(changed);
  };
  auto text = [](const std::string& value) {
    glassbox::v1::Cell cell;
    cell.set_text(value);
    return cell;
  };
  auto number = [](double value) {
    glassbox::v1::Cell cell;
    cell.set_number(value);
    return cell;
  };
  if (changed.classes_size() > 0) {
    add_row("predicted", [&](const auto& answer) { return text(answer.predicted_class()); });
    for (int k = 0; k < changed.classes_size(); ++k) {
      add_row(absl::StrCat("P(", changed.classes(k), ")"), [&](const auto& answer) {
        return k < answer.probabilities_size() ? number(answer.probabilities(k)) : text("");
      });
    }
  } else {
    add_row("predicted", [&](const auto& answer) { return number(answer.predicted_value()); });
  }
  std::string out = RenderTable(*table);
  if (original != nullptr) {
    std::vector<std::string> changes;
    for (const auto& [feature, value] : changed.row()) {
      auto before = original->row().find(feature);
      if (before == original->row().end() || before->second != value) {
        changes.push_back(absl::StrCat(feature, " ", before == original->row().end() ? "" : before->second, " → ",
                                       value));
      }
    }
    std::sort(changes.begin(), changes.end());
    absl::StrAppend(&out, "  changed: ", changes.empty() ? "nothing" : absl::StrJoin(changes, ", "), "\n");
  }
  if (changed.contributions_size() > 0) {
    absl::StrAppend(&out, "contributions (margin), bias ", FormatNumber(changed.bias()), ":\n");
    for (const auto& contribution : changed.contributions()) {
      absl::StrAppend(&out, "  ", contribution.feature(), " = ", contribution.value(), ": ",
                      FormatNumber(contribution.contribution()), "\n");
    }
  }
  return out;
}

std::string RenderComparison(const glassbox::v1::CompareRunsResponse& comparison) {
  const std::string& baseline = comparison.run().id();
  const std::string& other = comparison.other_run().id();
  auto text = [](glassbox::v1::TableRow& row, const std::string& value) { row.add_cells()->set_text(value); };
  auto number = [](glassbox::v1::TableRow& row, double value) { row.add_cells()->set_number(value); };
  std::string out = absl::StrCat(baseline, " (baseline) against ", other, "\n");
  if (comparison.metrics_size() > 0) {
    glassbox::v1::TableBlock metrics;
    for (const char* column : {"analyzer", "metric", "cohort"}) metrics.add_columns(column);
    for (const std::string& column : {baseline, other, std::string("delta"), std::string("change")}) {
      metrics.add_columns(column);
    }
    for (const auto& metric : comparison.metrics()) {
      auto& row = *metrics.add_rows();
      text(row, metric.analyzer());
      text(row, metric.name());
      text(row, metric.cohort().empty() ? "all" : metric.cohort());
      number(row, metric.value());
      number(row, metric.other_value());
      number(row, metric.delta());
      text(row, EnumWord(metric.change()));
    }
    absl::StrAppend(&out, RenderTable(metrics));
  }
  if (comparison.features_size() > 0) {
    glassbox::v1::TableBlock features;
    for (const std::string& column : {std::string("analyzer"), std::string("feature"), absl::StrCat("rank ", baseline),
                                      absl::StrCat("rank ", other), baseline, other}) {
      features.add_columns(column);
    }
    for (const auto& feature : comparison.features()) {
      auto& row = *features.add_rows();
      text(row, feature.analyzer());
      text(row, feature.feature());
      text(row, feature.rank() > 0 ? absl::StrCat(feature.rank()) : "-");
      text(row, feature.other_rank() > 0 ? absl::StrCat(feature.other_rank()) : "-");
      number(row, feature.importance());
      number(row, feature.other_importance());
    }
    absl::StrAppend(&out, "feature importance:\n", RenderTable(features));
  }
  if (comparison.only_in_run_size() > 0) {
    absl::StrAppend(&out, "only in ", baseline, ": ", absl::StrJoin(comparison.only_in_run(), ", "), "\n");
  }
  if (comparison.only_in_other_run_size() > 0) {
    absl::StrAppend(&out, "only in ", other, ": ", absl::StrJoin(comparison.only_in_other_run(), ", "), "\n");
  }
  return out;
}

std::string ProgressBar(double fraction, const std::string& message, int width) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  int filled = static_cast<int>(std::lround(fraction * width));
  return absl::StrCat("[", std::string(filled, '#'), std::string(width - filled, '.'), "] ",
                      absl::StrFormat("%3d%%", static_cast<int>(std::lround(fraction * 100))), "  ", message);
}

}  // namespace glassbox::cli
