// Authentication and roles through a real daemon serving TLS with bearer
// tokens: certificates made by openssl in the test, a token of each role,
// every RPC called by every role; and mutual TLS, where only clients with a
// certificate from the client CA connect.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <set>

#include "tests/support/bearer_tokens.h"
#include "tests/support/daemon_process.h"
#include "tests/support/service_methods.h"
#include "tests/support/tls_certificates.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;
using Stub = glassbox::v1::Glassbox::Stub;

void WriteRoleTokens(const std::string& path) {
  std::vector<TokenGrant> grants;
  for (const std::string role : {"analyst", "auditor", "admin"}) {
    grants.push_back({"token-of-" + role, role + "-user", role});
  }
  WriteTokensFile(path, grants);
}

class AuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new TemporaryFolder();
    MakeServerCertificates(folder_->path());
    WriteRoleTokens(folder_->path() + "/tokens");
    daemon_ = new DaemonProcess({"--tls_cert=" + folder_->path() + "/server.pem",
                                 "--tls_key=" + folder_->path() + "/server.key",
                                 "--tokens_file=" + folder_->path() + "/tokens"});
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadText(folder_->path() + "/ca.pem");
    channel_ = new std::shared_ptr<grpc::Channel>(grpc::CreateChannel(daemon_->address(), grpc::SslCredentials(tls)));
  }
  static void TearDownTestSuite() {
    delete channel_;
    delete daemon_;
    delete folder_;
  }

  // Calls `call` with `token` (none when empty) and returns its status code.
  grpc::StatusCode CallAs(const std::string& token,
                          const std::function<grpc::Status(Stub&, grpc::ClientContext&)>& call) {
    auto stub = glassbox::v1::Glassbox::NewStub(*channel_);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    return call(*stub, context).error_code();
  }

  static TemporaryFolder* folder_;
  static DaemonProcess* daemon_;
  static std::shared_ptr<grpc::Channel>* channel_;
};

TemporaryFolder* AuthTest::folder_ = nullptr;
DaemonProcess* AuthTest::daemon_ = nullptr;
std::shared_ptr<grpc::Channel>* AuthTest::channel_ = nullptr;

template <typename Request, typename Response>
std::function<grpc::Status(Stub&, grpc::ClientContext&)> Unary(
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*)) {
  return [method](Stub& stub, grpc::ClientContext& context) {
    Request request;
    Response response;
    return (stub.*method)(&context, request, &response);
  };
}

enum class Needs { kRead, kWrite, kAudit, kAdmin };

struct Rpc {
  std::string name;
  Needs needs;
  std::function<grpc::Status(Stub&, grpc::ClientContext&)> call;
};

std::vector<Rpc> EveryRpc() {
  return {
      {"UploadDataset", Needs::kWrite,
       [](Stub& stub, grpc::ClientContext& context) {
         glassbox::v1::Dataset dataset;
         auto writer = stub.UploadDataset(&context, &dataset);
         writer->WritesDone();
         return writer->Finish();
       }},
      {"GetDataset", Needs::kRead, Unary(&Stub::GetDataset)},
      {"ListDatasets", Needs::kRead, Unary(&Stub::ListDatasets)},
      {"GetPrivacyLedger", Needs::kRead, Unary(&Stub::GetPrivacyLedger)},
      {"SetPrivacyBudget", Needs::kAdmin, Unary(&Stub::SetPrivacyBudget)},
      {"RegisterModel", Needs::kWrite, Unary(&Stub::RegisterModel)},
      {"GetModel", Needs::kRead, Unary(&Stub::GetModel)},
      {"ListModels", Needs::kRead, Unary(&Stub::ListModels)},
      {"ListModelVersions", Needs::kRead, Unary(&Stub::ListModelVersions)},
      {"WhatIf", Needs::kRead, Unary(&Stub::WhatIf)},
      {"ListAnalyzers", Needs::kRead, Unary(&Stub::ListAnalyzers)},
      {"ReloadPlugins", Needs::kAdmin, Unary(&Stub::ReloadPlugins)},
      {"CreateRun", Needs::kWrite, Unary(&Stub::CreateRun)},
      {"GetRun", Needs::kRead, Unary(&Stub::GetRun)},
      {"ListRuns", Needs::kRead, Unary(&Stub::ListRuns)},
      {"WatchRun", Needs::kRead,
       [](Stub& stub, grpc::ClientContext& context) {
         glassbox::v1::WatchRunRequest request;
         request.set_id("run_000000000000beef");
         auto reader = stub.WatchRun(&context, request);
         glassbox::v1::RunEvent event;
         while (reader->Read(&event)) {
         }
         return reader->Finish();
       }},
      {"CancelRun", Needs::kWrite, Unary(&Stub::CancelRun)},
      {"GetInsight", Needs::kRead, Unary(&Stub::GetInsight)},
      {"ListInsights", Needs::kRead, Unary(&Stub::ListInsights)},
      {"CompareRuns", Needs::kRead, Unary(&Stub::CompareRuns)},
      {"CreateScorecard", Needs::kWrite, Unary(&Stub::CreateScorecard)},
      {"GetScorecard", Needs::kRead,
       [](Stub& stub, grpc::ClientContext& context) {
         glassbox::v1::GetScorecardRequest request;
         auto reader = stub.GetScorecard(&context, request);
         glassbox::v1::ScorecardChunk chunk;
         while (reader->Read(&chunk)) {
         }
         return reader->Finish();
       }},
      {"ListScorecards", Needs::kRead, Unary(&Stub::ListScorecards)},
      {"GetLineage", Needs::kRead, Unary(&Stub::GetLineage)},
      {"ListAuditEvents", Needs::kAudit, Unary(&Stub::ListAuditEvents)},
      {"VerifyAuditLog", Needs::kAudit, Unary(&Stub::VerifyAuditLog)},
  };
}

