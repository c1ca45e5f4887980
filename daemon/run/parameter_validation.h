// Checks an analysis's parameters against the analyzer's declared specs:
// no unknown names, the right JSON type, bounds, choices, list lengths,
// required lists not empty, columns that exist (any column of the dataset,
// whether or not the model reads it), each column of a list named once,
// cohorts the run defines; fills in defaults. Errors are
// INVALID_ARGUMENT prefixed with `field` (e.g. "analyses[2].params.max_depth").
#ifndef GLASSBOX_DAEMON_RUN_PARAMETER_VALIDATION_H_
#define GLASSBOX_DAEMON_RUN_PARAMETER_VALIDATION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/sdk/context.h"
#include "glassbox/v1/analyzer.pb.h"
#include "google/protobuf/struct.pb.h"

namespace glassbox::run {

absl::StatusOr<google::protobuf::Struct> ValidateParameters(const glassbox::v1::Analyzer& analyzer,
                                                            const google::protobuf::Struct& given,
                                                            const sdk::ValidationContext& context,
                                                            const std::string& field);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_PARAMETER_VALIDATION_H_
