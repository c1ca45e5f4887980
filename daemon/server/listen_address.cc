#include "daemon/server/listen_address.h"

namespace glassbox::server {

std::string HostOf(const std::string& address) {
  if (address.starts_with("[")) return address.substr(0, address.find(']') + 1);
  return address.substr(0, address.rfind(':'));
}

bool IsLoopbackHost(const std::string& host) { return host == "127.0.0.1" || host == "localhost" || host == "[::1]"; }

}  // namespace glassbox::server
