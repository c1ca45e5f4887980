// A small client of glassboxd's HTTP port for tests, over real HTTP(S) on
// 127.0.0.1 (cpp-httplib's client): plain requests, and the Connect
// protocol's unary and server-streaming calls, framed here independently of
// the daemon's own code (daemon/server/connect_protocol.h).
#ifndef GLASSBOX_TESTS_SUPPORT_CONNECT_CLIENT_H_
#define GLASSBOX_TESTS_SUPPORT_CONNECT_CLIENT_H_

#include <string>
#include <utility>
#include <vector>

namespace glassbox::testing {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpAnswer {
  // 0 when no answer came (refused connection, TLS failure).
  int status = 0;
  std::string content_type;
  std::string body;
};

struct HttpTarget {
  int port = 0;
  // HTTPS, trusting this CA's PEM file, when set.
  std::string ca_file;
};

HttpAnswer HttpPost(const HttpTarget& target, const std::string& path, const std::string& content_type,
                    const std::string& body, const HttpHeaders& headers = {});
HttpAnswer HttpGet(const HttpTarget& target, const std::string& path, const HttpHeaders& headers = {});

// POST /glassbox.v1.Glassbox/<method> with `json` as application/json.
HttpAnswer ConnectUnary(const HttpTarget& target, const std::string& method, const std::string& json,
                        const HttpHeaders& headers = {});

struct ConnectStream {
  int status = 0;
  std::string content_type;
  // The JSON of each message before the end of the stream.
  std::vector<std::string> messages;
  // The end-of-stream message's JSON; "" when the body did not end with one
  // or was not well framed.
  std::string end;
};

// A server-streaming call: `json` sent as one envelope of application/connect+json.
ConnectStream ConnectServerStream(const HttpTarget& target, const std::string& method, const std::string& json,
                                  const HttpHeaders& headers = {});

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_CONNECT_CLIENT_H_
