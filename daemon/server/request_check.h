// Checks a request at the edge, before anything is stored or audited: one
// walk over the message by reflection, so a field added to the protos is
// covered without code here. It refuses, with INVALID_ARGUMENT naming the
// field path (e.g. `spec.analyses[3].params.fields["k"].string_value`):
//  - an enum value the enum does not define, listing the values it does;
//  - an id that does not have the shape the daemon gives ids (ds_ + 24 hex,
//    run_ + 16 hex, ins_N_N, sc_N_N), quoting at most its first bytes;
//  - a string over its field's cap (page tokens 64 bytes; display, model,
//    analyzer and cohort names 256; cohort filters 4 KiB; datasheet texts
//    16 KiB; scorecard configurations 256 KiB; any other string 1 KiB);
//  - a RunSpec over 1 MiB in all, or with more analyses or cohorts than the
//    limits allow.
// Empty ids pass: whether one is required is the handler's business. Bytes
// fields (upload chunks, model files) are bounded by the message limit.
#ifndef GLASSBOX_DAEMON_SERVER_REQUEST_CHECK_H_
#define GLASSBOX_DAEMON_SERVER_REQUEST_CHECK_H_

#include <cstddef>

#include <google/protobuf/message.h>

#include "absl/status/status.h"

namespace glassbox::server {

inline constexpr size_t kMaxRunSpecBytes = size_t{1} << 20;
// Any string without a cap of its own (column names among them).
inline constexpr size_t kMaxPlainStringBytes = size_t{1} << 10;

struct RequestLimits {
  // glassboxd --max_analyses_per_run and --max_cohorts_per_run.
  int max_analyses_per_run = 64;
  int max_cohorts_per_run = 64;
};

absl::Status CheckRequest(const google::protobuf::Message& request, const RequestLimits& limits);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_REQUEST_CHECK_H_
