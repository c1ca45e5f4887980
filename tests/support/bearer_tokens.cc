#include "tests/support/bearer_tokens.h"

#include <filesystem>
#include <fstream>

#include <grpcpp/support/client_interceptor.h>
#include <gtest/gtest.h>

#include "storage/sha256.h"

namespace glassbox::testing {
namespace {

namespace experimental = grpc::experimental;

class BearerTokenInterceptor : public experimental::Interceptor {
 public:
  explicit BearerTokenInterceptor(const std::string& token) : header_("Bearer " + token) {}

  void Intercept(experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  std::string header_;
};

class BearerTokenInterceptorFactory : public experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerTokenInterceptorFactory(std::string token) : token_(std::move(token)) {}

  experimental::Interceptor* CreateClientInterceptor(experimental::ClientRpcInfo*) override {
    return new BearerTokenInterceptor(token_);
  }

 private:
  std::string token_;
};

}  // namespace

void WriteTokensFile(const std::string& path, const std::vector<TokenGrant>& grants) {
  std::ofstream out(path);
  out << "# sha256 of the token, principal, roles\n";
  for (const auto& grant : grants) {
    out << storage::Sha256Hex(grant.token) << " " << grant.principal << " " << grant.roles << "\n";
  }
  out.close();
  ASSERT_TRUE(out) << "cannot write " << path;
  // glassboxd refuses a tokens file that others may read.
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

std::shared_ptr<grpc::Channel> BearerTokenChannel(const std::string& address, const std::string& token,
                                                  const grpc::ChannelArguments& args,
                                                  std::shared_ptr<grpc::ChannelCredentials> credentials) {
  std::vector<std::unique_ptr<experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<BearerTokenInterceptorFactory>(token));
  return experimental::CreateCustomChannelWithInterceptors(address, credentials, args, std::move(interceptors));
}

std::unique_ptr<glassbox::v1::Glassbox::Stub> BearerTokenStub(const std::string& address, const std::string& token,
                                                              std::shared_ptr<grpc::ChannelCredentials> credentials) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  return glassbox::v1::Glassbox::NewStub(BearerTokenChannel(address, token, args, std::move(credentials)));
}

}  // namespace glassbox::testing
