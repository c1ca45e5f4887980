// explanations: which features drive the model. Global importance over the
// analysed rows and each cohort of the run (mean |SHAP value| from exact
// TreeSHAP or KernelSHAP, or scikit-learn's permutation importance) and the
// per-feature contributions of requested rows. Queries the run's model.
#include "explainer_run.h"
#include "glassbox/sdk/analyzer.h"
#include "presentation.h"
#include "settings.h"

namespace glassbox::plugins::explanations {
namespace {

class ExplanationsAnalyzer : public sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("explanations");
    info.set_version("1.0.0");
    info.set_description(
        "Feature importance: mean |SHAP value| per feature from exact TreeSHAP (SHAP's TreeExplainer) or KernelSHAP "
        "(SHAP's KernelExplainer), or scikit-learn's permutation importance; over all rows and each cohort, with the "
        "contributions of requested rows");
    info.set_requires_model(true);
    AddParameterSpecs(info);
    info.mutable_reports()->set_importance_count_parameter("top_n");
    info.mutable_reports()->set_section(glassbox::v1::SCORECARD_SECTION_IMPORTANCE);
    return info;
  }

  absl::Status Validate(const sdk::ValidationContext& context) const override { return ValidateSettings(context); }

  absl::Status Analyze(const sdk::AnalysisContext& context, sdk::InsightBuilder& builder) const override {
    const Settings settings = ReadSettings(*context.params);
    absl::StatusOr<glassbox::v1::analyses::Explanations> payload = Explain(context, settings);
    if (!payload.ok()) return payload.status();
    builder.SetPayload(*payload);
    AddBlocks(*payload, settings.top_n, builder);
    return absl::OkStatus();
  }
};

}  // namespace
}  // namespace glassbox::plugins::explanations

GLASSBOX_PLUGIN(glassbox::plugins::explanations::ExplanationsAnalyzer)
