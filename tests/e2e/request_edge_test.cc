// The request edge through a real glassboxd: unknown enum values and invalid
// UTF-8 are INVALID_ARGUMENT naming the field; ids and names are bounded
// before anything is stored or audited, and a peer's refusals cost bounded
// audit space; list pages (insights too) end before the message limit; runs
// have a capped number of analyses and cohorts, and a capped spec and scorecard
// configuration.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/support/bearer_tokens.h"
#include "tests/support/daemon_process.h"
#include "tests/support/raw_call.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A CSV whose column v holds `rows` distinct categories of `width` bytes,
// so the dataset's description (which lists them) is about rows * width bytes.
std::string WideCategoriesCsv(char tag, int rows, int width) {
  std::string csv = "x,v,y,p\n";
  for (int i = 0; i < rows; ++i) {
    absl::StrAppend(&csv, i, ",", std::string(1, tag), i, std::string(width, 'c'), ",", i % 2, ",", (i / 2) % 2, "\n");
  }
  return csv;
}

glassbox::v1::RunSpec SmallSpec(const std::string& dataset_id) {
  glassbox::v1::RunSpec spec;
  spec.set_dataset_id(dataset_id);
  spec.set_target_column("y");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.mutable_predictions()->set_prediction_column("p");
  spec.add_analyses()->set_analyzer("data_explorer");
  return spec;
}

grpc::Status CreateRun(glassbox::v1::Glassbox::Stub& stub, const glassbox::v1::RunSpec& spec,
                       glassbox::v1::Run* run = nullptr) {
  grpc::ClientContext context;
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = spec;
  glassbox::v1::Run ignored;
  return stub.CreateRun(&context, request, run == nullptr ? &ignored : run);
}

int64_t DatabaseBytes(const DaemonProcess& daemon) {
  int64_t bytes = 0;
  for (const char* file : {"/glassbox.db", "/glassbox.db-wal"}) {
    std::error_code error;
    auto size = std::filesystem::file_size(daemon.data_dir() + file, error);
    if (!error) bytes += static_cast<int64_t>(size);
  }
  return bytes;
}

TEST(RequestEdgeTest, UnknownEnumValuesAreRefusedNamingTheFieldAndTheValues) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadBytes(daemon.stub(), WideCategoriesCsv('a', 20, 1), &dataset).ok());

  auto spec = SmallSpec(dataset.id());
  spec.set_task(static_cast<glassbox::v1::TaskType>(99));
  grpc::Status status = CreateRun(daemon.stub(), spec);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "spec.task: 99 is not a TaskType; use one of TASK_TYPE_UNSPECIFIED, "
                                    "BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION, REGRESSION");

  glassbox::v1::DatasetHeader header;
  (*header.mutable_column_types())["x"] = static_cast<glassbox::v1::ColumnType>(7);
  glassbox::v1::Dataset typed;
  status = UploadBytes(daemon.stub(), WideCategoriesCsv('b', 20, 1), &typed, header);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "header.column_types['x']: 7 is not a ColumnType; use one of COLUMN_TYPE_UNSPECIFIED, NUMERIC, "
            "CATEGORICAL");

  grpc::ClientContext context;
  glassbox::v1::RegisterModelRequest model;
  model.set_name("m");
  model.set_format(static_cast<glassbox::v1::ModelFormat>(-3));
  glassbox::v1::ModelVersion version;
  status = daemon.stub().RegisterModel(&context, model, &version);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("format: -3 is not a ModelFormat; use one of"));

  // Nothing was stored: the one upload of the test is the only dataset.
  grpc::ClientContext list;
  glassbox::v1::ListDatasetsResponse datasets;
  ASSERT_TRUE(daemon.stub().ListDatasets(&list, {}, &datasets).ok());
  EXPECT_EQ(datasets.datasets_size(), 1);
}

TEST(RequestEdgeTest, InvalidUtf8IsInvalidArgumentNamingTheField) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  // GetRunRequest{id: "\xff\xfe"}
  grpc::Status status = RawUnaryCall(*daemon.channel(), "/glassbox.v1.Glassbox/GetRun", "\x0a\x02\xff\xfe");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith("id is not valid UTF-8"));
  // CreateRunRequest{spec: {cohorts: [{name: "\xff"}]}}
  status = RawUnaryCall(*daemon.channel(), "/glassbox.v1.Glassbox/CreateRun", "\x0a\x05\x42\x03\x0a\x01\xff");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith("spec.cohorts[].name is not valid UTF-8"));

  // UploadDatasetRequest{header: {display_name: "\xff"}}, then a chunk.
  status = RawUpload(*daemon.channel(), {"\x0a\x03\x0a\x01\xff", "\x12\x04\x61\x0a\x31\x0a"});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith("header.display_name is not valid UTF-8"));

  // The same bytes with valid text are served: the channel and daemon are fine.
  status = RawUnaryCall(*daemon.channel(), "/glassbox.v1.Glassbox/GetRun", "\x0a\x02\x68\x69");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("id: 'hi' is not a run id"));
}

