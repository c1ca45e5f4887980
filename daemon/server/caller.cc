#include "daemon/server/caller.h"

#include <unistd.h>

#include <atomic>

#include "absl/strings/str_cat.h"

namespace glassbox::server {

Caller IdentifyCaller(const grpc::ServerContext& context) {
  static std::atomic<uint64_t> counter{0};
  Caller caller{"local", "admin", ""};
  const auto& metadata = context.client_metadata();
  if (auto it = metadata.find("x-request-id"); it != metadata.end()) {
    caller.request_id = std::string(it->second.data(), it->second.size());
  } else {
    caller.request_id = absl::StrCat("req-", getpid(), "-", counter++);
  }
  return caller;
}

}  // namespace glassbox::server
