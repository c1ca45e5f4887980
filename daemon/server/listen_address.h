// The host:port addresses glassboxd listens on (--listen, --http_listen).
#ifndef GLASSBOX_DAEMON_SERVER_LISTEN_ADDRESS_H_
#define GLASSBOX_DAEMON_SERVER_LISTEN_ADDRESS_H_

#include <string>

namespace glassbox::server {

// "127.0.0.1" of "127.0.0.1:50051", "[::1]" of "[::1]:8080"; the whole text
// when it has no port.
std::string HostOf(const std::string& address);
// 127.0.0.1, localhost or [::1]: reachable from this machine only.
bool IsLoopbackHost(const std::string& host);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_LISTEN_ADDRESS_H_
