// A plugin that fails in the way its `how` parameter names: each way is one a
// careless or buggy analyzer can fail, and the daemon must survive all of
// them. `predict` behaves: it scores the run's rows through the model and
// reports their mean first-class probability.
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "glassbox/sdk/analyzer.h"
#include "glassbox/sdk/parameter_spec.h"

class Misbehaving : public glassbox::sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("misbehaving");
    info.set_version("0.0.1");
    info.set_description("fails as told");
    *info.add_parameters() = glassbox::sdk::StringParameter(
        "how", "the way to fail", "segfault", {"segfault", "abort", "hang", "exit", "error", "throw", "predict"});
    return info;
  }

  absl::Status Analyze(const glassbox::sdk::AnalysisContext& context,
                       glassbox::sdk::InsightBuilder& result) const override {
    const std::string how = context.params->GetString("how");
    context.ReportProgress(0.5, "about to " + how);
    if (how == "segfault") {
      // Past any handler a runtime installed (ASan's reports and exits 1), so
      // the worker dies of the signal in every build.
      std::signal(SIGSEGV, SIG_DFL);
      std::raise(SIGSEGV);
    } else if (how == "abort") {
      std::abort();
    } else if (how == "hang") {
      for (volatile bool spinning = true; spinning;) {
      }
    } else if (how == "exit") {
      std::exit(3);
    } else if (how == "throw") {
      throw std::runtime_error("thrown on purpose");
    } else if (how == "predict") {
      auto scores = context.model->Predict(*context.table);
      if (!scores.ok()) return scores.status();
      result.AddMetric("Mean probability", "mean_probability", scores->col(0).mean());
      return absl::OkStatus();
    }
    return absl::DataLossError("returned an error on purpose");
  }
};

GLASSBOX_PLUGIN(Misbehaving)