TEST(AuthRpcTableTest, NamesEveryMethodOfTheService) {
  std::set<std::string> names;
  for (const Rpc& rpc : EveryRpc()) names.insert(rpc.name);
  EXPECT_EQ(names, GlassboxServiceMethods());
}

TEST_F(AuthTest, EveryRpcChecksTheCallersRole) {
  auto allowed = [](const std::string& role, Needs needs) {
    if (role == "admin") return true;
    if (role == "analyst") return needs == Needs::kRead || needs == Needs::kWrite;
    return needs == Needs::kRead || needs == Needs::kAudit;  // auditor
  };
  for (const auto& rpc : EveryRpc()) {
    EXPECT_EQ(CallAs("", rpc.call), grpc::StatusCode::UNAUTHENTICATED) << rpc.name << " without a token";
    EXPECT_EQ(CallAs("not-a-token", rpc.call), grpc::StatusCode::UNAUTHENTICATED) << rpc.name << " with a wrong token";
    for (const std::string role : {"analyst", "auditor", "admin"}) {
      grpc::StatusCode code = CallAs("token-of-" + role, rpc.call);
      if (allowed(role, rpc.needs)) {
        EXPECT_NE(code, grpc::StatusCode::PERMISSION_DENIED) << rpc.name << " as " << role;
        EXPECT_NE(code, grpc::StatusCode::UNAUTHENTICATED) << rpc.name << " as " << role;
      } else {
        EXPECT_EQ(code, grpc::StatusCode::PERMISSION_DENIED) << rpc.name << " as " << role;
      }
    }
  }
}

TEST_F(AuthTest, RefusalsAreAudited) {
  CallAs("token-of-auditor", Unary(&Stub::CreateRun));
  auto stub = glassbox::v1::Glassbox::NewStub(*channel_);
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer token-of-auditor");
  glassbox::v1::ListAuditEventsRequest request;
  request.set_principal("auditor-user");
  request.set_action("CreateRun");
  glassbox::v1::ListAuditEventsResponse response;
  ASSERT_TRUE(stub->ListAuditEvents(&context, request, &response).ok());
  ASSERT_GE(response.events_size(), 1);
  EXPECT_EQ(response.events(0).outcome(), "PERMISSION_DENIED");
  EXPECT_EQ(response.events(0).role(), "auditor");
}