TEST(RequestEdgeTest, HugeIdsCostBoundedAuditSpaceAndTheAuditorCanStillList) {
  TemporaryFolder folder;
  const std::string tokens = folder.path() + "/tokens";
  WriteTokensFile(tokens, {{"token-a", "alice", "analyst"}, {"token-z", "zoe", "auditor"}});
  DaemonProcess daemon({"--tokens_file=" + tokens});
  ASSERT_TRUE(daemon.running());
  auto alice = BearerTokenStub(daemon.address(), "token-a");
  auto zoe = BearerTokenStub(daemon.address(), "token-z");
  const std::string huge(2 << 20, 'x');
  const int64_t before = DatabaseBytes(daemon);

  constexpr int kCalls = 25;
  for (int i = 0; i < kCalls; ++i) {
    grpc::ClientContext anonymous;
    glassbox::v1::GetRunRequest get_run;
    get_run.set_id(huge);
    glassbox::v1::Run run;
    EXPECT_EQ(daemon.stub().GetRun(&anonymous, get_run, &run).error_code(), grpc::StatusCode::UNAUTHENTICATED);
    grpc::ClientContext analyst;
    glassbox::v1::GetInsightRequest get_insight;
    get_insight.set_id(huge);
    glassbox::v1::Insight insight;
    EXPECT_EQ(alice->GetInsight(&analyst, get_insight, &insight).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    auto spec = SmallSpec("ds_0123456789abcdef01234567");
    spec.set_display_name(huge);
    EXPECT_EQ(CreateRun(*alice, spec).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  // 75 calls carrying 150 MiB in all; what is written stays well under a megabyte.
  EXPECT_LT(DatabaseBytes(daemon) - before, 1 << 20);

  glassbox::v1::ListAuditEventsRequest request;
  request.set_page_size(1000);
  grpc::ClientContext context;
  glassbox::v1::ListAuditEventsResponse events;
  grpc::Status listed = zoe->ListAuditEvents(&context, request, &events);
  ASSERT_TRUE(listed.ok()) << listed.error_message();
  int in_full = 0;
  int64_t counted = 0;
  for (const auto& event : events.events()) {
    EXPECT_LE(event.resource().size(), 256u);
    EXPECT_LE(event.detail().size(), 1024u);
    if (event.detail().find("counted, not recorded one by one") != std::string::npos) {
      counted += std::stoll(event.detail());
    } else {
      ++in_full;
    }
  }
  // Every refused call is accounted for: recorded in full or counted.
  EXPECT_EQ(in_full + counted, 3 * kCalls);
  EXPECT_LE(in_full, 20);
  grpc::ClientContext verify;
  glassbox::v1::VerifyAuditLogResponse verified;
  ASSERT_TRUE(zoe->VerifyAuditLog(&verify, {}, &verified).ok());
  EXPECT_TRUE(verified.intact()) << verified.reason();
}

TEST(RequestEdgeTest, ListPagesEndBeforeTheMessageLimit) {
  DaemonProcess daemon({"--max_message_mb=1"});
  ASSERT_TRUE(daemon.running());
  // Each dataset's description lists 1000 categories of ~300 bytes: four pass 1 MiB together.
  constexpr int kDatasets = 4;
  std::string dataset_id;
  for (int i = 0; i < kDatasets; ++i) {
    glassbox::v1::Dataset dataset;
    grpc::Status uploaded = UploadBytes(daemon.stub(), WideCategoriesCsv(static_cast<char>('a' + i), 1000, 300),
                                        &dataset);
    ASSERT_TRUE(uploaded.ok()) << uploaded.error_message();
    ASSERT_GT(dataset.ByteSizeLong(), 300'000u);
    dataset_id = dataset.id();
  }
  // Each run's spec holds 64 cohorts with 4000-byte filters: five pass 1 MiB together.
  std::string filter;
  while (filter.size() + 11 < 4000) filter += "x >= 0 AND ";
  filter += "x >= 0";
  constexpr int kRuns = 5;
  for (int r = 0; r < kRuns; ++r) {
    auto spec = SmallSpec(dataset_id);
    for (int c = 0; c < 64; ++c) {
      auto* cohort = spec.add_cohorts();
      cohort->set_name(absl::StrCat("cohort-", c));
      cohort->set_filter(filter);
    }
    glassbox::v1::Run run;
    grpc::Status created = CreateRun(daemon.stub(), spec, &run);
    ASSERT_TRUE(created.ok()) << created.error_message();
    EXPECT_EQ(WaitForRun(daemon.stub(), run.id()).state(), glassbox::v1::SUCCEEDED);
  }

  auto count_pages = [](auto list) {
    std::string token;
    int items = 0;
    int pages = 0;
    do {
      auto [status, page_items, next] = list(token);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_GT(page_items, 0);
      items += page_items;
      token = next;
      ++pages;
    } while (!token.empty());
    return std::pair{items, pages};
  };
  auto datasets = count_pages([&](const std::string& token) {
    grpc::ClientContext context;
    glassbox::v1::ListDatasetsRequest request;
    request.set_page_token(token);
    glassbox::v1::ListDatasetsResponse response;
    grpc::Status status = daemon.stub().ListDatasets(&context, request, &response);
    return std::tuple{status, response.datasets_size(), response.next_page_token()};
  });
  EXPECT_EQ(datasets.first, kDatasets);
  EXPECT_GE(datasets.second, 2);
  auto runs = count_pages([&](const std::string& token) {
    grpc::ClientContext context;
    glassbox::v1::ListRunsRequest request;
    request.set_page_token(token);
    glassbox::v1::ListRunsResponse response;
    grpc::Status status = daemon.stub().ListRuns(&context, request, &response);
    return std::tuple{status, response.runs_size(), response.next_page_token()};
  });
  EXPECT_EQ(runs.first, kRuns);
  EXPECT_GE(runs.second, 2);
}

// A run's insights, page after page, as a client that follows the tokens sees them.
struct InsightPages {
  grpc::Status status;
  std::vector<glassbox::v1::Insight> insights;
  std::vector<size_t> page_bytes;
};

InsightPages ListEveryInsight(glassbox::v1::Glassbox::Stub& stub, const std::string& run_id, int page_size) {
  InsightPages pages;
  glassbox::v1::ListInsightsRequest request;
  request.set_run_id(run_id);
  request.set_page_size(page_size);
  do {
    grpc::ClientContext context;
    glassbox::v1::ListInsightsResponse response;
    pages.status = stub.ListInsights(&context, request, &response);
    if (!pages.status.ok()) break;
    pages.page_bytes.push_back(response.ByteSizeLong());
    pages.insights.insert(pages.insights.end(), response.insights().begin(), response.insights().end());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return pages;
}

TEST(RequestEdgeTest, ListInsightsPagesEndBeforeTheMessageLimitInAnalysisOrder) {
  DaemonProcess daemon({"--max_message_mb=1"});
  ASSERT_TRUE(daemon.running());
  // data_explorer's insight on this table lists its 1000 categories of ~300 bytes each.
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadBytes(daemon.stub(), WideCategoriesCsv('a', 1000, 300), &dataset).ok());
  auto spec = SmallSpec(dataset.id());
  constexpr int kAnalyses = 6;
  for (int i = 1; i < kAnalyses; ++i) spec.add_analyses()->set_analyzer("data_explorer");
  glassbox::v1::Run created;
  ASSERT_TRUE(CreateRun(daemon.stub(), spec, &created).ok());
  const glassbox::v1::Run run = WaitForRun(daemon.stub(), created.id());
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  ASSERT_EQ(run.analyses_size(), kAnalyses);

  grpc::ClientContext get_context;
  glassbox::v1::GetInsightRequest get;
  get.set_id(run.analyses(0).insight_id());
  glassbox::v1::Insight one;
  ASSERT_TRUE(daemon.stub().GetInsight(&get_context, get, &one).ok());
  // Together the insights pass the 1 MiB limit, so one unpaged response could not carry them.
  ASSERT_GT(kAnalyses * one.ByteSizeLong(), size_t{1} << 20) << "each insight is " << one.ByteSizeLong() << " bytes";

  for (int page_size : {0, 2, 1}) {
    const InsightPages pages = ListEveryInsight(daemon.stub(), run.id(), page_size);
    ASSERT_TRUE(pages.status.ok()) << "page_size " << page_size << ": " << pages.status.error_message();
    ASSERT_EQ(pages.insights.size(), static_cast<size_t>(kAnalyses)) << "page_size " << page_size;
    for (int i = 0; i < kAnalyses; ++i) {
      EXPECT_EQ(pages.insights[i].id(), run.analyses(i).insight_id()) << "page_size " << page_size << ", analysis " << i;
    }
    EXPECT_GE(pages.page_bytes.size(), page_size == 1 ? size_t{kAnalyses} : size_t{2});
    for (size_t bytes : pages.page_bytes) EXPECT_LT(bytes, size_t{1} << 20) << "page_size " << page_size;
  }

  glassbox::v1::ListInsightsRequest bad;
  bad.set_run_id(run.id());
  bad.set_page_token("p1.0");
  grpc::ClientContext bad_context;
  glassbox::v1::ListInsightsResponse ignored;
  grpc::Status refused = daemon.stub().ListInsights(&bad_context, bad, &ignored);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), StartsWith("page_token is not one this server issued"));
}

// Issue #14 item 7: besides the cap on each field, a run's spec as a whole
// and its scorecard configuration have caps of their own at CreateRun.
TEST(RequestEdgeTest, ARunsSpecAndItsScorecardConfigAreCappedAtCreateRun) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadBytes(daemon.stub(), WideCategoriesCsv('a', 20, 1), &dataset).ok());

  // 64 analyses with 20 parameters of 1000 bytes: each field within its cap, 1.3 MB in all.
  auto big = SmallSpec(dataset.id());
  for (int i = 1; i < 64; ++i) big.add_analyses()->set_analyzer("data_explorer");
  for (auto& analysis : *big.mutable_analyses()) {
    for (int p = 0; p < 20; ++p) {
      (*analysis.mutable_params()->mutable_fields())[absl::StrCat("p", p)].set_string_value(std::string(1000, 'v'));
    }
  }
  ASSERT_GT(big.ByteSizeLong(), size_t{1} << 20);
  grpc::Status status = CreateRun(daemon.stub(), big);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("over the limit of 1048576 bytes for a run's spec"));

  // A configuration of 70,000 bytes (valid JSON: an object with one long string).
  auto configured = SmallSpec(dataset.id());
  configured.set_scorecard_config(absl::StrCat(R"({"Model": {"ModelSummary": ")", std::string(69'969, 's'), "\"}}"));
  ASSERT_EQ(configured.scorecard_config().size(), 70'000u);
  status = CreateRun(daemon.stub(), configured);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("spec.scorecard_config: 70000 bytes is over this field's limit of 65536"));

  grpc::ClientContext context;
  glassbox::v1::ListRunsResponse runs;
  ASSERT_TRUE(daemon.stub().ListRuns(&context, {}, &runs).ok());
  EXPECT_EQ(runs.runs_size(), 0) << "neither run was recorded";
}

