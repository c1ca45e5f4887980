// A small well-behaved plugin: counts the rows of the run or of one cohort.
#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/parameter_spec.h"

class RowCounter : public glassbox::sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("row_counter");
    info.set_version("1.2.3");
    info.set_description("counts rows");
    *info.add_parameters() = glassbox::sdk::CohortParameter();
    return info;
  }
  absl::Status Analyze(const glassbox::sdk::AnalysisContext& context, glassbox::sdk::InsightBuilder& result) const override {
    auto rows = context.RowsOf(context.params->GetString("cohort"));
    result.AddMetric("Rows", "row_count", static_cast<double>(rows.size()));
    return absl::OkStatus();
  }
};

GLASSBOX_PLUGIN(RowCounter)