TEST_F(AuthTest, TheCliUsesTheTokenAndTheCertificate) {
  setenv("GLASSBOX_TOKEN", "token-of-analyst", 1);
  CliResult result = RunCli(daemon_->address(), {"--tls-ca", folder_->path() + "/ca.pem", "analyzers"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("model_overview"));
  CliResult denied = RunCli(daemon_->address(), {"--tls-ca", folder_->path() + "/ca.pem", "verify-audit"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_THAT(denied.err, HasSubstr("PERMISSION_DENIED"));
  unsetenv("GLASSBOX_TOKEN");
  CliResult anonymous = RunCli(daemon_->address(), {"--tls-ca", folder_->path() + "/ca.pem", "analyzers"});
  EXPECT_THAT(anonymous.err, HasSubstr("UNAUTHENTICATED"));
}

// Mutual TLS (--tls_client_ca): only clients presenting a certificate signed
// by the client CA connect, and they still need a token.
class MutualTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new TemporaryFolder();
    const std::string& dir = folder_->path();
    MakeServerCertificates(dir);
    MakeCa(dir, "client-ca");
    MakeCertificate(dir, "client", "alice-laptop", "client-ca");
    MakeCa(dir, "other-ca");
    MakeCertificate(dir, "stranger", "mallory-laptop", "other-ca");
    WriteRoleTokens(dir + "/tokens");
    daemon_ = new DaemonProcess({"--tls_cert=" + dir + "/server.pem", "--tls_key=" + dir + "/server.key",
                                 "--tls_client_ca=" + dir + "/client-ca.pem", "--tokens_file=" + dir + "/tokens"});
  }
  static void TearDownTestSuite() {
    delete daemon_;
    delete folder_;
  }

  // ListAnalyzers over TLS presenting the certificate NAME.pem (none when empty), with `token` (none when empty).
  static grpc::Status ListAnalyzersAs(const std::string& certificate, const std::string& token) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadText(folder_->path() + "/ca.pem");
    if (!certificate.empty()) {
      tls.pem_cert_chain = ReadText(folder_->path() + "/" + certificate + ".pem");
      tls.pem_private_key = ReadText(folder_->path() + "/" + certificate + ".key");
    }
    auto stub = glassbox::v1::Glassbox::NewStub(grpc::CreateChannel(daemon_->address(), grpc::SslCredentials(tls)));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    glassbox::v1::ListAnalyzersResponse response;
    return stub->ListAnalyzers(&context, {}, &response);
  }

  // The CLI over TLS, presenting the certificate NAME.pem when given, with the analyst's token.
  static CliResult CliAs(const std::string& certificate) {
    std::vector<std::string> args = {"--token", "token-of-analyst", "--tls-ca", folder_->path() + "/ca.pem"};
    if (!certificate.empty()) {
      args.insert(args.end(), {"--tls-cert", folder_->path() + "/" + certificate + ".pem", "--tls-key",
                               folder_->path() + "/" + certificate + ".key"});
    }
    args.push_back("analyzers");
    return RunCli(daemon_->address(), args);
  }

  static TemporaryFolder* folder_;
  static DaemonProcess* daemon_;
};

TemporaryFolder* MutualTlsTest::folder_ = nullptr;
DaemonProcess* MutualTlsTest::daemon_ = nullptr;

TEST_F(MutualTlsTest, AClientCertificateFromTheClientCaAndATokenAreServed) {
  ASSERT_TRUE(daemon_->running());
  grpc::Status status = ListAnalyzersAs("client", "token-of-analyst");
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ListAnalyzersAs("client", "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(MutualTlsTest, NoClientCertificateOrOneFromAnotherCaCannotConnect) {
  ASSERT_TRUE(daemon_->running());
  EXPECT_EQ(ListAnalyzersAs("", "token-of-analyst").error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ListAnalyzersAs("stranger", "token-of-analyst").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(MutualTlsTest, TheCliPresentsItsCertificate) {
  ASSERT_TRUE(daemon_->running());
  CliResult served = CliAs("client");
  EXPECT_EQ(served.exit_code, 0) << served.err;
  EXPECT_THAT(served.out, HasSubstr("model_overview"));
  for (const std::string certificate : {"", "stranger"}) {
    CliResult refused = CliAs(certificate);
    EXPECT_EQ(refused.exit_code, 1) << certificate;
    EXPECT_THAT(refused.err, HasSubstr("UNAVAILABLE")) << certificate;
    EXPECT_EQ(refused.out, "");
  }
}

TEST(AuthConfigTest, ANonLoopbackAddressNeedsTlsAndTokens) {
  TemporaryFolder folder;
  CliResult result;
  std::string command = std::string(GLASSBOX_BINARY_DIR) + "/bin/glassboxd --listen=0.0.0.0:0 --data_dir=" +
                        folder.path() + "/data 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  std::string output;
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  EXPECT_NE(status, 0);
  EXPECT_THAT(output, HasSubstr("requires TLS (--tls_cert, --tls_key) and bearer tokens (--tokens_file)"));
}

}  // namespace
}  // namespace glassbox::testing
