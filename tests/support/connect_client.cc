#include "tests/support/connect_client.h"

#include <memory>

#include <httplib.h>

namespace glassbox::testing {
namespace {

std::unique_ptr<httplib::Client> ClientFor(const HttpTarget& target) {
  std::unique_ptr<httplib::Client> client;
  if (target.ca_file.empty()) {
    client = std::make_unique<httplib::Client>("127.0.0.1", target.port);
  } else {
    client = std::make_unique<httplib::Client>("https://127.0.0.1:" + std::to_string(target.port));
    client->set_ca_cert_path(target.ca_file.c_str());
    client->enable_server_certificate_verification(true);
  }
  client->set_read_timeout(120, 0);
  return client;
}

httplib::Headers HeadersOf(const HttpHeaders& headers) { return {headers.begin(), headers.end()}; }

HttpAnswer AnswerOf(const httplib::Result& result) {
  if (!result) return {};
  return {result->status, result->get_header_value("Content-Type"), result->body};
}

std::string Frame(unsigned char flags, const std::string& message) {
  std::string out;
  out += static_cast<char>(flags);
  const uint32_t size = static_cast<uint32_t>(message.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((size >> shift) & 0xff);
  return out + message;
}

}  // namespace

HttpAnswer HttpPost(const HttpTarget& target, const std::string& path, const std::string& content_type,
                    const std::string& body, const HttpHeaders& headers) {
  return AnswerOf(ClientFor(target)->Post(path.c_str(), HeadersOf(headers), body, content_type.c_str()));
}

HttpAnswer HttpGet(const HttpTarget& target, const std::string& path, const HttpHeaders& headers) {
  return AnswerOf(ClientFor(target)->Get(path.c_str(), HeadersOf(headers)));
}

HttpAnswer ConnectUnary(const HttpTarget& target, const std::string& method, const std::string& json,
                        const HttpHeaders& headers) {
  return HttpPost(target, "/glassbox.v1.Glassbox/" + method, "application/json", json, headers);
}

ConnectStream ConnectServerStream(const HttpTarget& target, const std::string& method, const std::string& json,
                                  const HttpHeaders& headers) {
  HttpAnswer answer =
      HttpPost(target, "/glassbox.v1.Glassbox/" + method, "application/connect+json", Frame(0, json), headers);
  ConnectStream stream{answer.status, answer.content_type, {}, ""};
  const std::string& body = answer.body;
  for (size_t at = 0; at + 5 <= body.size();) {
    const auto flags = static_cast<unsigned char>(body[at]);
    uint32_t size = 0;
    for (size_t i = 1; i < 5; ++i) size = (size << 8) | static_cast<unsigned char>(body[at + i]);
    if (at + 5 + size > body.size()) break;
    std::string message = body.substr(at + 5, size);
    at += 5 + size;
    if (flags == 0x02) {
      if (at == body.size()) stream.end = message;
      break;
    }
    stream.messages.push_back(std::move(message));
  }
  return stream;
}

}  // namespace glassbox::testing
