// The interface an analysis plugin implements, and what its shared library
// exports (use GLASSBOX_PLUGIN):
//   sdk::BuildFingerprint glassbox_sdk_build_fingerprint  -- in its own ELF
//       section (abi.h), read by the host from the file before it loads it;
//   int glassbox_sdk_abi_version()                        -- checked next;
//   glassbox::sdk::Analyzer* glassbox_create_analyzer()   -- nullptr on failure.
// One analyzer instance serves every run, possibly concurrently, so Validate
// and Analyze must be thread-safe. Report failures as a Status: the host
// catches anything thrown, but an exception is a bug.
#ifndef GLASSBOX_SDK_ANALYZER_H_
#define GLASSBOX_SDK_ANALYZER_H_

#include <boost/config.hpp>

#include "absl/status/status.h"
#include "glassbox/sdk/abi.h"
#include "glassbox/sdk/context.h"
#include "glassbox/sdk/insight_builder.h"
#include "glassbox/v1/analyzer.pb.h"

namespace glassbox::sdk::inline v4 {

class Analyzer {
 public:
  virtual ~Analyzer() = default;

  // Name, version, description, parameters, tasks, whether a model is needed.
  virtual glassbox::v1::Analyzer Describe() const = 0;

  // Checks at CreateRun time what the host's generic parameter checks cannot:
  // relations between parameters, classes, model features. INVALID_ARGUMENT
  // with a message naming the parameter and the fix.
  virtual absl::Status Validate(const ValidationContext& context) const { return absl::OkStatus(); }

  virtual absl::Status Analyze(const AnalysisContext& context, InsightBuilder& result) const = 0;
};

}  // namespace glassbox::sdk::inline v4

#define GLASSBOX_PLUGIN(AnalyzerClass)                                                                         \
  extern "C" BOOST_SYMBOL_EXPORT constinit const ::glassbox::sdk::BuildFingerprint glassbox_sdk_build_fingerprint \
      __attribute__((used, section(GLASSBOX_SDK_FINGERPRINT_SECTION))) = ::glassbox::sdk::ThisBuildFingerprint();  \
  extern "C" BOOST_SYMBOL_EXPORT int glassbox_sdk_abi_version() { return ::glassbox::sdk::kAbiVersion; }          \
  extern "C" BOOST_SYMBOL_EXPORT ::glassbox::sdk::Analyzer* glassbox_create_analyzer() noexcept {                 \
    try {                                                                                                         \
      return new AnalyzerClass();                                                                                 \
    } catch (...) {                                                                                               \
      return nullptr;                                                                                             \
    }                                                                                                             \
  }

#endif  // GLASSBOX_SDK_ANALYZER_H_
