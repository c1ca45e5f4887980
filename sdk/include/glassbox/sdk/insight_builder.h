// Builds an analysis result: the typed payload programs read and the generic
// presentation blocks the scorecard and the CLI render. Renderers lay blocks
// out by their typed meaning only (never by titles or headers): each Add*
// returns a handle whose setters state it, e.g.
//   builder.AddMetric("Selection rate difference (sex)", "selection_rate difference (sex)", 0.19)
//       .SetAggregate(glassbox::v1::AGGREGATE_DIFFERENCE, "selection_rate").SetFeature("sex");
// A handle stays valid as long as its builder, until Release().
#ifndef GLASSBOX_SDK_INSIGHT_BUILDER_H_
#define GLASSBOX_SDK_INSIGHT_BUILDER_H_

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "google/protobuf/message.h"
#include "glassbox/v1/insight.pb.h"

namespace glassbox::sdk::inline v4 {

using Cell = std::variant<std::string, double>;

struct SeriesData {
  std::string name;
  std::vector<double> values;
};

// The meaning of one metric block; every setter returns *this.
class MetricMeaning {
 public:
  explicit MetricMeaning(glassbox::v1::MetricBlock* metric) : metric_(metric) {}
  // The metric in words, e.g. "Accuracy".
  MetricMeaning& SetDisplayName(std::string words);
  // The column of the dataset it is about, e.g. a sensitive feature.
  MetricMeaning& SetFeature(std::string feature);
  // The value of the feature it was measured on.
  MetricMeaning& SetGroup(std::string group);
  // What the value summarises across groups, and of which metric, e.g. (AGGREGATE_RATIO, "selection_rate").
  MetricMeaning& SetAggregate(glassbox::v1::Aggregate aggregate, std::string measure);
  MetricMeaning& SetUnit(std::string unit);
  MetricMeaning& SetDirection(glassbox::v1::Direction direction);

 private:
  glassbox::v1::MetricBlock* metric_;
};

// The meaning of one table block; every setter returns *this.
class TableMeaning {
 public:
  explicit TableMeaning(glassbox::v1::TableBlock* table) : table_(table) {}
  TableMeaning& SetRole(glassbox::v1::TableRole role);
  // What column `index` (counted from 0) holds; an index past the last column is ignored.
  TableMeaning& SetColumnRole(int index, glassbox::v1::ColumnRole role);
  // The column of the dataset the whole table is about.
  TableMeaning& SetFeature(std::string feature);

 private:
  glassbox::v1::TableBlock* table_;
};

// The meaning of one chart block (its kind and axis titles are set when it is
// added); every setter returns *this.
class ChartMeaning {
 public:
  explicit ChartMeaning(glassbox::v1::ChartBlock* chart) : chart_(chart) {}
  ChartMeaning& SetRole(glassbox::v1::ChartRole role);
  // The column of the dataset the chart is about.
  ChartMeaning& SetFeature(std::string feature);

 private:
  glassbox::v1::ChartBlock* chart_;
};

class InsightBuilder {
 public:
  void SetPayload(const google::protobuf::Message& payload);

  // With a target, the block's verdict says whether `value` meets it.
  MetricMeaning AddMetric(std::string title, std::string name, double value, std::string cohort = {},
                          std::optional<glassbox::v1::Target> target = std::nullopt);
  TableMeaning AddTable(std::string title, std::vector<std::string> columns,
                        const std::vector<std::vector<Cell>>& rows);
  // Each series has one value per category.
  ChartMeaning AddBarChart(std::string title, std::vector<std::string> categories, std::vector<SeriesData> series,
                           std::string x_label = {}, std::string y_label = {});
  ChartMeaning AddLineChart(std::string title, std::vector<std::string> categories, std::vector<SeriesData> series,
                            std::string x_label = {}, std::string y_label = {});
  void AddText(std::string title, std::string text);

  const glassbox::v1::Insight& insight() const { return insight_; }
  glassbox::v1::Insight Release() { return std::move(insight_); }

 private:
  ChartMeaning AddChart(glassbox::v1::ChartKind kind, std::string title, std::vector<std::string> categories,
                        std::vector<SeriesData> series, std::string x_label, std::string y_label);

  glassbox::v1::Insight insight_;
};

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_INSIGHT_BUILDER_H_
