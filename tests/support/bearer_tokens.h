// Bearer tokens for a test daemon: the tokens file glassboxd reads
// (--tokens_file), and a client that sends a token with every call, so that
// helpers taking a stub (UploadFile, CreateRunAndWait, ...) act as the
// token's principal.
#ifndef GLASSBOX_TESTS_SUPPORT_BEARER_TOKENS_H_
#define GLASSBOX_TESTS_SUPPORT_BEARER_TOKENS_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "glassbox/v1/service.grpc.pb.h"

namespace glassbox::testing {

struct TokenGrant {
  std::string token;
  std::string principal;
  // Comma-separated grants: ROLE, ROLE:PROJECT or ROLE:* (ROLE: analyst, auditor, admin).
  std::string roles;
};

// Writes the SHA-256 of each token with its principal and roles, mode 0600.
void WriteTokensFile(const std::string& path, const std::vector<TokenGrant>& grants);

// A channel that sends `token` with every call, with `args`, over `credentials`.
std::shared_ptr<grpc::Channel> BearerTokenChannel(const std::string& address, const std::string& token,
                                                  const grpc::ChannelArguments& args,
                                                  std::shared_ptr<grpc::ChannelCredentials> credentials);

// Over `credentials` (default: plaintext, as on loopback).
std::unique_ptr<glassbox::v1::Glassbox::Stub> BearerTokenStub(
    const std::string& address, const std::string& token,
    std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials());

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_BEARER_TOKENS_H_