TEST(RequestEdgeTest, AnalysesAndCohortsPerRunAreCapped) {
  DaemonProcess daemon({"--max_analyses_per_run=3", "--max_cohorts_per_run=2"});
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadBytes(daemon.stub(), WideCategoriesCsv('a', 20, 1), &dataset).ok());
  auto spec = SmallSpec(dataset.id());
  for (int i = 0; i < 2; ++i) spec.add_analyses()->set_analyzer("data_explorer");
  for (int i = 0; i < 2; ++i) {
    auto* cohort = spec.add_cohorts();
    cohort->set_name(absl::StrCat("c", i));
    cohort->set_filter("x > 3");
  }
  grpc::Status status = CreateRun(daemon.stub(), spec);
  EXPECT_TRUE(status.ok()) << status.error_message();

  auto more_analyses = spec;
  more_analyses.add_analyses()->set_analyzer("data_explorer");
  status = CreateRun(daemon.stub(), more_analyses);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "spec.analyses: 4 analyses, more than the 3 a run may have (glassboxd --max_analyses_per_run)");
  auto more_cohorts = spec;
  more_cohorts.add_cohorts()->set_name("c2");
  status = CreateRun(daemon.stub(), more_cohorts);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "spec.cohorts: 3 cohorts, more than the 2 a run may have (glassboxd --max_cohorts_per_run)");

  grpc::ClientContext context;
  glassbox::v1::ListRunsResponse runs;
  ASSERT_TRUE(daemon.stub().ListRuns(&context, {}, &runs).ok());
  EXPECT_EQ(runs.runs_size(), 1);
}

TEST(RequestEdgeTest, TheDefaultCapIs64AnalysesPerRun) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadBytes(daemon.stub(), WideCategoriesCsv('a', 20, 1), &dataset).ok());
  auto spec = SmallSpec(dataset.id());
  for (int i = 1; i < 65; ++i) spec.add_analyses()->set_analyzer("data_explorer");
  grpc::Status status = CreateRun(daemon.stub(), spec);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "spec.analyses: 65 analyses, more than the 64 a run may have (glassboxd --max_analyses_per_run)");
}

}  // namespace
}  // namespace glassbox::testing
