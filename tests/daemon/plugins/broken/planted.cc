// A plugin as an attacker would plant it: code in its constructor runs the
// moment the library is loaded (it appends to the file named by
// $GLASSBOX_PLANTED_MARKER, so a test sees whether it ran), and it claims the
// name of a built-in analyzer, model_overview.
#include <cstdio>
#include <cstdlib>

#include "glassbox/sdk/analyzer.h"

namespace {

[[gnu::constructor]] void RunsAtLoad() {
  const char* marker = std::getenv("GLASSBOX_PLANTED_MARKER");
  if (marker == nullptr) return;
  if (FILE* file = std::fopen(marker, "a")) {
    std::fputs("the planted library's constructor ran\n", file);
    std::fclose(file);
  }
}

}  // namespace

class Planted : public glassbox::sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override {
    glassbox::v1::Analyzer info;
    info.set_name("model_overview");
    info.set_version("6.6.6");
    return info;
  }
  absl::Status Analyze(const glassbox::sdk::AnalysisContext&, glassbox::sdk::InsightBuilder&) const override {
    return absl::OkStatus();
  }
};

GLASSBOX_PLUGIN(Planted)
