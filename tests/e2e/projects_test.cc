// Projects through a real daemon serving TLS with bearer tokens: two projects
// (credit-risk, fraud) each holding a dataset, a model, a run, its insight and
// a scorecard; every RPC called by an analyst, an auditor and an admin of
// credit-risk, and by the same roles granted in every project, on the
// resources of credit-risk (their own) and of fraud (another's).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/bearer_tokens.h"
#include "tests/support/daemon_process.h"
#include "tests/support/service_methods.h"
#include "tests/support/tls_certificates.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;
using Stub = glassbox::v1::Glassbox::Stub;

constexpr char kOwn[] = "credit-risk";
constexpr char kOther[] = "fraud";
constexpr char kModel[] = "income";

// A caller: its token and its one grant, ROLE:PROJECT ("*": every project).
struct Principal {
  std::string token;
  std::string role;
  std::string project;
};

// The callers of the RPC table. "analyst" and "admin" without a project are
// the tokens file's form from before projects, meaning every project.
const std::vector<Principal>& Principals() {
  static const auto* principals = new std::vector<Principal>{
      {"analyst-of-credit-risk", "analyst", kOwn}, {"auditor-of-credit-risk", "auditor", kOwn},
      {"admin-of-credit-risk", "admin", kOwn},     {"analyst-everywhere", "analyst", "*"},
      {"auditor-everywhere", "auditor", "*"},      {"admin-everywhere", "admin", "*"},
  };
  return *principals;
}

// What one project holds.
struct Resources {
  std::string project;
  std::string adult_id;   // adult.csv, the model's categories
  std::string scored_id;  // adult_test_scored.csv, the run's data
  std::string run_id;
  std::string insight_id;
  std::string scorecard_id;
};

using Call = std::function<grpc::Status(Stub&, const Resources&)>;

// Registers adult_xgb.json as kModel in the resources' project.
grpc::Status Register(Stub& stub, const Resources& in) {
  auto request = AdultModelRequest(kModel, in.adult_id);
  request.set_project(in.project);
  grpc::ClientContext context;
  glassbox::v1::ModelVersion version;
  return stub.RegisterModel(&context, request, &version);
}

// A model_overview run of the scored dataset, in the resources' project.
grpc::Status CreateRun(Stub& stub, const Resources& in, glassbox::v1::Run* run) {
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = AdultRunSpec(in.scored_id, {"model_overview"});
  request.set_project(in.project);
  grpc::ClientContext context;
  return stub.CreateRun(&context, request, run);
}

class ProjectsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new TemporaryFolder();
    MakeServerCertificates(folder_->path());
    std::vector<TokenGrant> grants;
    for (const auto& principal : Principals()) {
      std::string grant = principal.project == "*" && principal.role != "auditor"
                              ? principal.role
                              : absl::StrCat(principal.role, ":", principal.project);
      grants.push_back({principal.token, principal.token, grant});
    }
    grants.push_back({"auditor-of-fraud", "auditor-of-fraud", "auditor:fraud"});
    grants.push_back({"analyst-of-both", "analyst-of-both", "analyst:credit-risk,analyst:fraud"});
    WriteTokensFile(folder_->path() + "/tokens", grants);
    daemon_ = new DaemonProcess({"--tls_cert=" + folder_->path() + "/server.pem",
                                 "--tls_key=" + folder_->path() + "/server.key",
                                 "--tokens_file=" + folder_->path() + "/tokens"});
    own_ = new Resources(Fill(kOwn));
    other_ = new Resources(Fill(kOther));
  }
  static void TearDownTestSuite() {
    delete own_;
    delete other_;
    delete daemon_;
    delete folder_;
  }

  static Stub& StubOf(const std::string& token) {
    static auto* stubs = new std::map<std::string, std::unique_ptr<Stub>>();
    auto& stub = (*stubs)[token];
    if (stub == nullptr) {
      grpc::SslCredentialsOptions tls;
      tls.pem_root_certs = ReadText(folder_->path() + "/ca.pem");
      stub = BearerTokenStub(daemon_->address(), token, grpc::SslCredentials(tls));
    }
    return *stub;
  }

  // A dataset, a model, a run with its insight and a scorecard in `project`, made by its admin.
  static Resources Fill(const std::string& project) {
    Stub& admin = StubOf("admin-everywhere");
    Resources resources;
    resources.project = project;
    glassbox::v1::DatasetHeader header;
    header.set_project(project);
    glassbox::v1::Dataset dataset;
    EXPECT_TRUE(UploadFile(admin, DatasetPath("adult.csv"), &dataset, header).ok());
    resources.adult_id = dataset.id();
    EXPECT_TRUE(UploadFile(admin, DatasetPath("adult_test_scored.csv"), &dataset, header).ok());
    resources.scored_id = dataset.id();
    EXPECT_EQ(Register(admin, resources).error_code(), grpc::StatusCode::OK);
    glassbox::v1::Run run;
    EXPECT_TRUE(CreateRun(admin, resources, &run).ok());
    run = WaitForRun(admin, run.id());
    EXPECT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
    resources.run_id = run.id();
    resources.insight_id = run.analyses(0).insight_id();
    grpc::ClientContext context;
    glassbox::v1::CreateScorecardRequest request;
    request.set_run_id(run.id());
    request.set_config_json("{}");
    glassbox::v1::Scorecard card;
    EXPECT_TRUE(admin.CreateScorecard(&context, request, &card).ok());
    resources.scorecard_id = card.id();
    return resources;
  }

  static TemporaryFolder* folder_;
  static DaemonProcess* daemon_;
  static Resources* own_;
  static Resources* other_;
};

TemporaryFolder* ProjectsTest::folder_ = nullptr;
DaemonProcess* ProjectsTest::daemon_ = nullptr;
Resources* ProjectsTest::own_ = nullptr;
Resources* ProjectsTest::other_ = nullptr;

// A unary call of `method` with the request `make` builds for the resources.
template <typename Request, typename Response>
Call Unary(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
           std::function<Request(const Resources&)> make) {
  return [method, make](Stub& stub, const Resources& in) {
    grpc::ClientContext context;
    Response response;
    return (stub.*method)(&context, make(in), &response);
  };
}

// Reads a server stream to its end.
template <typename Request, typename Message>
Call Streaming(std::unique_ptr<grpc::ClientReader<Message>> (Stub::*method)(grpc::ClientContext*, const Request&),
               std::function<Request(const Resources&)> make) {
  return [method, make](Stub& stub, const Resources& in) {
    grpc::ClientContext context;
    auto reader = (stub.*method)(&context, make(in));
    Message message;
    while (reader->Read(&message)) {
    }
    return reader->Finish();
  };
}

template <typename Request>
Request WithId(const std::string& id) {
  Request request;
  request.set_id(id);
  return request;
}

template <typename Request>
Request InProject(const Resources& in) {
  Request request;
  request.set_project(in.project);
  return request;
}

enum class Needs { kRead, kWrite, kAudit, kAdmin };
// How an RPC finds its project: a resource's id, a `project` field, or none.
enum class Finds { kById, kByName, kNone };

bool RoleGrants(const std::string& role, Needs needs) {
  if (role == "admin") return true;
  if (role == "analyst") return needs == Needs::kRead || needs == Needs::kWrite;
  return needs == Needs::kRead || needs == Needs::kAudit;  // auditor
}

struct Rpc {
  std::string name;
  Needs needs;
  Finds finds;
  Call call;
  // What an allowed call answers.
  grpc::StatusCode allowed = grpc::StatusCode::OK;
  // Daemon-wide actions needing their role in every project.
  bool every_project = false;
};

