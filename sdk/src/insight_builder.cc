#include "glassbox/sdk/insight_builder.h"

#include "glassbox/sdk/target.h"

namespace glassbox::sdk::inline v4 {

MetricMeaning& MetricMeaning::SetDisplayName(std::string words) {
  metric_->set_display_name(std::move(words));
  return *this;
}

MetricMeaning& MetricMeaning::SetFeature(std::string feature) {
  metric_->set_feature(std::move(feature));
  return *this;
}

MetricMeaning& MetricMeaning::SetGroup(std::string group) {
  metric_->set_group(std::move(group));
  return *this;
}

MetricMeaning& MetricMeaning::SetAggregate(glassbox::v1::Aggregate aggregate, std::string measure) {
  metric_->set_aggregate(aggregate);
  metric_->set_measure(std::move(measure));
  return *this;
}

MetricMeaning& MetricMeaning::SetUnit(std::string unit) {
  metric_->set_unit(std::move(unit));
  return *this;
}

MetricMeaning& MetricMeaning::SetDirection(glassbox::v1::Direction direction) {
  metric_->set_direction(direction);
  return *this;
}

TableMeaning& TableMeaning::SetRole(glassbox::v1::TableRole role) {
  table_->set_role(role);
  return *this;
}

TableMeaning& TableMeaning::SetColumnRole(int index, glassbox::v1::ColumnRole role) {
  if (index < 0 || index >= table_->columns_size()) return *this;
  while (table_->column_roles_size() < table_->columns_size()) {
    table_->add_column_roles(glassbox::v1::COLUMN_ROLE_UNSPECIFIED);
  }
  table_->set_column_roles(index, role);
  return *this;
}

TableMeaning& TableMeaning::SetFeature(std::string feature) {
  table_->set_feature(std::move(feature));
  return *this;
}

ChartMeaning& ChartMeaning::SetRole(glassbox::v1::ChartRole role) {
  chart_->set_role(role);
  return *this;
}

ChartMeaning& ChartMeaning::SetFeature(std::string feature) {
  chart_->set_feature(std::move(feature));
  return *this;
}

void InsightBuilder::SetPayload(const google::protobuf::Message& payload) {
  insight_.mutable_payload()->PackFrom(payload);
}

MetricMeaning InsightBuilder::AddMetric(std::string title, std::string name, double value, std::string cohort,
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
  return MetricMeaning(metric);
}

TableMeaning InsightBuilder::AddTable(std::string title, std::vector<std::string> columns,
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
  return TableMeaning(table);
}

ChartMeaning InsightBuilder::AddBarChart(std::string title, std::vector<std::string> categories,
                                         std::vector<SeriesData> series, std::string x_label, std::string y_label) {
  return AddChart(glassbox::v1::BAR, std::move(title), std::move(categories), std::move(series), std::move(x_label),
           std::move(y_label));
}

ChartMeaning InsightBuilder::AddLineChart(std::string title, std::vector<std::string> categories,
                                          std::vector<SeriesData> series, std::string x_label, std::string y_label) {
  return AddChart(glassbox::v1::LINE, std::move(title), std::move(categories), std::move(series), std::move(x_label),
           std::move(y_label));
}

ChartMeaning InsightBuilder::AddChart(glassbox::v1::ChartKind kind, std::string title,
                                      std::vector<std::string> categories, std::vector<SeriesData> series,
                                      std::string x_label, std::string y_label) {
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
  return ChartMeaning(chart);
}

void InsightBuilder::AddText(std::string title, std::string text) {
  auto* block = insight_.add_blocks();
  block->set_title(std::move(title));
  block->mutable_text()->set_text(std::move(text));
}

}  // namespace glassbox::sdk::inline v4
