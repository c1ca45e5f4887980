// Screens model bytes before libxgboost parses them. libxgboost 1.7 reads
// UBJSON without bounds checks (a truncated or corrupt length makes it read
// past the buffer) and parses both JSON and UBJSON recursively (deep nesting
// exhausts the stack), so bytes reach it only once they are known to be one
// complete UBJSON value in bounds, or JSON (which it reads in bounds) nested no
// deeper than a model needs.
#ifndef GLASSBOX_DAEMON_MODELS_MODEL_BYTES_CHECK_H_
#define GLASSBOX_DAEMON_MODELS_MODEL_BYTES_CHECK_H_

#include <string_view>

#include "absl/status/status.h"

namespace glassbox::daemon {

// How deep objects and arrays may nest in a model file (XGBoost's own nest less than 10 deep).
inline constexpr int kMaxModelNesting = 64;

// OK for bytes libxgboost may safely parse as a JSON or UBJSON model (which
// does not make them a valid model); otherwise INVALID_ARGUMENT with the reason.
absl::Status CheckModelBytes(std::string_view bytes);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_MODEL_BYTES_CHECK_H_