std::vector<Rpc> EveryRpc() {
  using namespace glassbox::v1;
  return {
      {"UploadDataset", Needs::kWrite, Finds::kByName,
       [](Stub& stub, const Resources& in) {
         DatasetHeader header;
         header.set_project(in.project);
         Dataset dataset;
         return UploadBytes(stub, "a,b\n1,2\n", &dataset, header);
       }},
      {"GetDataset", Needs::kRead, Finds::kById,
       Unary<GetDatasetRequest, Dataset>(&Stub::GetDataset,
                                         [](auto& in) { return WithId<GetDatasetRequest>(in.scored_id); })},
      {"ListDatasets", Needs::kRead, Finds::kByName,
       Unary<ListDatasetsRequest, ListDatasetsResponse>(&Stub::ListDatasets, InProject<ListDatasetsRequest>)},
      {"GetPrivacyLedger", Needs::kRead, Finds::kById,
       Unary<GetPrivacyLedgerRequest, PrivacyLedger>(&Stub::GetPrivacyLedger,
                                                     [](auto& in) {
                                                       GetPrivacyLedgerRequest request;
                                                       request.set_dataset_id(in.scored_id);
                                                       return request;
                                                     })},
      {"SetPrivacyBudget", Needs::kAdmin, Finds::kById,
       Unary<SetPrivacyBudgetRequest, PrivacyLedger>(&Stub::SetPrivacyBudget,
                                                     [](auto& in) {
                                                       SetPrivacyBudgetRequest request;
                                                       request.set_dataset_id(in.scored_id);
                                                       request.mutable_budget()->set_epsilon(1);
                                                       return request;
                                                     })},
      {"RegisterModel", Needs::kWrite, Finds::kByName, Register},
      {"GetModel", Needs::kRead, Finds::kByName,
       Unary<GetModelRequest, ModelVersion>(&Stub::GetModel,
                                            [](auto& in) {
                                              auto request = InProject<GetModelRequest>(in);
                                              request.mutable_model()->set_name(kModel);
                                              return request;
                                            })},
      {"ListModels", Needs::kRead, Finds::kByName,
       Unary<ListModelsRequest, ListModelsResponse>(&Stub::ListModels, InProject<ListModelsRequest>)},
      {"ListModelVersions", Needs::kRead, Finds::kByName,
       Unary<ListModelVersionsRequest, ListModelVersionsResponse>(&Stub::ListModelVersions, [](auto& in) {
         auto request = InProject<ListModelVersionsRequest>(in);
         request.set_name(kModel);
         return request;
       })},
      {"WhatIf", Needs::kRead, Finds::kByName,
       Unary<WhatIfRequest, WhatIfResponse>(&Stub::WhatIf,
                                            [](auto& in) {
                                              auto request = InProject<WhatIfRequest>(in);
                                              request.mutable_model()->set_name(kModel);
                                              request.set_dataset_id(in.scored_id);
                                              return request;
                                            })},
      {"ListAnalyzers", Needs::kRead, Finds::kNone,
       Unary<ListAnalyzersRequest, ListAnalyzersResponse>(&Stub::ListAnalyzers,
                                                          [](auto&) { return ListAnalyzersRequest(); })},
      {"ReloadPlugins", Needs::kAdmin, Finds::kNone,
       Unary<ReloadPluginsRequest, ReloadPluginsResponse>(&Stub::ReloadPlugins,
                                                          [](auto&) { return ReloadPluginsRequest(); }),
       grpc::StatusCode::OK, true},
      {"CreateRun", Needs::kWrite, Finds::kByName,
       [](Stub& stub, const Resources& in) {
         Run run;
         return CreateRun(stub, in, &run);
       }},
      {"GetRun", Needs::kRead, Finds::kById,
       Unary<GetRunRequest, Run>(&Stub::GetRun, [](auto& in) { return WithId<GetRunRequest>(in.run_id); })},
      {"ListRuns", Needs::kRead, Finds::kByName,
       Unary<ListRunsRequest, ListRunsResponse>(&Stub::ListRuns, InProject<ListRunsRequest>)},
      {"WatchRun", Needs::kRead, Finds::kById,
       Streaming<WatchRunRequest, RunEvent>(&Stub::WatchRun,
                                            [](auto& in) { return WithId<WatchRunRequest>(in.run_id); })},
      {"CancelRun", Needs::kWrite, Finds::kById,
       Unary<CancelRunRequest, Run>(&Stub::CancelRun, [](auto& in) { return WithId<CancelRunRequest>(in.run_id); }),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"GetInsight", Needs::kRead, Finds::kById,
       Unary<GetInsightRequest, Insight>(&Stub::GetInsight,
                                         [](auto& in) { return WithId<GetInsightRequest>(in.insight_id); })},
      {"ListInsights", Needs::kRead, Finds::kById,
       Unary<ListInsightsRequest, ListInsightsResponse>(&Stub::ListInsights,
                                                        [](auto& in) {
                                                          ListInsightsRequest request;
                                                          request.set_run_id(in.run_id);
                                                          return request;
                                                        })},
      {"CompareRuns", Needs::kRead, Finds::kById,
       Unary<CompareRunsRequest, CompareRunsResponse>(&Stub::CompareRuns,
                                                      [](auto& in) {
                                                        CompareRunsRequest request;
                                                        request.set_run_id(in.run_id);
                                                        request.set_other_run_id(in.run_id);
                                                        return request;
                                                      })},
      {"CreateScorecard", Needs::kWrite, Finds::kById,
       Unary<CreateScorecardRequest, Scorecard>(&Stub::CreateScorecard,
                                                [](auto& in) {
                                                  CreateScorecardRequest request;
                                                  request.set_run_id(in.run_id);
                                                  request.set_config_json("{}");
                                                  return request;
                                                })},
      {"GetScorecard", Needs::kRead, Finds::kById,
       Streaming<GetScorecardRequest, ScorecardChunk>(
           &Stub::GetScorecard, [](auto& in) { return WithId<GetScorecardRequest>(in.scorecard_id); })},
      {"ListScorecards", Needs::kRead, Finds::kByName,
       Unary<ListScorecardsRequest, ListScorecardsResponse>(&Stub::ListScorecards, InProject<ListScorecardsRequest>)},
      {"ListAuditEvents", Needs::kAudit, Finds::kByName,
       Unary<ListAuditEventsRequest, ListAuditEventsResponse>(&Stub::ListAuditEvents,
                                                              InProject<ListAuditEventsRequest>)},
      {"VerifyAuditLog", Needs::kAudit, Finds::kNone,
       Unary<VerifyAuditLogRequest, VerifyAuditLogResponse>(&Stub::VerifyAuditLog,
                                                            [](auto&) { return VerifyAuditLogRequest(); }),
       grpc::StatusCode::OK, true},
      {"GetLineage", Needs::kRead, Finds::kById,
       Unary<GetLineageRequest, Lineage>(&Stub::GetLineage,
                                         [](auto& in) {
                                           GetLineageRequest request;
                                           request.set_resource("runs/" + in.run_id);
                                           return request;
                                         })},
  };
}

