// A run as a file (glassbox run -f, show --spec, run --dry-run): the proto
// JSON mapping of glassbox.v1.RunSpec, written as JSON or YAML. Field names
// may be the proto's (dataset_id) or JSON's (datasetId); enum values may be
// the CLI's words (task: binary). Inside a Struct (an analysis's params) a
// plain YAML scalar that reads as a number, true/false or null is one, and a
// quoted one is a string; in a field of the spec the field's type decides
// (positive_class: 1 is the string "1").
#ifndef GLASSBOX_CLIENTS_CLI_RUN_FILE_H_
#define GLASSBOX_CLIENTS_CLI_RUN_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "glassbox/v1/run.pb.h"

namespace glassbox::cli {

// INVALID_ARGUMENT naming `path`, the line and the field for malformed text,
// an unknown field or a value of the wrong type.
absl::StatusOr<glassbox::v1::RunSpec> ParseRunFile(const std::string& text, const std::string& path);
// JSON with the proto's field names, which ParseRunFile reads back to `spec`.
std::string RunFileText(const glassbox::v1::RunSpec& spec);

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_RUN_FILE_H_
