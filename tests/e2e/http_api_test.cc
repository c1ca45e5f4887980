// The HTTP port of a real glassboxd, over real HTTP on 127.0.0.1: the
// Connect protocol's JSON form of the API answers what gRPC answers, refuses
// what gRPC refuses (naming the field), streams WatchRun, audits each call
// once, and on a non-loopback listener requires TLS and a bearer token.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/analysis_fixture.h"
#include "tests/support/bearer_tokens.h"
#include "tests/support/connect_client.h"
#include "tests/support/daemon_process.h"
#include "tests/support/tls_certificates.h"

namespace glassbox::testing {
namespace {

using google::protobuf::util::JsonStringToMessage;
using google::protobuf::util::MessageDifferencer;
using google::protobuf::util::MessageToJsonString;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Json(const google::protobuf::Message& message) {
  std::string json;
  EXPECT_TRUE(MessageToJsonString(message, &json).ok());
  return json;
}

// Connect's error body read as JSON: its code and message.
std::pair<std::string, std::string> ErrorOf(const std::string& body) {
  google::protobuf::Struct error;
  EXPECT_TRUE(JsonStringToMessage(body, &error).ok()) << body;
  EXPECT_EQ(error.fields_size(), 2) << body;
  return {error.fields().at("code").string_value(), error.fields().at("message").string_value()};
}

std::vector<glassbox::v1::AuditEvent> AuditEvents(glassbox::v1::Glassbox::Stub& stub, const std::string& action) {
  grpc::ClientContext context;
  glassbox::v1::ListAuditEventsRequest request;
  request.set_action(action);
  request.set_page_size(100);
  glassbox::v1::ListAuditEventsResponse response;
  EXPECT_TRUE(stub.ListAuditEvents(&context, request, &response).ok());
  std::vector<glassbox::v1::AuditEvent> events;
  for (const auto& event : response.events()) {
    if (event.action() == action) events.push_back(event);
  }
  return events;
}

class HttpApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    daemon_ = new DaemonProcess({"--http_listen=127.0.0.1:0"});
    glassbox::v1::Dataset dataset;
    ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
    run_ = new glassbox::v1::Run(CreateRunAndWait(daemon_->stub(), AdultRunSpec(dataset.id(), {"model_overview"})));
    ASSERT_EQ(run_->state(), glassbox::v1::SUCCEEDED) << run_->error();
  }
  static void TearDownTestSuite() {
    delete run_;
    delete daemon_;
  }

  HttpTarget http() const { return {daemon_->http_port(), ""}; }

  static DaemonProcess* daemon_;
  static glassbox::v1::Run* run_;
};

DaemonProcess* HttpApiTest::daemon_ = nullptr;
glassbox::v1::Run* HttpApiTest::run_ = nullptr;

TEST_F(HttpApiTest, AUnaryCallAnswersTheJsonOfTheGrpcAnswer) {
  ASSERT_GT(daemon_->http_port(), 0);
  for (const std::string method : {"GetRun", "GetInsight"}) {
    SCOPED_TRACE(method);
    glassbox::v1::Run run;
    glassbox::v1::Insight insight;
    grpc::ClientContext context;
    std::string request;
    google::protobuf::Message* expected = nullptr;
    if (method == "GetRun") {
      glassbox::v1::GetRunRequest get;
      get.set_id(run_->id());
      ASSERT_TRUE(daemon_->stub().GetRun(&context, get, &run).ok());
      request = Json(get);
      expected = &run;
    } else {
      glassbox::v1::GetInsightRequest get;
      get.set_id(run_->analyses(0).insight_id());
      ASSERT_TRUE(daemon_->stub().GetInsight(&context, get, &insight).ok());
      request = Json(get);
      expected = &insight;
    }
    HttpAnswer answer = ConnectUnary(http(), method, request);
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.content_type, "application/json");
    // The same bytes protobuf's JSON mapping prints for the gRPC answer, and the same message read back.
    EXPECT_EQ(answer.body, Json(*expected));
    std::unique_ptr<google::protobuf::Message> parsed(expected->New());
    ASSERT_TRUE(JsonStringToMessage(answer.body, parsed.get()).ok());
    EXPECT_TRUE(MessageDifferencer::Equals(*parsed, *expected));
  }
}

TEST_F(HttpApiTest, ListRunsTakesTheApisFiltersInJson) {
  HttpAnswer succeeded = ConnectUnary(http(), "ListRuns", R"({"state": "SUCCEEDED", "pageSize": 10})");
  ASSERT_EQ(succeeded.status, 200) << succeeded.body;
  glassbox::v1::ListRunsResponse runs;
  ASSERT_TRUE(JsonStringToMessage(succeeded.body, &runs).ok());
  ASSERT_EQ(runs.runs_size(), 1);
  EXPECT_EQ(runs.runs(0).id(), run_->id());
  HttpAnswer failed = ConnectUnary(http(), "ListRuns", R"({"state": "FAILED"})");
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_EQ(failed.body, "{}");
}

