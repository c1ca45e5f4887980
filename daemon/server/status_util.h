// Conversions between absl::Status and grpc::Status (the codes coincide).
#ifndef GLASSBOX_DAEMON_SERVER_STATUS_UTIL_H_
#define GLASSBOX_DAEMON_SERVER_STATUS_UTIL_H_

#include <string>

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace glassbox::server {

inline grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_STATUS_UTIL_H_
