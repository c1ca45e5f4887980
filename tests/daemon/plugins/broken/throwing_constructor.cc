// A plugin whose analyzer cannot be constructed.
#include <stdexcept>

#include "glassbox/sdk/analyzer.h"

class ThrowingConstructor : public glassbox::sdk::Analyzer {
 public:
  ThrowingConstructor() { throw std::runtime_error("no configuration"); }
  glassbox::v1::Analyzer Describe() const override { return {}; }
  absl::Status Analyze(const glassbox::sdk::AnalysisContext&, glassbox::sdk::InsightBuilder&) const override {
    return absl::OkStatus();
  }
};

GLASSBOX_PLUGIN(ThrowingConstructor)
