// An auditor's questions through a real daemon: which runs and scorecards did
// a principal create, of which model version, when, and did they meet their
// targets. Two analysts (tokens on loopback) create runs and scorecards; each
// ListRuns / ListScorecards filter, and the CLI's history, runs and
// scorecards commands, give exactly the right ones.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/bearer_tokens.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using google::protobuf::util::TimeUtil;
using Stub = glassbox::v1::Glassbox::Stub;

constexpr char kMet[] = R"({"Metrics": {"accuracy_score": {"threshold": ">=0.8"}}})";
constexpr char kNotMet[] = R"({"Metrics": {"accuracy_score": {"threshold": ">=0.9"}}})";
constexpr char kNoTargets[] = R"({"Metrics": {"accuracy_score": {}}})";

struct Auditing {
  std::vector<std::string> runs;
  std::vector<std::string> scorecards;
};

class HistoryTest : public ::testing::Test {
 protected:
  // alice: run A (model v1, targets met). bob: run B (v2, not met).
  // alice: run C (prediction columns, no scorecard). bob: run D (v2, a
  // scorecard without targets), then alice re-scores D with targets met.
  static void SetUpTestSuite() {
    folder_ = new TemporaryFolder();
    WriteTokensFile(folder_->path() + "/tokens", {{"token-of-alice", "alice", "analyst"},
                                                  {"token-of-bob", "bob", "analyst"},
                                                  {"token-of-carol", "carol", "auditor"}});
    daemon_ = new DaemonProcess({"--tokens_file=" + folder_->path() + "/tokens"});
    ASSERT_TRUE(daemon_->running());
    alice_ = BearerTokenStub(daemon_->address(), "token-of-alice").release();
    bob_ = BearerTokenStub(daemon_->address(), "token-of-bob").release();
    carol_ = BearerTokenStub(daemon_->address(), "token-of-carol").release();

    glassbox::v1::Dataset adult, scored;
    ASSERT_TRUE(UploadFile(*alice_, DatasetPath("adult.csv"), &adult).ok());
    ASSERT_TRUE(UploadFile(*alice_, DatasetPath("adult_test_scored.csv"), &scored).ok());
    std::string model_bytes = ReadFileBytes(DatasetPath("adult_xgb.json"));
    // The same model saved again with a trailing newline: other bytes, version 2.
    for (const std::string& bytes : {model_bytes, model_bytes + "\n"}) {
      glassbox::v1::RegisterModelRequest model;
      model.set_name("adult-xgb");
      model.set_format(glassbox::v1::XGBOOST);
      model.set_model_bytes(bytes);
      model.add_class_labels("<=50K");
      model.add_class_labels(">50K");
      model.set_categories_from_dataset_id(adult.id());
      grpc::ClientContext context;
      glassbox::v1::ModelVersion version;
      ASSERT_TRUE(alice_->RegisterModel(&context, model, &version).ok());
    }

    // `version` empty: the latest.
    auto run = [&](Stub& stub, const std::string& model, const std::string& version, const char* config) {
      glassbox::v1::RunSpec spec = AdultRunSpec(scored.id(), {"model_overview"}, model);
      if (!version.empty()) spec.mutable_model()->set_version(version);
      spec.set_scorecard_config(config);
      glassbox::v1::Run done = CreateRunAndWait(stub, spec);
      EXPECT_EQ(done.state(), glassbox::v1::SUCCEEDED) << done.error();
      return done;
    };
    a_ = new glassbox::v1::Run(run(*alice_, "adult-xgb", "1", kMet));
    b_ = new glassbox::v1::Run(run(*bob_, "adult-xgb", "2", kNotMet));
    c_ = new glassbox::v1::Run(run(*alice_, "", "", ""));
    d_ = new glassbox::v1::Run(run(*bob_, "adult-xgb", "", kNoTargets));
    grpc::ClientContext context;
    glassbox::v1::CreateScorecardRequest rescore;
    rescore.set_run_id(d_->id());
    rescore.set_config_json(kMet);
    d_rescored_ = new glassbox::v1::Scorecard();
    ASSERT_TRUE(alice_->CreateScorecard(&context, rescore, d_rescored_).ok());
    ready_ = true;
  }

  static void TearDownTestSuite() {
    for (auto* run : {a_, b_, c_, d_}) delete run;
    delete d_rescored_;
    for (auto* stub : {alice_, bob_, carol_}) delete stub;
    delete daemon_;
    delete folder_;
  }

