// Dates given on the command line (--since, --until): a day YYYY-MM-DD, in
// UTC, or an RFC 3339 time such as 2024-05-01T12:00:00Z or
// 2024-05-01T14:00:00+02:00. A day given as the start of a range is its first
// instant; given as the end, the range includes the whole day.
#ifndef GLASSBOX_CLIENTS_CLI_DATES_H_
#define GLASSBOX_CLIENTS_CLI_DATES_H_

#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/timestamp.pb.h"

namespace glassbox::cli {

// INVALID_ARGUMENT quoting `text` and the accepted forms.
absl::StatusOr<google::protobuf::Timestamp> ParseRangeStart(const std::string& text);
// The first instant after the range: the next day's start for a day.
absl::StatusOr<google::protobuf::Timestamp> ParseRangeEnd(const std::string& text);

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_DATES_H_