// What `principal` gets from `rpc` on the resources of `project`. A resource
// of a project the caller holds no role in answers as a missing one
// (NOT_FOUND); naming such a project is PERMISSION_DENIED; so is a role that
// does not allow the action at all.
grpc::StatusCode Expected(const Principal& principal, const Rpc& rpc, const std::string& project) {
  if (!RoleGrants(principal.role, rpc.needs)) return grpc::StatusCode::PERMISSION_DENIED;
  bool in_project = principal.project == "*" || (principal.project == project && !rpc.every_project);
  if (rpc.finds == Finds::kNone && !rpc.every_project) in_project = true;
  if (in_project) return rpc.allowed;
  return rpc.finds == Finds::kById ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::PERMISSION_DENIED;
}

TEST(ProjectsRpcTableTest, NamesEveryMethodOfTheService) {
  std::set<std::string> names;
  for (const Rpc& rpc : EveryRpc()) names.insert(rpc.name);
  EXPECT_EQ(names, GlassboxServiceMethods());
}

TEST_F(ProjectsTest, EveryRpcChecksTheCallersRoleInTheResourcesProject) {
  ASSERT_FALSE(own_->scorecard_id.empty());
  ASSERT_FALSE(other_->scorecard_id.empty());
  for (const auto& rpc : EveryRpc()) {
    for (const auto& principal : Principals()) {
      for (const Resources* target : {own_, other_}) {
        grpc::Status status = rpc.call(StubOf(principal.token), *target);
        EXPECT_EQ(status.error_code(), Expected(principal, rpc, target->project))
            << rpc.name << " by " << principal.role << ":" << principal.project << " on " << target->project
            << ": " << status.error_message();
      }
    }
  }
}

