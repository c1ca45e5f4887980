// A plugin that loads fine but throws while analysing and while validating when asked to.
#include <stdexcept>

#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/parameter_spec.h"

class ThrowingAnalyzer : public glassbox::sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("throwing");
    info.set_version("0.0.1");
    info.set_description("throws from Analyze");
    *info.add_parameters() = glassbox::sdk::BoolParameter("throw_in_validate", "throw from Validate", false);
    return info;
  }
  absl::Status Validate(const glassbox::sdk::ValidationContext& context) const override {
    if (context.params->GetBool("throw_in_validate")) throw std::logic_error("validate exploded");
    return absl::OkStatus();
  }
  absl::Status Analyze(const glassbox::sdk::AnalysisContext&, glassbox::sdk::InsightBuilder&) const override {
    throw std::runtime_error("analysis exploded");
  }
};

GLASSBOX_PLUGIN(ThrowingAnalyzer)
