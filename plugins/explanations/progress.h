// One stage of an analysis as its progress reports see it: the stage counts
// its own fraction done in [0, 1], reported as part [begin, end] of the whole,
// and learns at each report whether the run was cancelled.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_PROGRESS_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_PROGRESS_H_

#include <string>

#include "absl/status/status.h"
#include "glassbox/sdk/context.h"

namespace glassbox::plugins::explanations {

class Progress {
 public:
  // The whole analysis.
  explicit Progress(const sdk::AnalysisContext& context) : Progress(&context, 0.0, 1.0, "") {}
  // For short steps: reports nothing and never sees a cancellation.
  static Progress Silent() { return Progress(nullptr, 0.0, 1.0, ""); }

  // Part [begin, end] of this stage, reported with `message` (this stage's when empty).
  Progress Part(double begin, double end, std::string message = {}) const {
    return Progress(context_, At(begin), At(end), message.empty() ? message_ : std::move(message));
  }

  // Reports `fraction` of this stage done; CANCELLED once the run is cancelled.
  absl::Status Update(double fraction) const;

 private:
  Progress(const sdk::AnalysisContext* context, double begin, double end, std::string message)
      : context_(context), begin_(begin), end_(end), message_(std::move(message)) {}

  double At(double fraction) const { return begin_ + (end_ - begin_) * fraction; }

  const sdk::AnalysisContext* context_;  // nullptr when silent
  double begin_;
  double end_;
  std::string message_;
};

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_PROGRESS_H_
