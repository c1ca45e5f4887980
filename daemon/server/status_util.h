// Conversions from absl::Status to grpc::Status (the codes coincide).
#ifndef GLASSBOX_DAEMON_SERVER_STATUS_UTIL_H_
#define GLASSBOX_DAEMON_SERVER_STATUS_UTIL_H_

#include <string>

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace glassbox::server {

inline grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

// `status` about a field of a message nested in the request as `field`: the
// message names the field from the request's root ("spec." + "model: ...").
inline grpc::Status ToGrpcIn(absl::string_view field, const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), absl::StrCat(field, ".", status.message()));
}

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_STATUS_UTIL_H_