TEST_F(HttpApiTest, AnInvalidFieldIsInvalidArgumentInConnectsErrorNamingIt) {
  // Refused by the JSON mapping: a field the request does not have, a value of the wrong type, an enum name
  // the enum does not define.
  HttpAnswer unknown = ConnectUnary(http(), "ListRuns", R"({"pageSiz": 10})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.content_type, "application/json");
  EXPECT_THAT(unknown.body, StartsWith(R"({"code":"invalid_argument","message":)"));
  EXPECT_THAT(unknown.body, HasSubstr("pageSiz"));
  HttpAnswer typed = ConnectUnary(http(), "ListRuns", R"({"pageSize": "many"})");
  EXPECT_EQ(typed.status, 400);
  EXPECT_THAT(typed.body, HasSubstr("invalid_argument"));
  EXPECT_THAT(typed.body, HasSubstr("page_size"));
  // Refused by the service's own checks, exactly as over gRPC.
  glassbox::v1::GetRunRequest bad;
  bad.set_id("run_nothex");
  grpc::ClientContext context;
  glassbox::v1::Run ignored;
  grpc::Status grpc_status = daemon_->stub().GetRun(&context, bad, &ignored);
  ASSERT_EQ(grpc_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  HttpAnswer shape = ConnectUnary(http(), "GetRun", R"({"id": "run_nothex"})");
  EXPECT_EQ(shape.status, 400);
  EXPECT_EQ(ErrorOf(shape.body), std::make_pair(std::string("invalid_argument"), grpc_status.error_message()));
  EXPECT_THAT(grpc_status.error_message(), HasSubstr("id"));
  HttpAnswer missing = ConnectUnary(http(), "GetRun", R"({"id": "run_0123456789abcdef"})");
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(missing.body, StartsWith(R"({"code":"not_found")"));
}

TEST_F(HttpApiTest, InvalidUtf8AndDeepNestingAreRefusedAsOnGrpc) {
  // "\xff" is no UTF-8: refused naming the byte (the 17th), in an answer that is UTF-8 itself.
  HttpAnswer utf8 = ConnectUnary(http(), "ListRuns", "{\"creator\": \"caf\xff\"}");
  EXPECT_EQ(utf8.status, 400) << utf8.body;
  EXPECT_EQ(ErrorOf(utf8.body).first, "invalid_argument");
  EXPECT_THAT(ErrorOf(utf8.body).second, HasSubstr("not valid UTF-8, as JSON must be (RFC 8259): line 1 is not UTF-8 text (byte 17)"));
  // Analyzer parameters are a google.protobuf.Struct: 200 nested objects pass protobuf's nesting limit (100).
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += R"({"a": )";
  deep += "1";
  for (int i = 0; i < 200; ++i) deep += "}";
  HttpAnswer nested = ConnectUnary(
      http(), "CreateRun",
      R"({"spec": {"datasetId": ")" + run_->spec().dataset_id() + R"(", "analyses": [{"analyzer": "model_overview", "params": )" +
          deep + "}]}}");
  EXPECT_EQ(nested.status, 400) << nested.body;
  EXPECT_THAT(nested.body, HasSubstr("invalid_argument"));
  EXPECT_EQ(ConnectUnary(http(), "ListAnalyzers", "{}").status, 200) << "the daemon still answers";
}

TEST_F(HttpApiTest, ABodyOverTheMessageLimitIsRefusedBeforeItIsParsed) {
  DaemonProcess small({"--http_listen=127.0.0.1:0", "--max_message_mb=1"});
  HttpAnswer answer = ConnectUnary({small.http_port(), ""}, "ListRuns",
                                   R"({"creator": ")" + std::string(2 << 20, 'x') + R"("})");
  EXPECT_EQ(answer.status, 413);
  EXPECT_THAT(answer.body, HasSubstr("resource_exhausted"));
}

TEST_F(HttpApiTest, OtherContentTypesAndForeignHostsAreRefused) {
  // A form another web site could post without asking (no CORS preflight).
  HttpAnswer form = HttpPost(http(), "/glassbox.v1.Glassbox/ListRuns", "text/plain", "{}");
  EXPECT_EQ(form.status, 415);
  // A page whose name resolves to 127.0.0.1 (DNS rebinding) sends its own name as Host.
  HttpAnswer rebound = ConnectUnary(http(), "ListRuns", "{}", {{"Host", "attacker.example:8080"}});
  EXPECT_EQ(rebound.status, 403);
  EXPECT_THAT(rebound.body, HasSubstr("permission_denied"));
  HttpAnswer upload = ConnectUnary(http(), "UploadDataset", "{}");
  EXPECT_EQ(upload.status, 501);
  EXPECT_THAT(upload.body, HasSubstr("over gRPC"));
  EXPECT_EQ(ConnectUnary(http(), "NoSuchMethod", "{}").status, 501);
}

TEST_F(HttpApiTest, EveryCallIsAuditedOnceAsOverGrpc) {
  const std::string insight = run_->analyses(0).insight_id();
  const size_t before = AuditEvents(daemon_->stub(), "GetInsight").size();
  HttpAnswer answer = ConnectUnary(http(), "GetInsight", R"({"id": ")" + insight + R"("})",
                                   {{"X-Request-Id", "req-http-audit"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto after = AuditEvents(daemon_->stub(), "GetInsight");
  ASSERT_EQ(after.size(), before + 1);
  int matching = 0;
  for (const auto& event : after) matching += event.request_id() == "req-http-audit";
  EXPECT_EQ(matching, 1);
  // A refused write is audited once too.
  const size_t refused_before = AuditEvents(daemon_->stub(), "CreateRun").size();
  HttpAnswer refused = ConnectUnary(http(), "CreateRun", R"({"spec": {"datasetId": "ds_000000000000000000000000"}})");
  EXPECT_EQ(refused.status, 404) << refused.body;
  EXPECT_EQ(AuditEvents(daemon_->stub(), "CreateRun").size(), refused_before + 1);
}

TEST_F(HttpApiTest, WatchRunStreamsConnectEnvelopesEndingTheStream) {
  glassbox::v1::RunSpec spec = run_->spec();
  glassbox::v1::Run started = StartRun(daemon_->stub(), spec);
  ConnectStream stream = ConnectServerStream(http(), "WatchRun", R"({"id": ")" + started.id() + R"("})");
  EXPECT_EQ(stream.status, 200);
  EXPECT_EQ(stream.content_type, "application/connect+json");
  ASSERT_FALSE(stream.messages.empty());
  EXPECT_EQ(stream.end, "{}");
  glassbox::v1::RunEvent last;
  ASSERT_TRUE(JsonStringToMessage(stream.messages.back(), &last).ok()) << stream.messages.back();
  EXPECT_EQ(last.run_id(), started.id());
  EXPECT_EQ(last.state(), glassbox::v1::SUCCEEDED);
  EXPECT_DOUBLE_EQ(last.progress(), 1.0);
  // A stream's error travels in its end-of-stream message, with HTTP 200.
  ConnectStream missing = ConnectServerStream(http(), "WatchRun", R"({"id": "run_0123456789abcdef"})");
  EXPECT_EQ(missing.status, 200);
  EXPECT_TRUE(missing.messages.empty());
  EXPECT_THAT(missing.end, StartsWith(R"({"error":{"code":"not_found","message":)"));
}

class HttpApiBeyondLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeServerCertificates(folder_.path());
    WriteTokensFile(folder_.path() + "/tokens", {{"token-of-analyst", "ana", "analyst"}});
  }
  std::vector<std::string> Secured() const {
    return {"--tls_cert=" + folder_.path() + "/server.pem", "--tls_key=" + folder_.path() + "/server.key",
            "--tokens_file=" + folder_.path() + "/tokens", "--http_listen=0.0.0.0:0"};
  }
  TemporaryFolder folder_;
};

TEST_F(HttpApiBeyondLoopbackTest, ATokenlessCallIsRefusedAndATokenedOneServed) {
  DaemonProcess daemon(Secured());
  ASSERT_GT(daemon.http_port(), 0);
  HttpTarget https{daemon.http_port(), folder_.path() + "/ca.pem"};
  HttpAnswer anonymous = ConnectUnary(https, "ListRuns", "{}");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_THAT(anonymous.body, StartsWith(R"({"code":"unauthenticated")"));
  HttpAnswer wrong = ConnectUnary(https, "ListRuns", "{}", {{"Authorization", "Bearer not-a-token"}});
  EXPECT_EQ(wrong.status, 401);
  HttpAnswer analyst = ConnectUnary(https, "ListRuns", "{}", {{"Authorization", "Bearer token-of-analyst"}});
  EXPECT_EQ(analyst.status, 200) << analyst.body;
  HttpAnswer audit = ConnectUnary(https, "ListAuditEvents", "{}", {{"Authorization", "Bearer token-of-analyst"}});
  EXPECT_EQ(audit.status, 403) << "an analyst is no auditor, over HTTP as over gRPC";
  // Plain HTTP gets no answer from an HTTPS port.
  EXPECT_NE(ConnectUnary({daemon.http_port(), ""}, "ListRuns", "{}").status, 200);
}

TEST_F(HttpApiBeyondLoopbackTest, ANonLoopbackListenerWithoutTlsAndTokensDoesNotStart) {
  std::string log = folder_.path() + "/refused.log";
  std::string command = std::string(GLASSBOX_BINARY_DIR) + "/bin/glassboxd --listen=127.0.0.1:0 --http_listen=0.0.0.0:0 "
                        "--data_dir=" + folder_.path() + "/data 2>" + log;
  EXPECT_NE(std::system(command.c_str()), 0);
  EXPECT_THAT(ReadText(log), HasSubstr("--http_listen 0.0.0.0:0 is not a loopback address; serving beyond this machine "
                                       "requires TLS"));
}

}  // namespace
}  // namespace glassbox::testing