template <typename Item>
std::vector<std::string> Ids(const google::protobuf::RepeatedPtrField<Item>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id());
  return ids;
}

TEST_F(ProjectsTest, ListsWithoutAProjectShowEveryProjectTheCallerReadsAndNoOther) {
  using ::testing::Contains;
  using ::testing::Not;
  for (const auto& [token, sees_other] : std::vector<std::pair<std::string, bool>>{
           {"analyst-of-credit-risk", false}, {"auditor-everywhere", true}, {"analyst-of-both", true}}) {
    Stub& stub = StubOf(token);
    grpc::ClientContext datasets_context;
    glassbox::v1::ListDatasetsResponse datasets;
    ASSERT_TRUE(stub.ListDatasets(&datasets_context, {}, &datasets).ok()) << token;
    EXPECT_THAT(Ids(datasets.datasets()), Contains(own_->scored_id)) << token;
    grpc::ClientContext runs_context;
    glassbox::v1::ListRunsResponse runs;
    ASSERT_TRUE(stub.ListRuns(&runs_context, {}, &runs).ok()) << token;
    EXPECT_THAT(Ids(runs.runs()), Contains(own_->run_id)) << token;
    grpc::ClientContext cards_context;
    glassbox::v1::ListScorecardsResponse cards;
    ASSERT_TRUE(stub.ListScorecards(&cards_context, {}, &cards).ok()) << token;
    EXPECT_THAT(Ids(cards.scorecards()), Contains(own_->scorecard_id)) << token;
    grpc::ClientContext models_context;
    glassbox::v1::ListModelsResponse models;
    ASSERT_TRUE(stub.ListModels(&models_context, {}, &models).ok()) << token;
    std::vector<std::string> model_projects;
    for (const auto& model : models.models()) model_projects.push_back(model.project());
    EXPECT_THAT(model_projects, Contains(kOwn)) << token;
    if (sees_other) {
      EXPECT_THAT(Ids(datasets.datasets()), Contains(other_->scored_id)) << token;
      EXPECT_THAT(Ids(runs.runs()), Contains(other_->run_id)) << token;
      EXPECT_THAT(Ids(cards.scorecards()), Contains(other_->scorecard_id)) << token;
      EXPECT_THAT(model_projects, Contains(kOther)) << token;
    } else {
      EXPECT_THAT(Ids(datasets.datasets()), Not(Contains(other_->scored_id))) << token;
      EXPECT_THAT(Ids(runs.runs()), Not(Contains(other_->run_id))) << token;
      EXPECT_THAT(Ids(cards.scorecards()), Not(Contains(other_->scorecard_id))) << token;
      EXPECT_THAT(model_projects, Not(Contains(kOther))) << token;
    }
  }
}

