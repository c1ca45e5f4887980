// The current time as stored: a Timestamp with microsecond precision, equal
// to the microseconds in the tables' time columns. (protobuf's
// TimeUtil::GetCurrentTime has whole seconds only.)
#ifndef GLASSBOX_STORAGE_CLOCK_H_
#define GLASSBOX_STORAGE_CLOCK_H_

#include "absl/time/clock.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace glassbox::storage {

inline google::protobuf::Timestamp Now() {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(absl::Now()));
}

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_CLOCK_H_