  static glassbox::v1::ListRunsRequest RunsOf(const std::string& model) {
    glassbox::v1::ListRunsRequest request;
    request.set_model_name(model);
    return request;
  }

  // The ids of every run matching `request`, as the auditor carol, page after page of one.
  static std::vector<std::string> Runs(glassbox::v1::ListRunsRequest request) {
    std::vector<std::string> ids;
    request.set_page_size(1);
    do {
      grpc::ClientContext context;
      glassbox::v1::ListRunsResponse response;
      grpc::Status status = carol_->ListRuns(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& run : response.runs()) ids.push_back(run.id());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return ids;
  }

  static std::vector<std::string> Scorecards(glassbox::v1::ListScorecardsRequest request) {
    std::vector<std::string> ids;
    request.set_page_size(1);
    do {
      grpc::ClientContext context;
      glassbox::v1::ListScorecardsResponse response;
      grpc::Status status = carol_->ListScorecards(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& card : response.scorecards()) ids.push_back(card.id());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return ids;
  }

  // The run's only scorecard.
  static glassbox::v1::Scorecard ScorecardOf(const glassbox::v1::Run& run) {
    glassbox::v1::ListScorecardsRequest request;
    request.set_run_id(run.id());
    grpc::ClientContext context;
    glassbox::v1::ListScorecardsResponse response;
    EXPECT_TRUE(carol_->ListScorecards(&context, request, &response).ok());
    EXPECT_EQ(response.scorecards_size(), 1);
    return response.scorecards(0);
  }

  static CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--token", "token-of-carol"});
    return RunCli(daemon_->address(), args);
  }

  // What a human-readable listing lists: the run id of each run line, the scorecard id of each scorecard line.
  static Auditing Listed(const std::string& out) {
    Auditing listed;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream words(line);
      std::string first, second;
      words >> first >> second;
      if (first.starts_with("sc_")) listed.scorecards.push_back(first);
      if (first.starts_with("run_")) listed.runs.push_back(first);
      if (second.starts_with("run_")) listed.runs.push_back(second);  // history: TIME RUN_ID ...
    }
    return listed;
  }

  static std::string Day(const google::protobuf::Timestamp& time, int offset_days = 0) {
    return TimeUtil::ToString(time + TimeUtil::SecondsToDuration(offset_days * 24 * 3600)).substr(0, 10);
  }

  static TemporaryFolder* folder_;
  static DaemonProcess* daemon_;
  static Stub *alice_, *bob_, *carol_;
  static glassbox::v1::Run *a_, *b_, *c_, *d_;
  static glassbox::v1::Scorecard* d_rescored_;
  static bool ready_;
};

TemporaryFolder* HistoryTest::folder_ = nullptr;
DaemonProcess* HistoryTest::daemon_ = nullptr;
Stub *HistoryTest::alice_ = nullptr, *HistoryTest::bob_ = nullptr, *HistoryTest::carol_ = nullptr;
glassbox::v1::Run *HistoryTest::a_ = nullptr, *HistoryTest::b_ = nullptr, *HistoryTest::c_ = nullptr,
                  *HistoryTest::d_ = nullptr;
glassbox::v1::Scorecard* HistoryTest::d_rescored_ = nullptr;
bool HistoryTest::ready_ = false;

TEST_F(HistoryTest, RunsByCreatorModelVersionTimeAndVerdict) {
  ASSERT_TRUE(ready_) << "the suite's runs and scorecards were not all made";
  glassbox::v1::ListRunsRequest request;
  request.set_creator("alice");
  EXPECT_THAT(Runs(request), ElementsAre(c_->id(), a_->id()));
  request.set_creator("bob");
  EXPECT_THAT(Runs(request), ElementsAre(d_->id(), b_->id()));
  request.set_creator("carol");
  EXPECT_THAT(Runs(request), IsEmpty());

  EXPECT_THAT(Runs(RunsOf("adult-xgb")), ElementsAre(d_->id(), b_->id(), a_->id()));
  request = RunsOf("adult-xgb");
  request.set_model_version("1");
  EXPECT_THAT(Runs(request), ElementsAre(a_->id()));
  request.set_model_version("2");
  EXPECT_THAT(Runs(request), ElementsAre(d_->id(), b_->id()));

  request = {};
  *request.mutable_since() = b_->create_time();
  *request.mutable_until() = d_->create_time();
  EXPECT_THAT(Runs(request), ElementsAre(c_->id(), b_->id()));
  request.clear_until();
  EXPECT_THAT(Runs(request), ElementsAre(d_->id(), c_->id(), b_->id()));

  // A run's verdict is its latest scorecard's: D was re-scored with its targets met.
  request = {};
  request.set_verdict(glassbox::v1::TARGETS_MET);
  EXPECT_THAT(Runs(request), ElementsAre(d_->id(), a_->id()));
  request.set_verdict(glassbox::v1::TARGETS_NOT_MET);
  EXPECT_THAT(Runs(request), ElementsAre(b_->id()));
  request.set_verdict(glassbox::v1::NO_TARGETS);
  EXPECT_THAT(Runs(request), ElementsAre(c_->id()));

  request = RunsOf("adult-xgb");
  request.set_creator("bob");
  request.set_verdict(glassbox::v1::TARGETS_MET);
  EXPECT_THAT(Runs(request), ElementsAre(d_->id()));
}

