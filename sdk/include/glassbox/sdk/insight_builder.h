// Builds an analysis result: the typed payload programs read and the generic
// presentation blocks the scorecard and the CLI render.
#ifndef GLASSBOX_SDK_INSIGHT_BUILDER_H_
#define GLASSBOX_SDK_INSIGHT_BUILDER_H_

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "google/protobuf/message.h"
#include "glassbox/v1/insight.pb.h"

namespace glassbox::sdk {

using Cell = std::variant<std::string, double>;

struct SeriesData {
  std::string name;
  std::vector<double> values;
};

class InsightBuilder {
 public:
  void SetPayload(const google::protobuf::Message& payload);

  // With a target, the block's verdict says whether `value` meets it.
  void AddMetric(std::string title, std::string name, double value, std::string cohort = {},
                 std::optional<glassbox::v1::Target> target = std::nullopt);
  void AddTable(std::string title, std::vector<std::string> columns, const std::vector<std::vector<Cell>>& rows);
  // Each series has one value per category.
  void AddBarChart(std::string title, std::vector<std::string> categories, std::vector<SeriesData> series,
                   std::string x_label = {}, std::string y_label = {});
  void AddLineChart(std::string title, std::vector<std::string> categories, std::vector<SeriesData> series,
                    std::string x_label = {}, std::string y_label = {});
  void AddText(std::string title, std::string text);

  const glassbox::v1::Insight& insight() const { return insight_; }
  glassbox::v1::Insight Release() { return std::move(insight_); }

 private:
  void AddChart(glassbox::v1::ChartKind kind, std::string title, std::vector<std::string> categories,
                std::vector<SeriesData> series, std::string x_label, std::string y_label);

  glassbox::v1::Insight insight_;
};

}  // namespace glassbox::sdk

#endif  // GLASSBOX_SDK_INSIGHT_BUILDER_H_
