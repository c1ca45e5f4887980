// A plugin built with settings that change the layout of what crosses the
// plugin boundary: CMake compiles it with EIGEN_MAX_ALIGN_BYTES=0 and
// _GLIBCXX_USE_CXX11_ABI=0, so its build fingerprint differs from the
// daemon's in those two keys. The host must refuse it from its file's bytes:
// if it were ever loaded, its constructor would abort the process.
#include <cstdlib>

#include "glassbox/sdk/analyzer.h"

namespace {

[[gnu::constructor]] void AbortsIfLoaded() { std::abort(); }

class MismatchedBuild : public glassbox::sdk::Analyzer {
 public:
  glassbox::v1::Analyzer Describe() const override { return {}; }
  absl::Status Analyze(const glassbox::sdk::AnalysisContext&, glassbox::sdk::InsightBuilder&) const override {
    return absl::OkStatus();
  }
};

}  // namespace

GLASSBOX_PLUGIN(MismatchedBuild)