TEST_F(HistoryTest, ScorecardsByCreatorModelVersionTimeAndVerdict) {
  ASSERT_TRUE(ready_) << "the suite's runs and scorecards were not all made";
  const std::string a = a_->scorecard_id(), b = b_->scorecard_id(), d = d_->scorecard_id(), d2 = d_rescored_->id();
  glassbox::v1::ListScorecardsRequest request;
  EXPECT_THAT(Scorecards(request), ElementsAre(d2, d, b, a));
  request.set_creator("alice");
  EXPECT_THAT(Scorecards(request), ElementsAre(d2, a));
  request.set_creator("bob");
  EXPECT_THAT(Scorecards(request), ElementsAre(d, b));

  request = {};
  request.set_model_name("adult-xgb");
  request.set_model_version("2");
  EXPECT_THAT(Scorecards(request), ElementsAre(d2, d, b));

  request = {};
  *request.mutable_since() = ScorecardOf(*b_).create_time();
  *request.mutable_until() = d_rescored_->create_time();
  EXPECT_THAT(Scorecards(request), ElementsAre(d, b));

  request = {};
  request.set_verdict(glassbox::v1::TARGETS_MET);
  EXPECT_THAT(Scorecards(request), ElementsAre(d2, a));
  request.set_verdict(glassbox::v1::TARGETS_NOT_MET);
  EXPECT_THAT(Scorecards(request), ElementsAre(b));
  request.set_verdict(glassbox::v1::NO_TARGETS);
  EXPECT_THAT(Scorecards(request), ElementsAre(d));
  request.set_run_id(a_->id());
  EXPECT_THAT(Scorecards(request), IsEmpty());
}

TEST_F(HistoryTest, BadFiltersAreRefusedNamingTheField) {
  ASSERT_TRUE(ready_) << "the suite's runs and scorecards were not all made";
  auto refused = [](auto call, const std::string& field) {
    grpc::ClientContext context;
    grpc::Status status = call(context);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_THAT(status.error_message(), HasSubstr(field));
  };
  glassbox::v1::ListRunsRequest runs;
  *runs.mutable_since() = d_->create_time();
  *runs.mutable_until() = a_->create_time();
  glassbox::v1::ListRunsResponse runs_response;
  refused([&](grpc::ClientContext& context) { return carol_->ListRuns(&context, runs, &runs_response); },
          "is after until");
  runs = {};
  runs.set_verdict(static_cast<glassbox::v1::VerdictFilter>(7));
  refused([&](grpc::ClientContext& context) { return carol_->ListRuns(&context, runs, &runs_response); },
          "verdict: 7 is not a VerdictFilter");
  runs = {};
  runs.set_model_version("2");
  refused([&](grpc::ClientContext& context) { return carol_->ListRuns(&context, runs, &runs_response); },
          "model_version '2' needs model_name");
  runs = {};
  runs.mutable_since()->set_nanos(-1);
  refused([&](grpc::ClientContext& context) { return carol_->ListRuns(&context, runs, &runs_response); },
          "since is not a valid timestamp");

  glassbox::v1::ListScorecardsRequest cards;
  *cards.mutable_since() = d_->create_time();
  *cards.mutable_until() = a_->create_time();
  glassbox::v1::ListScorecardsResponse cards_response;
  refused([&](grpc::ClientContext& context) { return carol_->ListScorecards(&context, cards, &cards_response); },
          "is after until");
  cards = {};
  cards.set_verdict(static_cast<glassbox::v1::VerdictFilter>(-1));
  refused([&](grpc::ClientContext& context) { return carol_->ListScorecards(&context, cards, &cards_response); },
          "verdict: -1 is not a VerdictFilter");
}

