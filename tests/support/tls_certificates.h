// Certificates for a test daemon serving TLS, made by openssl in a folder:
// a certificate authority, and certificates it signs. Each helper fails the
// test (ASSERT) when openssl does.
#ifndef GLASSBOX_TESTS_SUPPORT_TLS_CERTIFICATES_H_
#define GLASSBOX_TESTS_SUPPORT_TLS_CERTIFICATES_H_

#include <string>

namespace glassbox::testing {

// The whole file, or "" when it cannot be read.
std::string ReadText(const std::string& path);

// A self-signed certificate authority: NAME.pem and NAME.key in `dir`.
void MakeCa(const std::string& dir, const std::string& name);

// NAME.pem and NAME.key: a certificate for `common_name` signed by the CA
// CA.pem / CA.key in `dir`, with the subjectAltName `san` when given.
void MakeCertificate(const std::string& dir, const std::string& name, const std::string& common_name,
                     const std::string& ca, const std::string& san = "");

// A CA and a server certificate for 127.0.0.1 signed by it (ca.pem, server.pem, server.key).
void MakeServerCertificates(const std::string& dir);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_TLS_CERTIFICATES_H_
