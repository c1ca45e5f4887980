#include "tests/support/tls_certificates.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace glassbox::testing {
namespace {

// Runs openssl `commands` in `dir`; fails the test if they fail.
void Openssl(const std::string& dir, const std::string& commands) {
  std::string script = "cd " + dir + " && " + commands + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(script.c_str()), 0) << "openssl failed: " << commands;
}

}  // namespace

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void MakeCa(const std::string& dir, const std::string& name) {
  Openssl(dir, "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + name + " -keyout " + name +
                   ".key -out " + name + ".pem");
}

void MakeCertificate(const std::string& dir, const std::string& name, const std::string& common_name,
                     const std::string& ca, const std::string& san) {
  std::string request = "openssl req -newkey rsa:2048 -nodes -subj /CN=" + common_name + " -keyout " + name +
                        ".key -out " + name + ".csr";
  std::string sign = "openssl x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " + ca +
                     ".key -CAcreateserial -days 2 -out " + name + ".pem";
  if (!san.empty()) {
    request = "printf 'subjectAltName=" + san + "' > " + name + ".ext && " + request;
    sign += " -extfile " + name + ".ext";
  }
  Openssl(dir, request + " && " + sign);
}

void MakeServerCertificates(const std::string& dir) {
  MakeCa(dir, "ca");
  MakeCertificate(dir, "server", "127.0.0.1", "ca", "IP:127.0.0.1");
}

}  // namespace glassbox::testing
