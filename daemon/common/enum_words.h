// One spelling for the API's enum values wherever a person reads or types
// them (the CLI's flags and listings, the daemon's progress messages):
// lower-case kebab words, e.g. RunState SUCCEEDED is "succeeded", AnalysisState
// ANALYSIS_FAILED "failed", TaskType BINARY_CLASSIFICATION "binary",
// VerdictFilter TARGETS_NOT_MET "not-met". Parsing also takes the value's
// full name in any case, with '-' or '_' ("RUNNING", "binary-classification").
// The *_UNSPECIFIED value (number 0) is printed as "unspecified" and never parsed.
#ifndef GLASSBOX_DAEMON_COMMON_ENUM_WORDS_H_
#define GLASSBOX_DAEMON_COMMON_ENUM_WORDS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"

namespace glassbox {

std::string EnumWord(const google::protobuf::EnumDescriptor& type, int number);
// The words of every value but the unspecified one, in declaration order.
std::vector<std::string> EnumWords(const google::protobuf::EnumDescriptor& type);
// INVALID_ARGUMENT "--FLAG TEXT: use a, b or c" when `text` names no value;
// `flag` is the name it was given under (a flag, a run file's field).
absl::StatusOr<int> ParseEnumWord(const google::protobuf::EnumDescriptor& type, const std::string& text,
                                  const std::string& flag);

template <typename Enum>
std::string EnumWord(Enum value) {
  return EnumWord(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}

template <typename Enum>
std::vector<std::string> EnumWords() {
  return EnumWords(*google::protobuf::GetEnumDescriptor<Enum>());
}

template <typename Enum>
absl::StatusOr<Enum> ParseEnumWord(const std::string& text, const std::string& flag) {
  absl::StatusOr<int> number = ParseEnumWord(*google::protobuf::GetEnumDescriptor<Enum>(), text, flag);
  if (!number.ok()) return number.status();
  return static_cast<Enum>(*number);
}

}  // namespace glassbox

#endif  // GLASSBOX_DAEMON_COMMON_ENUM_WORDS_H_
