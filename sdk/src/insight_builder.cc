#include "glassbox/sdk/insight_builder.h"

#include "glassbox/sdk/target.h"

namespace glassbox::sdk {

void InsightBuilder::SetPayload(const google::protobuf::Message& payload) {
  insight_.mutable_payload()->PackFrom(payload);
}

void InsightBuilder::AddMetric(std::string title, std::string name, double value, std::string cohort,
                               std::optional<glassbox::v1::Target> target) {
  auto* block = insight_.add_blocks();
  block->set_title(std::move(title));
  auto* metric = block->mutable_metric();
  metric->set_name(std::move(name));
  metric->set_value(value);
  metric->set_cohort(std::move(cohort));
  if (target) {
    *metric->mutable_target() = *target;
    metric->set_verdict(MeetsTarget(value, *target) ? glassbox::v1::PASS : glassbox::v1::FAIL);
  }
}

void InsightBuilder::AddTable(std::string title, std::vector<std::string> columns,
                              const std::vector<std::vector<Cell>>& rows) {
  auto* block = insight_.add_blocks();
  block->set_title(std::move(title));
  auto* table = block->mutable_table();
  for (auto& column : columns) table->add_columns(std::move(column));
  for (const auto& row : rows) {
    auto* out = table->add_rows();
    for (const auto& cell : row) {
      if (const auto* text = std::get_if<std::string>(&cell)) {
        out->add_cells()->set_text(*text);
      } else {
        out->add_cells()->set_number(std::get<double>(cell));
      }
    }
  }
}

void InsightBuilder::AddBarChart(std::string title, std::vector<std::string> categories,
                                 std::vector<SeriesData> series, std::string x_label, std::string y_label) {
  AddChart(glassbox::v1::BAR, std::move(title), std::move(categories), std::move(series), std::move(x_label),
           std::move(y_label));
}

void InsightBuilder::AddLineChart(std::string title, std::vector<std::string> categories,
                                  std::vector<SeriesData> series, std::string x_label, std::string y_label) {
  AddChart(glassbox::v1::LINE, std::move(title), std::move(categories), std::move(series), std::move(x_label),
           std::move(y_label));
}

void InsightBuilder::AddChart(glassbox::v1::ChartKind kind, std::string title, std::vector<std::string> categories,
                              std::vector<SeriesData> series, std::string x_label, std::string y_label) {
  auto* block = insight_.add_blocks();
  block->set_title(std::move(title));
  auto* chart = block->mutable_chart();
  chart->set_kind(kind);
  for (auto& category : categories) chart->add_categories(std::move(category));
  for (auto& data : series) {
    auto* out = chart->add_series();
    out->set_name(std::move(data.name));
    out->mutable_values()->Add(data.values.begin(), data.values.end());
  }
  chart->set_x_label(std::move(x_label));
  chart->set_y_label(std::move(y_label));
}

void InsightBuilder::AddText(std::string title, std::string text) {
  auto* block = insight_.add_blocks();
  block->set_title(std::move(title));
  block->mutable_text()->set_text(std::move(text));
}

}  // namespace glassbox::sdk
