#include "progress.h"

#include <algorithm>

namespace glassbox::plugins::explanations {

absl::Status Progress::Update(double fraction) const {
  if (context_ == nullptr) return absl::OkStatus();
  if (context_->cancelled()) return absl::CancelledError("explanations cancelled");
  context_->ReportProgress(At(std::clamp(fraction, 0.0, 1.0)), message_);
  return absl::OkStatus();
}

}  // namespace glassbox::plugins::explanations