TEST_F(ProjectsTest, AnotherProjectsResourceCannotBeToldFromAMissingOne) {
  Stub& stub = StubOf("analyst-of-credit-risk");
  for (const auto& [id, missing] : std::vector<std::pair<std::string, std::string>>{
           {other_->scored_id, "ds_000000000000000000000000"}, {other_->run_id, "run_0000000000000000"}}) {
    std::vector<grpc::Status> answers;
    for (const std::string& asked : {id, missing}) {
      grpc::ClientContext context;
      if (id.starts_with("ds_")) {
        glassbox::v1::Dataset dataset;
        answers.push_back(stub.GetDataset(&context, WithId<glassbox::v1::GetDatasetRequest>(asked), &dataset));
      } else {
        glassbox::v1::Run run;
        answers.push_back(stub.GetRun(&context, WithId<glassbox::v1::GetRunRequest>(asked), &run));
      }
    }
    EXPECT_EQ(answers[0].error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(answers[1].error_code(), grpc::StatusCode::NOT_FOUND);
    std::string hidden = answers[0].error_message();
    hidden.replace(hidden.find(id), id.size(), missing);
    EXPECT_EQ(hidden, answers[1].error_message());
  }
}

TEST_F(ProjectsTest, TheSameBytesInTwoProjectsAreTwoDatasets) {
  grpc::ClientContext own_context, other_context;
  glassbox::v1::Dataset own, other;
  Stub& admin = StubOf("admin-everywhere");
  using glassbox::v1::GetDatasetRequest;
  ASSERT_TRUE(admin.GetDataset(&own_context, WithId<GetDatasetRequest>(own_->scored_id), &own).ok());
  ASSERT_TRUE(admin.GetDataset(&other_context, WithId<GetDatasetRequest>(other_->scored_id), &other).ok());
  EXPECT_EQ(own.sha256(), other.sha256());
  EXPECT_NE(own.id(), other.id());
  EXPECT_EQ(own.project(), kOwn);
  EXPECT_EQ(other.project(), kOther);
}

TEST_F(ProjectsTest, RunsAndWhatIfUseOnlyTheDatasetsOfTheirProject) {
  // Even a caller who may read both projects cannot mix them.
  for (const std::string token : {"admin-everywhere", "analyst-of-credit-risk"}) {
    Resources mixed = *own_;
    mixed.scored_id = other_->scored_id;
    glassbox::v1::Run run;
    grpc::Status created = CreateRun(StubOf(token), mixed, &run);
    EXPECT_EQ(created.error_code(), grpc::StatusCode::NOT_FOUND) << token;
    EXPECT_EQ(created.error_message(),
              absl::StrCat("dataset '", other_->scored_id, "' does not exist; ListDatasets shows the ids"));
    grpc::ClientContext context;
    glassbox::v1::WhatIfRequest request;
    request.set_project(kOwn);
    request.mutable_model()->set_name(kModel);
    request.set_dataset_id(other_->scored_id);
    glassbox::v1::WhatIfResponse response;
    EXPECT_EQ(StubOf(token).WhatIf(&context, request, &response).error_code(), grpc::StatusCode::NOT_FOUND) << token;
    mixed = *own_;
    mixed.adult_id = other_->adult_id;
    EXPECT_EQ(Register(StubOf(token), mixed).error_code(), grpc::StatusCode::NOT_FOUND) << token;
  }
}

TEST_F(ProjectsTest, InsightsAndScorecardsAreInTheirRunsProject) {
  Stub& stub = StubOf("auditor-of-fraud");
  grpc::ClientContext lineage_context;
  glassbox::v1::GetLineageRequest request;
  request.set_resource("scorecards/" + other_->scorecard_id);
  glassbox::v1::Lineage lineage;
  ASSERT_TRUE(stub.GetLineage(&lineage_context, request, &lineage).ok());
  EXPECT_EQ(lineage.run().project(), kOther);
  EXPECT_EQ(lineage.scorecard().project(), kOther);
  EXPECT_EQ(lineage.dataset().project(), kOther);
  request.set_resource("insights/" + own_->insight_id);
  grpc::ClientContext hidden_context;
  EXPECT_EQ(stub.GetLineage(&hidden_context, request, &lineage).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProjectsTest, RefusalsAreAuditedInTheirProjectAndAuditorsSeeOnlyTheirProjects) {
  grpc::ClientContext probe;
  glassbox::v1::Run run;
  EXPECT_EQ(StubOf("analyst-of-credit-risk").GetRun(&probe, WithId<glassbox::v1::GetRunRequest>(other_->run_id), &run)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  grpc::ClientContext reload;
  glassbox::v1::ReloadPluginsResponse reloaded;
  ASSERT_TRUE(StubOf("admin-everywhere").ReloadPlugins(&reload, {}, &reloaded).ok());

  auto events_of = [](const std::string& token) {
    glassbox::v1::ListAuditEventsRequest request;
    request.set_page_size(1000);
    std::vector<glassbox::v1::AuditEvent> events;
    do {
      grpc::ClientContext context;
      glassbox::v1::ListAuditEventsResponse page;
      EXPECT_TRUE(StubOf(token).ListAuditEvents(&context, request, &page).ok()) << token;
      events.insert(events.end(), page.events().begin(), page.events().end());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return events;
  };
  auto refusal = [](const glassbox::v1::AuditEvent& event) {
    return event.principal() == "analyst-of-credit-risk" && event.action() == "GetRun" &&
           event.outcome() == "NOT_FOUND";
  };
  std::vector<glassbox::v1::AuditEvent> fraud = events_of("auditor-of-fraud");
  ASSERT_TRUE(std::any_of(fraud.begin(), fraud.end(), refusal));
  for (const auto& event : fraud) EXPECT_EQ(event.project(), kOther) << event.action() << " " << event.resource();
  for (const auto& event : events_of("auditor-of-credit-risk")) {
    EXPECT_EQ(event.project(), kOwn) << event.action() << " " << event.resource();
  }
  std::vector<glassbox::v1::AuditEvent> all = events_of("auditor-everywhere");
  EXPECT_GT(all.size(), fraud.size());
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const auto& event) { return event.project().empty(); }))
      << "the daemon-wide events (the plugin reload) are listed for an auditor of every project";

  grpc::ClientContext verify_context;
  glassbox::v1::VerifyAuditLogResponse verified;
  ASSERT_TRUE(StubOf("auditor-everywhere").VerifyAuditLog(&verify_context, {}, &verified).ok());
  EXPECT_TRUE(verified.intact()) << verified.reason();
}

TEST_F(ProjectsTest, TheCliTakesTheProjectFromAFlagOrTheEnvironment) {
  std::vector<std::string> tls = {"--tls-ca", folder_->path() + "/ca.pem", "--token", "analyst-of-credit-risk"};
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.end(), tls.begin(), tls.end());
    return RunCli(daemon_->address(), args);
  };
  CliResult listed = cli({"datasets", "--project", kOwn});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr(own_->scored_id));
  CliResult refused = cli({"runs", "--project", kOther});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(refused.err, HasSubstr("in project 'fraud'"));
  setenv("GLASSBOX_PROJECT", kOwn, 1);
  CliResult uploaded = cli({"upload", DatasetPath("adult_test_scored.csv")});
  unsetenv("GLASSBOX_PROJECT");
  EXPECT_EQ(uploaded.exit_code, 0) << uploaded.err;
  EXPECT_THAT(uploaded.out, HasSubstr(own_->scored_id)) << "the same bytes in the same project are the same dataset";
  CliResult into_default = cli({"upload", DatasetPath("adult_test_scored.csv")});
  EXPECT_EQ(into_default.exit_code, 1) << "an analyst of credit-risk only may not upload into default";
  EXPECT_THAT(into_default.err, HasSubstr("in project 'default'"));
}

// Without a tokens file, the loopback caller administers every project.
TEST(ProjectsLoopbackTest, TheLocalAdministratorUsesEveryProject) {
  DaemonProcess daemon;
  glassbox::v1::Dataset in_default, in_named;
  ASSERT_TRUE(UploadBytes(daemon.stub(), "a,b\n1,2\n", &in_default).ok());
  glassbox::v1::DatasetHeader header;
  header.set_project("team-7");
  ASSERT_TRUE(UploadBytes(daemon.stub(), "a,b\n1,2\n", &in_named, header).ok());
  EXPECT_EQ(in_default.project(), "default");
  EXPECT_EQ(in_named.project(), "team-7");
  grpc::ClientContext context;
  glassbox::v1::ListDatasetsResponse all;
  ASSERT_TRUE(daemon.stub().ListDatasets(&context, {}, &all).ok());
  EXPECT_EQ(all.datasets_size(), 2);
  header.set_project("Team 7");
  grpc::Status bad = UploadBytes(daemon.stub(), "a,b\n1,2\n", &in_named, header);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("header.project 'Team 7' is not a project name"));
}

}  // namespace
}  // namespace glassbox::testing