TEST_F(HistoryTest, TheCliFiltersHistoryRunsAndScorecards) {
  ASSERT_TRUE(ready_) << "the suite's runs and scorecards were not all made";
  CliResult history = Cli({"history", "--model", "adult-xgb", "--creator", "alice"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  Auditing listed = Listed(history.out);
  EXPECT_THAT(listed.runs, ElementsAre(a_->id()));
  EXPECT_THAT(listed.scorecards, ElementsAre(d_rescored_->id(), a_->scorecard_id()));
  EXPECT_THAT(history.out, HasSubstr("all targets met (1 of 1)"));

  history = Cli({"history", "--model", "adult-xgb@2", "--verdict", "not-met"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  listed = Listed(history.out);
  EXPECT_THAT(listed.runs, ElementsAre(b_->id()));
  EXPECT_THAT(listed.scorecards, ElementsAre(b_->scorecard_id()));

  // Days in UTC: --since takes the day from its start, --until includes the whole day.
  std::string first_day = Day(a_->create_time()), last_day = Day(d_rescored_->create_time());
  history = Cli({"history", "--model", "adult-xgb", "--since", first_day, "--until", last_day});
  listed = Listed(history.out);
  EXPECT_THAT(listed.runs, ElementsAre(d_->id(), b_->id(), a_->id()));
  EXPECT_EQ(listed.scorecards.size(), 4u);
  for (const auto& [since, until] : std::vector<std::pair<std::string, std::string>>{
           {Day(d_rescored_->create_time(), 1), last_day}, {first_day, Day(a_->create_time(), -1)}}) {
    history = Cli({"history", "--model", "adult-xgb", "--since", since, "--until", until});
    ASSERT_EQ(history.exit_code, 0) << history.err;
    EXPECT_EQ(history.out, "") << since << " to " << until;
  }
  // RFC 3339 times: [B, D).
  CliResult runs = Cli({"runs", "--since", TimeUtil::ToString(b_->create_time()), "--until",
                        TimeUtil::ToString(d_->create_time())});
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_THAT(Listed(runs.out).runs, ElementsAre(c_->id(), b_->id()));
  EXPECT_THAT(runs.out, HasSubstr("by alice"));

  runs = Cli({"runs", "--creator", "bob", "--verdict", "met", "--json"});
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  glassbox::v1::ListRunsResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(runs.out, &parsed).ok()) << runs.out;
  ASSERT_EQ(parsed.runs_size(), 1);
  EXPECT_EQ(parsed.runs(0).id(), d_->id());

  CliResult cards = Cli({"scorecards", "--verdict", "no-targets"});
  ASSERT_EQ(cards.exit_code, 0) << cards.err;
  EXPECT_THAT(Listed(cards.out).scorecards, ElementsAre(d_->scorecard_id()));
  EXPECT_THAT(cards.out, HasSubstr("no targets (0 of 0)"));
  EXPECT_THAT(cards.out, HasSubstr("by bob"));
  cards = Cli({"scorecards", "--model", "adult-xgb@1", "--creator", "alice"});
  EXPECT_THAT(Listed(cards.out).scorecards, ElementsAre(a_->scorecard_id()));
}

TEST_F(HistoryTest, TheCliExplainsABadFilterInOneLine) {
  ASSERT_TRUE(ready_) << "the suite's runs and scorecards were not all made";
  for (const auto& [args, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"history", "--model", "adult-xgb", "--since", "2024-13-45"},
            "glassbox: --since '2024-13-45' is not a date; use YYYY-MM-DD (UTC) or an RFC 3339 time"},
           {{"runs", "--until", "yesterday"}, "glassbox: --until 'yesterday' is not a date"},
           {{"scorecards", "--verdict", "maybe"}, "glassbox: --verdict maybe: use met, not-met or no-targets"},
           {{"runs", "--since", "2025-01-03", "--until", "2025-01-01"},
            "glassbox: INVALID_ARGUMENT: since (2025-01-03T00:00:00Z) is after until (2025-01-02T00:00:00Z)"},
           {{"history", "--since", "2025-01-01"}, "glassbox: history needs --model NAME[@VERSION]"}}) {
    CliResult result = Cli(args);
    EXPECT_EQ(result.exit_code, 1) << message;
    EXPECT_THAT(result.err, HasSubstr(message));
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_EQ(result.out, "");
  }
}

}  // namespace
}  // namespace glassbox::testing
